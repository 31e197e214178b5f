"""Joint complaints (共同投诉): two or more consumers, the same business, the same dispute, handled together.

Order 121 Art. 12 (Order 20 Art. 11): the complainants may elect, in writing, up to two representatives; what a
representative does binds those represented, but changing or dropping the requests or settling needs the
represented complainants' consent. The number allowed and the citation come from the rule set (data); this module
only checks a list of complainants against them.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from .errors import RequirementMissing, TooManyRepresentatives

CONTACT_KEY = "contact"  # the key of the complainant in the work order's own contact fields


@dataclass(frozen=True, slots=True)
class JointComplainant:
    """One complainant of a joint complaint, as the checks need it (names are for the messages only)."""

    key: str  # CONTACT_KEY for the main complainant, else the co-complainant's stable key (its id)
    name: str
    is_representative: bool


def check_representatives(
    complainants: Sequence[JointComplainant],
    *,
    max_representatives: int,
    citation: str,
    election_record: str,
) -> None:
    """Refuse more representatives than allowed (`TooManyRepresentatives`), representatives of a complaint
    with a single complainant, and representatives without a record of their written election."""
    representatives = [c for c in complainants if c.is_representative]
    if not representatives:
        return
    source = f"（{citation}）" if citation else ""
    if len(representatives) > max_representatives:
        names = "、".join(c.name for c in representatives)
        raise TooManyRepresentatives(
            f"共同投诉最多推选{max_representatives}名代表人{source}，现选了{len(representatives)}名：{names}。",
            fields={"representatives": [f"代表人不能超过{max_representatives}名。"]},
        )
    if len(complainants) < 2:  # "two or more" is what makes a complaint joint
        raise RequirementMissing(
            f"只有两名以上投诉人的共同投诉才推选代表人{source}。",
            fields={"representatives": ["单独投诉不设代表人。"]},
        )
    if not election_record.strip():
        raise RequirementMissing(
            f"推选代表人须由投诉人书面推选{source}：请记录推选书（或其证据材料）。",
            fields={"representative_election": ["请填写书面推选的记录。"]},
        )


def represented(complainants: Sequence[JointComplainant]) -> tuple[JointComplainant, ...]:
    """The complainants a representative acts for: everyone who is not a representative (with no representative
    elected, every complainant acts for themselves and each must agree)."""
    return tuple(c for c in complainants if not c.is_representative)


def consent_missing(
    complainants: Sequence[JointComplainant], consented_keys: Collection[str]
) -> tuple[JointComplainant, ...]:
    """The represented complainants not (yet) recorded as consenting."""
    given = set(consented_keys)
    return tuple(c for c in represented(complainants) if c.key not in given)
