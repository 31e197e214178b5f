"""The `lianxin` command: `start` and `test`, and every Django management command as an ops command.

lianxin start [--host 127.0.0.1] [--port 8000] [--demo]
lianxin test [pytest arguments…]
lianxin workdays 2024-02-08 7 [--json]
lianxin deadlines complaint --received 2026-05-06 [--accepted …] [--json]
lianxin calendar add-year 2027 --file holidays-2027.csv
"""

from __future__ import annotations

import argparse
import os
import secrets
import subprocess
import sys
from pathlib import Path

REPOSITORY_DIR = Path(__file__).resolve().parents[2]


def _setup_django(settings_module: str = "lianxin.config.settings.production") -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    import django

    django.setup()


def _lianxin_home() -> Path:
    home = Path(os.environ.get("LIANXIN_HOME", REPOSITORY_DIR / "var")).resolve()
    home.mkdir(parents=True, exist_ok=True)
    return home


def _ensure_secret_key(home: Path) -> None:
    key_file = home / "secret_key"
    if not os.environ.get("SECRET_KEY") and not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)


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
    return subprocess.Popen([sys.executable, "-m", "lianxin.cli", "qcluster"], cwd=REPOSITORY_DIR)


def _stop_job_worker(process: subprocess.Popen) -> None:
    """django-q2 finishes the job in hand on SIGTERM; one not acknowledged is delivered again after `retry`."""
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


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return 0
    command, rest = argv[0], argv[1:]
    if command == "start":
        return start(rest)
    if command == "test":
        return test(rest)
    _lianxin_home()
    _setup_django()
    if command not in _RAW_COMMANDS:
        _prepare_database()
    return _run_management_command(command, rest)


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
