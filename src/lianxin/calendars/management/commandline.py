"""What the ops commands (`workdays`, `deadlines`, `calendar`) share: parsing arguments with Chinese messages and
refusing in one way — a stable exit status, and with --json a machine-readable error on stdout.

Exit status: 0 done; 2 refused (bad input, a year beyond even the provisional calendar, a file that fails
validation…); 3 a date was printed but it is provisional (暂定: counted through a year whose arrangement is not
loaded) and --provisional was not given — a provisional date is never passed off as final. The JSON error has
the same shape as the API's envelope: {"code": "...", "message": "..."} plus the year for an unloaded year.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandError

from lianxin.domain.errors import CalendarYearNotLoaded, DomainError

REFUSED_EXIT_STATUS = 2
PROVISIONAL_EXIT_STATUS = 3
PROVISIONAL_MARK = "（暂定）"


def provisional_explanation(years: list[int]) -> str:
    named = "、".join(str(y) for y in years)
    return (
        f"暂定：{named} 年的放假安排尚未加载，按《全国年节及纪念日放假办法》规定的法定节日和周末计算，"
        "未计调休上班日；加载该年日历后以正式日期为准。"
    )


def refuse_provisional(command: BaseCommand, years: list[int]) -> NoReturn:
    """Exit 3: the output above holds a provisional date and the caller did not accept provisional dates."""
    raise CommandError(
        provisional_explanation(years) + "如接受暂定日期，请加 --provisional。",
        returncode=PROVISIONAL_EXIT_STATUS,
    )


class CommandInputInvalid(DomainError):
    code = "invalid_input"


def parse_date(value: str, *, label: str) -> date:
    """An ISO date (YYYY-MM-DD), or CommandInputInvalid naming the argument."""
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise CommandInputInvalid(
            f"{label}「{value}」不是有效日期，应为 YYYY-MM-DD，例如 2024-02-08。"
        ) from None


def parse_int(value: str, *, label: str) -> int:
    """A whole number (negative allowed), or CommandInputInvalid naming the argument."""
    try:
        return int(value.strip())
    except ValueError:
        raise CommandInputInvalid(f"{label}「{value}」不是整数。") from None


def dumps(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False)


def error_payload(error: DomainError) -> dict[str, Any]:
    payload: dict[str, Any] = {"code": error.code, "message": error.message}
    if isinstance(error, CalendarYearNotLoaded):
        payload["year"] = error.year
    return payload


def refuse(command: BaseCommand, error: DomainError, *, as_json: bool) -> NoReturn:
    """Print the JSON error when asked, then raise CommandError with exit status 2 (Django prints the message
    on stderr when run from the command line; `call_command` callers get the exception)."""
    if as_json:
        command.stdout.write(dumps(error_payload(error)))
    raise CommandError(error.message, returncode=REFUSED_EXIT_STATUS) from error
