"""The `lianxin` command: `start` and `test`, and every Django management command as an ops command.

lianxin start [--host 127.0.0.1] [--port 8000] [--demo]
lianxin test [pytest arguments…]
lianxin mutation [MODULE…] [--json]   (mutation testing of src/lianxin/domain; docs/mutation.md)
lianxin workdays 2024-02-08 7 [--json]
lianxin deadlines complaint --received 2026-05-06 [--accepted …] [--json]
lianxin calendar add-year 2027 --file holidays-2027.csv
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import subprocess

REPOSITORY_DIR = Path(__file__).resolve().parents[2]


def _setup_django(settings_module: str = "lianxin.config.settings.production") -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    import django

    django.setup()


def _lianxin_home() -> Path:
    """The data directory, private to the service account (0700): it holds the database, the secret key and
    logs. Files created from here on are private too (umask 077: the SQLite file and its -wal/-shm are 0600)."""
    os.umask(0o077)
    home = Path(os.environ.get("LIANXIN_HOME", REPOSITORY_DIR / "var")).resolve()
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    home.chmod(0o700)
    _ensure_private_database(home)
    return home


def _ensure_private_database(home: Path) -> None:
    """The embedded SQLite file, created 0600 before SQLite creates it with the process umask (or tightened)."""
    if os.environ.get("DATABASE_URL"):
        return
    database = home / "lianxin.sqlite3"
    os.close(os.open(database, os.O_CREAT | os.O_RDWR, 0o600))
    for path in (database, home / "lianxin.sqlite3-wal", home / "lianxin.sqlite3-shm"):
        if path.exists():
            path.chmod(0o600)


def _ensure_secret_key(home: Path) -> None:
    """A random key in LIANXIN_HOME/secret_key (0600) unless SECRET_KEY is set: the settings refuse to start
    without one, and there is no constant fallback."""
    import secrets

    key_file = home / "secret_key"
    if not os.environ.get("SECRET_KEY") and not key_file.exists():
        descriptor = os.open(key_file, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(50))


def _ensure_document_font() -> None:
    """Official documents embed Debian's Noto CJK font: install it when missing and we may (a new machine starts
    bare); otherwise say what to do. The common-character cut is then prepared once (lianxin.documents)."""
    import shutil
    import subprocess

    from lianxin.documents.rendering import FONT_CANDIDATES

    if (
        not any(Path(path).is_file() for path in FONT_CANDIDATES)
        and shutil.which("apt-get")
        and os.geteuid() == 0
    ):
        print("lianxin: 正在安装文书所需的中文字体 fonts-noto-cjk …", file=sys.stderr)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "fonts-noto-cjk"], check=False, env=env)
    from lianxin.documents.errors import FontMissing
    from lianxin.documents.rendering import common_font

    try:
        common_font()
    except FontMissing as error:
        print(f"lianxin: 警告：{error.message}", file=sys.stderr)


def start(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="lianxin start", description="准备数据库并启动连心服务")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("LIANXIN_WORKERS", "2")))
    parser.add_argument("--demo", action="store_true", help="加载演示单位、各角色演示用户和数百条工单")
    parser.add_argument("--no-serve", action="store_true", help="只准备数据，不启动服务")
    parser.add_argument(
        "--no-jobs", action="store_true", help="不在本进程旁启动后台任务进程（另行运行 lianxin qcluster）"
    )
    args = parser.parse_args(argv)

    home = _lianxin_home()
    _ensure_secret_key(home)
    _setup_django()
    from django.core.management import call_command

    _ensure_document_font()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)  # the shared cache when REDIS_URL is not set
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_reference_data")
    call_command("load_directory")
    call_command("load_workforce_defaults")
    call_command("load_knowledge")
    call_command("ensure_administrator")
    call_command("ensure_schedules")
    if args.demo:
        call_command("load_demo")
        call_command("load_workforce_demo")
        call_command("load_portal_demo")  # before the rollups: its ratings and callbacks are in the statistics
        call_command("analytics", "rebuild")
        call_command("analytics", "hotspots", "--days", "30")
    from lianxin.knowledge.store import snapshot_warm

    snapshot_warm()  # after every reference write above: the workers map these files instead of building
    if args.no_serve:
        return 0

    import uvicorn
    from django.conf import settings

    # The job worker (django-q2, ADR 0013) runs beside the web server and stops with it, so that the
    # embedded default stays one command. In production it may run on its own: `lianxin qcluster`.
    job_worker = _start_job_worker() if not args.no_jobs else None
    print(f"连心 Lianxin: http://{args.host}:{args.port}/  (数据目录 {home})", flush=True)
    try:
        uvicorn.run(
            "lianxin.config.asgi:application",
            host=args.host,
            port=args.port,
            workers=args.workers,
            lifespan="off",
            # X-Forwarded-For only from the configured proxies (LIANXIN_TRUSTED_PROXIES); none: never believed.
            proxy_headers=bool(settings.LIANXIN_TRUSTED_PROXIES),
            forwarded_allow_ips=",".join(settings.LIANXIN_TRUSTED_PROXIES) or None,
            log_level="info",
        )
    finally:
        if job_worker is not None:
            _stop_job_worker(job_worker)
    return 0


def _start_job_worker() -> subprocess.Popen:
    import subprocess

    return subprocess.Popen([sys.executable, "-m", "lianxin.cli", "qcluster"], cwd=REPOSITORY_DIR)


def _stop_job_worker(process: subprocess.Popen) -> None:
    """django-q2 finishes the job in hand on SIGTERM; one not acknowledged is delivered again after `retry`."""
    import subprocess

    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def test(argv: list[str]) -> int:
    import pytest

    os.environ["DJANGO_SETTINGS_MODULE"] = "lianxin.config.settings.test"
    os.chdir(REPOSITORY_DIR)
    return int(pytest.main(["-q", *argv]))


# The ops commands by area, each with a one-line summary (a test checks that every management command of the project
# is listed here; one added without a line would still show, under 其他, and fail that test).
COMMAND_GROUPS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "运行",
        (
            (
                "start",
                "准备数据库与基础数据并启动服务 [--host] [--port] [--workers] [--demo] [--no-serve] [--no-jobs]",
            ),
            ("test", "运行全部测试（pytest 参数照传）"),
            ("mutation", "领域核心的变异测试：mutation [模块…] [--json]"),
            ("qcluster", "后台任务进程（start 已在旁启动；生产环境可单独运行）"),
        ),
    ),
    (
        "期限与日历",
        (
            ("workdays", "某日之后第 N 个工作日：workdays 2024-02-08 7 [--json]"),
            ("deadlines", "各项法定期限：deadlines complaint --received 2026-05-06 [--accepted …] [--json]"),
            ("calendar", "节假日安排：calendar list | add-year 2027 --file 2027.csv"),
            ("recompute_deadlines", "加载年度安排或更正规则后重算期限"),
        ),
    ),
    (
        "管辖与号码",
        (
            ("route", "按地址判定承办单位"),
            ("phone", "来电号码归属地"),
            ("load_directory", "加载行政区划与监管单位目录"),
        ),
    ),
    (
        "来电与坐席（CTI）",
        (
            (
                "cti",
                "总机接入令牌与来电模拟：cti token create 名称 [--json] | token revoke 名称 | token list"
                " | simulate --calls N --agents M …",
            ),
        ),
    ),
    (
        "法律知识库",
        (
            (
                "kb",
                "法规知识库：kb search [问题] [--json] | import-regulation --file F --title 名称 … | check-citations",
            ),
            ("load_knowledge", "导入法律条文与知识库种子数据"),
        ),
    ),
    (
        "排班与人员测算",
        (
            ("staffing", "Erlang C / Erlang A 人员测算"),
            ("forecast", "来电量预测"),
            ("roster", "排班：roster plan | simulate | export"),
            ("load_workforce_defaults", "加载默认班次与劳动规则"),
        ),
    ),
    (
        "统计、报告与公示",
        (
            ("analytics", "统计汇总：analytics refresh | rebuild | hotspots [--day YYYY-MM-DD] [--json]"),
            (
                "report",
                "月度统计报告（Excel、PDF，存档）：report monthly --month YYYY-MM [--xlsx F] [--pdf F]",
            ),
            ("disclosure", "投诉信息公示：disclosure scrub [文本] [--keep 名称…] | publish [--json]"),
        ),
    ),
    (
        "法律文书",
        (
            (
                "documents",
                "导出某一工单的全部文书（PDF 与 DOCX，附校验值）：documents export --work-order 编号 --dir 目录",
            ),
        ),
    ),
    (
        "安全与审计",
        (
            ("audit", "校验工单办理记录链：audit verify [--json]（被破坏时退出码 1）"),
            ("keys", "字段加密密钥：keys status | rotate [--index] [--retire] [--json]"),
            ("otp_reset", "重置用户的两步验证（手机丢失或更换）：otp_reset 用户名"),
        ),
    ),
    (
        "备份与恢复",
        (
            ("backup", "在线备份整个数据库：backup [--output 文件]（加密密钥须另行保管）"),
            ("restore", "用备份文件替换数据库（先停止服务）：restore 文件 --yes [--database 库名]"),
        ),
    ),
    (
        "数据与维护",
        (
            ("load_reference_data", "加载规则集、法定情形、分类与节假日"),
            ("load_demo", "加载演示单位、各角色演示用户、工单与来电"),
            ("load_workforce_demo", "加载排班演示数据：54 名坐席、六周历史来电量、本期已发布的排班"),
            ("load_portal_demo", "加载网上投诉、在线纠纷解决、回访与公示的演示数据（在 load_demo 之后）"),
            ("ensure_administrator", "创建管理员 admin（首次）"),
            ("ensure_schedules", "登记定时任务"),
            ("bench", "吞吐量基准测试"),
        ),
    ),
)


def _project_commands() -> list[str]:
    package = Path(__file__).resolve().parent
    return sorted(
        path.stem for path in package.glob("*/management/commands/*.py") if not path.stem.startswith("_")
    )


def help_text() -> str:
    """Every command, grouped (no Django start-up needed)."""
    lines = ["连心 Lianxin 命令：./lianxin <命令> [参数]；每个命令的参数见 ./lianxin <命令> --help", ""]
    listed: set[str] = set()
    for group, commands in COMMAND_GROUPS:
        lines.append(f"{group}：")
        for name, summary in commands:
            lines.append(f"  {name:<24} {summary}")
            listed.add(name)
        lines.append("")
    others = [name for name in _project_commands() if name not in listed]
    if others:
        lines.append("其他：")
        lines.extend(f"  {name}" for name in others)
        lines.append("")
    lines.append("Django 自带的管理命令（migrate、createsuperuser、shell 等）同样可用：./lianxin migrate …")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(help_text())
        return 0
    command, rest = argv[0], argv[1:]
    if command == "start":
        return start(rest)
    if command == "test":
        return test(rest)
    if command == "mutation":
        from lianxin.mutation import main as mutation

        return mutation(rest)
    if command == "kb" and rest[:1] == ["search"] and "django" not in sys.modules:
        # A look-up answered from the search snapshot without starting Django (ADR 0012, issue 13 §3); it hands
        # over to the Django command whenever it cannot answer from files of the current data version.
        from lianxin.knowledge.quick import search_command

        return search_command(rest[1:], home=_lianxin_home(), fallback=_kb_search_with_django)
    return _run_with_django(command, rest)


def _run_with_django(command: str, rest: list[str]) -> int:
    _ensure_secret_key(_lianxin_home())
    _setup_django()
    if command not in _RAW_COMMANDS:
        _prepare_database()
    return _run_management_command(command, rest)


def _kb_search_with_django(argv: list[str], questions: list[str] | None) -> int:
    """`kb search` through the management command; `questions` (when given) replace standard input."""
    if questions is not None:
        import io

        sys.stdin = io.StringIO("".join(f"{question}\n" for question in questions))
    return _run_with_django("kb", ["search", *argv])


# Commands that manage the schema themselves and must not trigger the automatic preparation.
_RAW_COMMANDS = frozenset(
    {
        "migrate",
        "makemigrations",
        "showmigrations",
        "sqlmigrate",
        "check",
        "shell",
        "dbshell",
        "help",
        "version",
        "restore",
    }
)


def _prepare_database() -> None:
    """On a fresh machine an ops command works at once: apply missing migrations and load the reference data
    (both idempotent; a no-op costs one migration-plan query)."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        print("lianxin: 正在初始化数据库与基础数据 …", file=sys.stderr)
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        call_command("load_reference_data", stdout=sys.stderr)


def _run_management_command(name: str, args: list[str]) -> int:
    """Run a Django management command as `lianxin NAME …`; a refusal prints 错误：… and returns its exit status."""
    from django.core.management import CommandError, get_commands, load_command_class

    commands = get_commands()
    if name not in commands:
        print(
            f"错误：未知命令「{name}」。可用命令见 ./lianxin help 或 ./lianxin manage_help。", file=sys.stderr
        )
        return 2
    command = load_command_class(commands[name], name)
    command._called_from_command_line = True  # argparse errors exit with usage, as on a terminal
    parser = command.create_parser("lianxin", name)
    options = vars(parser.parse_args(args))
    positional = options.pop("args", ())
    try:
        command.execute(*positional, **options)
    except CommandError as error:
        print(f"错误：{error}", file=sys.stderr)
        return error.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
