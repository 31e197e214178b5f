"""The one internal event other apps subscribe to when a work order takes a step (documents, notices).

Sent inside the transaction of the step, after its event is written: a receiver's writes commit or roll back
with the step itself. Receivers must not call interfaces (apps never import interfaces).
"""

from __future__ import annotations

from django.dispatch import Signal

# kwargs: work_order (the row as written), event (the WorkOrderEvent), actor (the User), data (TransitionInput)
work_order_stepped = Signal()
