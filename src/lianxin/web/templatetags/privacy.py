"""Template filters for personal data in free text (issue 14 item 5).

``{% load privacy %}{{ event.note|mask_identifiers_if:masked }}`` — the screen decides `masked` once per work order
(`not workorders.permissions.can_see_personal_data(user, work_order)`); the filter masks phone, ID and bank card
numbers typed into the text (`lianxin.domain.personal_data`), leaving the stored original unchanged.
"""

from __future__ import annotations

from django import template

from lianxin.domain.personal_data import mask_identifiers

register = template.Library()


@register.filter
def mask_identifiers_if(text: str | None, masked: bool) -> str:
    value = text or ""
    return mask_identifiers(value) if masked else value
