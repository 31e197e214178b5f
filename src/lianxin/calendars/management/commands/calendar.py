"""`lianxin calendar list|load-package|add-year`: which years the working calendar knows, and loading more.

The calendar refuses any date in a year not loaded (never a guess), so each November, once the State Council
publishes next year's arrangement, an administrator loads it: from a newer `chinesecalendar` release with
`load-package`, or before that release from a CSV file written from the notice with `add-year`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from lianxin.calendars.arrangements import arrangement_from_csv, package_version, package_years
from lianxin.calendars.management.commandline import (
    CommandInputInvalid,
    dumps,
    parse_int,
    refuse,
)
from lianxin.calendars.selectors import calendar_years_summary
from lianxin.calendars.services import calendar_load_package_years, calendar_year_import
from lianxin.domain.errors import DomainError

_FIRST_YEAR, _LAST_YEAR = 2000, 2100


class Command(BaseCommand):
    help = "工作日历：查看已加载年份（list）、从 chinesecalendar 加载（load-package）、从 CSV 文件加载某一年（add-year）"

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{list,load-package,add-year}")
        listing = actions.add_parser("list", help="已加载年份及节假日、调休上班日数量和来源")
        listing.add_argument("--json", action="store_true", help="输出 JSON")
        package = actions.add_parser("load-package", help="从 chinesecalendar 包加载年份（默认全部）")
        package.add_argument("years", nargs="*", metavar="YEAR", help="年份；不写则加载包中所有年份")
        package.add_argument("--replace", action="store_true", help="覆盖已加载的年份（丢弃后台修改）")
        package.add_argument("--json", action="store_true", help="输出 JSON")
        add_year = actions.add_parser("add-year", help="从 CSV 文件（date,kind,name）加载包中没有的年份")
        add_year.add_argument("year", metavar="YEAR")
        add_year.add_argument("--file", metavar="PATH", help="UTF-8 CSV：date,kind,name（必填）")
        add_year.add_argument("--source", default="", help="来源，例如国务院办公厅通知文号")
        add_year.add_argument("--replace", action="store_true", help="覆盖已加载的该年份")
        add_year.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        handler = {
            "list": self._list,
            "load-package": self._load_package,
            "add-year": self._add_year,
        }[options["action"]]
        try:
            handler(options)
        except DomainError as error:
            refuse(self, error, as_json=bool(options.get("json")))

    def _list(self, options: dict[str, Any]) -> None:
        years = calendar_years_summary()
        if options["json"]:
            self.stdout.write(
                dumps(
                    {
                        "years": [
                            {
                                "year": y.year,
                                "holidays": y.holidays,
                                "makeup_workdays": y.makeup_workdays,
                                "source": y.source,
                                "loaded_at": timezone.localtime(y.loaded_at).isoformat(timespec="seconds"),
                            }
                            for y in years
                        ]
                    }
                )
            )
            return
        if not years:
            self.stdout.write("尚未加载任何年份。运行 ./lianxin calendar load-package 加载。")
            return
        self.stdout.write("年份  节假日  调休上班日  来源")
        for y in years:
            self.stdout.write(f"{y.year}  {y.holidays:>6}  {y.makeup_workdays:>10}  {y.source}")

    def _load_package(self, options: dict[str, Any]) -> None:
        requested = [_parse_year(value) for value in options["years"]] or package_years()
        written = calendar_load_package_years(requested, replace=options["replace"])
        skipped = [y for y in requested if y not in written]
        if options["json"]:
            self.stdout.write(
                dumps(
                    {"source": f"chinesecalendar {package_version()}", "loaded": written, "skipped": skipped}
                )
            )
            return
        self.stdout.write(f"已加载：{_years_text(written)}")
        if skipped:
            self.stdout.write(f"已存在、未改动：{_years_text(skipped)}（如需覆盖请加 --replace）")

    def _add_year(self, options: dict[str, Any]) -> None:
        year = _parse_year(options["year"])
        if not options["file"]:
            raise CommandInputInvalid(
                f"请用 --file 指定 {year} 年节假日安排的 CSV 文件（UTF-8，表头 date,kind,name；"
                "kind 为 holiday 或 makeup_workday），内容按国务院办公厅当年的节假日安排通知填写。"
            )
        path = Path(options["file"])
        source = options["source"].strip() or f"文件 {path.name}"
        arrangement = arrangement_from_csv(year=year, text=_read_text(path), source=source)
        calendar_year_import(arrangement, replace=options["replace"])
        if options["json"]:
            self.stdout.write(
                dumps(
                    {
                        "year": year,
                        "holidays": len(arrangement.holidays),
                        "makeup_workdays": len(arrangement.makeup_workdays),
                        "source": source,
                    }
                )
            )
            return
        self.stdout.write(
            f"已加载 {year} 年：节假日 {len(arrangement.holidays)} 天，"
            f"调休上班日 {len(arrangement.makeup_workdays)} 天（来源：{source}）。"
        )


def _parse_year(value: str) -> int:
    year = parse_int(value, label="年份")
    if not _FIRST_YEAR <= year <= _LAST_YEAR:
        raise CommandInputInvalid(f"年份 {year} 超出范围（{_FIRST_YEAR}–{_LAST_YEAR}）。")
    return year


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CommandInputInvalid(f"找不到文件 {path}。") from None
    except UnicodeDecodeError:
        raise CommandInputInvalid(f"文件 {path} 不是 UTF-8 编码，请另存为 UTF-8 后重试。") from None
    except OSError as error:
        raise CommandInputInvalid(f"无法读取文件 {path}：{error.strerror}。") from None


def _years_text(years: list[int]) -> str:
    return "、".join(map(str, years)) or "无"
