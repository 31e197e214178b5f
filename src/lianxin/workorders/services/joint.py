"""Joint complaints (共同投诉, Order 121 Art. 12) as the services read them: every complainant of one work order."""

from __future__ import annotations

from lianxin.domain.joint_complaints import CONTACT_KEY, JointComplainant
from lianxin.workorders.models import WorkOrder


def joint_complainants_of(work_order: WorkOrder) -> list[JointComplainant]:
    """The complainants a complaint has now: the main one first, then the co-complainants in their order (keys:
    "contact", then row ids); those who left the complaint (`co_complainant_remove`) are not among them."""
    people = [JointComplainant(CONTACT_KEY, work_order.contact_name, work_order.contact_is_representative)]
    for person in work_order.co_complainants.current():
        people.append(JointComplainant(str(person.pk), person.name, person.is_representative))
    return people
