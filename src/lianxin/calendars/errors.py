"""Errors the calendar services raise beyond the domain's own."""

from __future__ import annotations

from lianxin.domain.errors import DomainError


class CalendarFileInvalid(DomainError):
    """A holiday file an administrator gave (`calendar add-year --file`) does not pass validation.

    `problems` lists every problem found, each with its line number, so the file can be fixed in one go.
    """

    code = "calendar_file_invalid"

    def __init__(self, problems: list[str]) -> None:
        super().__init__("节假日文件有误，未导入任何数据：\n" + "\n".join(f"  - {p}" for p in problems))
        self.problems = problems


class CalendarYearAlreadyLoaded(DomainError):
    """The year is loaded and the caller did not ask to replace it (an administrator's edits are kept)."""

    code = "calendar_year_already_loaded"

    def __init__(self, year: int, source: str) -> None:
        super().__init__(
            f"{year} 年日历已经加载（来源：{source}）；如需用新数据覆盖（会丢失管理员在后台的修改），请加 --replace。"
        )
        self.year = year


class CalendarYearMissingFromPackage(DomainError):
    """The `chinesecalendar` package has no arrangement for the year (it is published each November)."""

    code = "calendar_year_not_in_package"

    def __init__(self, year: int, package_version: str) -> None:
        super().__init__(
            f"chinesecalendar {package_version} 没有 {year} 年的节假日安排；"
            f"请按国务院办公厅通知用文件导入（./lianxin calendar add-year {year} --file 文件.csv）。"
        )
        self.year = year
