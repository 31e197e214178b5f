"""Errors raised by the domain core. Each carries a stable code and a Chinese message."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every rule the domain refuses. `code` is stable for programs, `message` is for people."""

    code = "domain_error"

    def __init__(self, message: str, *, fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}

    @property
    def handler_message(self) -> str:
        """What a staff screen shows (handlers, agents): `message`, unless it carries an instruction meant for
        administrators (a command to run), which goes to them through the admin and its alerts instead."""
        return self.message


class CalendarYearNotLoaded(DomainError):
    """A date falls in a year whose holidays and make-up workdays are not loaded; never guess."""

    code = "calendar_year_not_loaded"

    def __init__(self, year: int) -> None:
        super().__init__(
            f"{year} 年的节假日与调休安排尚未加载，无法计算工作日；"
            f"请管理员按国务院办公厅通知加载 {year} 年日历（./lianxin calendar add-year {year} --file 文件.csv）。"
        )
        self.year = year

    @property
    def handler_message(self) -> str:
        """What a handler is shown: the fact, without the administrator's instruction (that goes to the admin)."""
        return f"{self.year} 年的节假日安排尚未加载，期限暂无法计算，已提示系统管理员。"


class IllegalTransition(DomainError):
    """The action is not allowed for this kind of work order in its current state."""

    code = "illegal_transition"


class RequirementMissing(DomainError):
    """The transition is legal but something it requires (a ground, a note, an amount…) is missing."""

    code = "requirement_missing"


class NoRuleSetInForce(DomainError):
    code = "no_rule_set_in_force"


class TooManyRepresentatives(DomainError):
    """A joint complaint names more representatives than the rule set allows (Order 121 Art. 12: two)."""

    code = "too_many_representatives"


class AllClaimsDropped(DomainError):
    """Dropping every request of a complaint is withdrawing it (撤回投诉): ended on the withdrawal ground of
    termination (Order 121 Art. 23(1)(1)), not by a change of requests."""

    code = "all_claims_dropped"
