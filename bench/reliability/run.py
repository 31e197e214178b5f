"""The reliability suite (issue 14 item 10): concurrency and faults against a real server, on loopback only.

    .venv/bin/python bench/reliability/run.py [--registrations 1200] [--concurrency 20] [--workers 2]
                                              [--port 8124] [--pg-port 5499] [--json out.json]

It builds its own throwaway PostgreSQL cluster (initdb into /tmp, pg_ctl on --pg-port — never the shared server),
migrates it, loads the reference data and the demo users, serves Lianxin with uvicorn (--workers processes) and
then runs four scenarios, each bounded:

1. ``transitions``: 50 concurrent transitions (dispatch, same version) on one work order — exactly one may win;
2. ``baseline``: N registrations at concurrency C, no fault;
3. ``worker_kill``: the same while one uvicorn worker is killed (SIGKILL) when 40 % of the requests are done;
4. ``pg_restart``: the same while the PostgreSQL cluster is restarted (``pg_ctl restart -m fast``) at 40 %.

Every registration carries an ``Idempotency-Key`` and a unique ``summary``; a client retries a failed attempt
(connection error, 5xx) with the same key, up to 40 s. Reported per scenario: acknowledged writes (201 received),
rows present, acknowledged writes lost, duplicates (a summary stored twice), failed attempts inside and outside
the outage window (fault start → fault end + 5 s). Targets: lost 0, duplicates 0, errors outside the window 0.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
PYTHON = ROOT / ".venv" / "bin" / "python"
PG_BIN = Path("/usr/lib/postgresql/15/bin")
HOST = "127.0.0.1"
PASSWORD = "Reliability-Run-2026!"  # noqa: S105 - the throwaway cluster's demo users
RETRY_FOR_SECONDS = 40.0
GRACE_SECONDS = 5.0


# --- the throwaway cluster and the server -----------------------------------------------------------------


class Cluster:
    def __init__(self, directory: Path, port: int) -> None:
        self.directory, self.port = directory, port
        self.data = directory / "data"

    def _ctl(self, *args: str) -> None:
        subprocess.run(
            [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.directory / "log"), "-w", *args],
            check=True,
            capture_output=True,
            **_as_postgres(),
        )

    def start(self) -> None:
        if self.directory.exists():
            shutil.rmtree(self.directory)
        self.directory.mkdir(parents=True)
        _chown(self.directory)
        subprocess.run(
            [str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8"],
            check=True,
            capture_output=True,
            **_as_postgres(),
        )
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"port = {self.port}\nlisten_addresses = '{HOST}'\nunix_socket_directories = '{self.directory}'\n"
                "max_connections = 50\nfsync = on\nshared_buffers = 64MB\n"
            )
        self._ctl("start")
        with psycopg.connect(
            host=HOST, port=self.port, user="postgres", dbname="postgres", autocommit=True
        ) as c:
            c.execute("CREATE DATABASE lianxin_reliability")

    def restart(self) -> None:
        self._ctl("restart", "-m", "fast")

    def stop(self) -> None:
        try:
            self._ctl("stop", "-m", "fast")
        finally:
            shutil.rmtree(self.directory, ignore_errors=True)

    @property
    def url(self) -> str:
        return f"postgres://postgres@{HOST}:{self.port}/lianxin_reliability"


def _as_postgres() -> dict:
    """initdb refuses to run as root: run the PostgreSQL binaries as the postgres account when we are root."""
    if os.geteuid() != 0:
        return {}
    import pwd

    entry = pwd.getpwnam("postgres")

    def demote() -> None:
        os.setgid(entry.pw_gid)
        os.setuid(entry.pw_uid)

    return {"preexec_fn": demote}


def _chown(path: Path) -> None:
    if os.geteuid() == 0:
        shutil.chown(path, "postgres", "postgres")


class Server:
    def __init__(self, env: dict[str, str], port: int, workers: int) -> None:
        self.env, self.port, self.workers = env, port, workers
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.log = open(self.env["LIANXIN_HOME"] + "/uvicorn.log", "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                str(PYTHON),
                "-m",
                "uvicorn",
                "lianxin.config.asgi:application",
                "--host",
                HOST,
                "--port",
                str(self.port),
                "--workers",
                str(self.workers),
                "--lifespan",
                "off",
                "--log-level",
                "warning",
            ],
            env=self.env,
            stdout=self.log,
            stderr=self.log,
        )
        wait_until(lambda: request("GET", self.port, "/api/v1/schema/", timeout=2)[0] == 200, 60)

    def worker_pids(self) -> list[int]:
        assert self.process is not None
        out = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.process.pid)], capture_output=True, text=True
        )
        pids = [int(p) for p in out.stdout.split()]
        # Workers are spawned by multiprocessing (spawn_main); the resource tracker is not a worker.
        return [p for p in pids if b"spawn_main" in Path(f"/proc/{p}/cmdline").read_bytes()]

    def stop(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


def wait_until(predicate, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise TimeoutError("the server did not come up")


# --- HTTP -------------------------------------------------------------------------------------------------


def request(
    method: str,
    port: int,
    path: str,
    body: dict | None = None,
    headers: dict | None = None,
    timeout: float = 30,
) -> tuple[int, dict | None]:
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        payload = json.dumps(body).encode() if body is not None else None
        all_headers = {"Content-Type": "application/json", **(headers or {})}
        connection.request(method, path, body=payload, headers=all_headers)
        response = connection.getresponse()
        raw = response.read()
        try:
            return response.status, json.loads(raw) if raw else None
        except ValueError:
            return response.status, None
    finally:
        connection.close()


def token(port: int, username: str) -> str:
    status, body = request("POST", port, "/api/v1/auth/token/", {"username": username, "password": PASSWORD})
    if status != 200 or not body:
        raise RuntimeError(f"token: {status} {body}")
    return body["token"]


# --- scenarios --------------------------------------------------------------------------------------------


@dataclass
class Attempt:
    at: float
    outcome: str  # "ok", "http <status>", or the exception name


@dataclass
class Result:
    scenario: str
    requests: int
    concurrency: int
    acknowledged: int = 0
    rows_present: int = 0
    lost: int = 0
    duplicates: int = 0
    gave_up: int = 0
    errors_in_window: int = 0
    errors_outside_window: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)
    fault_window: tuple[float, float] | None = None
    seconds: float = 0.0
    notes: str = ""


def complaint(summary: str) -> dict:
    return {
        "kind": "complaint",
        "channel": "hotline",
        "contact_name": "可靠性测试",
        "contact_phone": "13800138000",
        "respondent_name": "西安某某电器有限公司",
        "respondent_address": "西安市雁塔区长安南路88号",
        "summary": summary,
        "facts": "可靠性测试登记：购买的冰箱不制冷。",
        "claims": "退货退款",
    }


def register_with_retries(
    port: int, auth: str, summary: str, attempts: list[Attempt], lock: threading.Lock
) -> bool:
    key = str(uuid.uuid4())
    headers = {"Authorization": f"Token {auth}", "Idempotency-Key": key}
    deadline = time.monotonic() + RETRY_FOR_SECONDS
    delay = 0.1
    while time.monotonic() < deadline:
        try:
            status, _ = request("POST", port, "/api/v1/work-orders/", complaint(summary), headers, timeout=15)
            outcome = "ok" if status == 201 else f"http {status}"
        except (OSError, http.client.HTTPException) as error:
            outcome = type(error).__name__
        with lock:
            attempts.append(Attempt(time.time(), outcome))  # when the failure was seen
        if outcome == "ok":
            return True
        if outcome.startswith("http 4"):
            return False  # a refusal is final (and would be a bug here)
        time.sleep(delay)
        delay = min(delay * 2, 2.0)
    return False


def run_registrations(
    name: str, port: int, auth: str, total: int, concurrency: int, db_url: str, fault=None
) -> Result:
    run = uuid.uuid4().hex[:8]
    attempts: list[Attempt] = []
    lock = threading.Lock()
    acknowledged: list[str] = []
    done = 0
    window: list[float] = []
    fault_started = threading.Event()

    def one(index: int) -> None:
        nonlocal done
        summary = f"rel-{run}-{index}"
        if register_with_retries(port, auth, summary, attempts, lock):
            with lock:
                acknowledged.append(summary)
        with lock:
            done += 1
            trigger = fault is not None and not fault_started.is_set() and done >= total * 0.4
            if trigger:
                fault_started.set()
        if trigger:
            threading.Thread(target=inject, daemon=True).start()

    def inject() -> None:
        start = time.time()
        fault()
        window.extend([start, time.time() + GRACE_SECONDS])

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(one, range(total)))
    if fault is not None:
        deadline = time.monotonic() + 60
        while not window and time.monotonic() < deadline:
            time.sleep(0.1)
    result = Result(name, total, concurrency, seconds=round(time.monotonic() - started, 1))
    result.acknowledged = len(acknowledged)
    result.gave_up = total - len(acknowledged)
    with psycopg.connect(db_url.replace("postgres://", "postgresql://")) as db:
        rows = db.execute(
            "SELECT summary, count(*) FROM workorders_workorder WHERE summary LIKE %s GROUP BY summary",
            [f"rel-{run}-%"],
        ).fetchall()
    stored = dict(rows)
    result.rows_present = sum(stored.values())
    result.duplicates = sum(count - 1 for count in stored.values())
    result.lost = sum(1 for summary in acknowledged if summary not in stored)
    result.fault_window = (window[0], window[1]) if window else None
    for attempt in attempts:
        if attempt.outcome == "ok":
            continue
        result.error_kinds[attempt.outcome] = result.error_kinds.get(attempt.outcome, 0) + 1
        inside = (
            result.fault_window is not None and result.fault_window[0] <= attempt.at <= result.fault_window[1]
        )
        if inside:
            result.errors_in_window += 1
        else:
            result.errors_outside_window += 1
    return result


def run_transitions(port: int, auth: str, count: int = 50) -> Result:
    headers = {"Authorization": f"Token {auth}"}
    status, created = request("POST", port, "/api/v1/work-orders/", complaint("rel-transitions"), headers)
    if status != 201 or not created:
        raise RuntimeError(f"register: {status} {created}")
    _, reference = request("GET", port, "/api/v1/reference/", headers=headers)
    unit_id = next(u["id"] for u in reference["dispatch_units"] if u["kind"] == "county_bureau")
    url = f"/api/v1/work-orders/{created['id']}/transitions/"
    body = {"action": "dispatch", "handling_unit": unit_id, "version": created["version"], "note": "可靠性测试分送"}
    barrier = threading.Barrier(count)
    statuses: list[str] = []
    lock = threading.Lock()

    def one(_: int) -> None:
        barrier.wait()
        try:
            code, answer = request("POST", port, url, body, headers)
            outcome = str(code) if code in (200, 409) else f"{code} {answer}"
        except (OSError, http.client.HTTPException) as error:
            outcome = type(error).__name__
        with lock:
            statuses.append(outcome)

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=count) as pool:
        list(pool.map(one, range(count)))
    result = Result("transitions", count, count, seconds=round(time.monotonic() - started, 1))
    for outcome in statuses:
        result.error_kinds[outcome] = result.error_kinds.get(outcome, 0) + 1
    result.acknowledged = result.error_kinds.get("200", 0)
    result.errors_outside_window = sum(n for s, n in result.error_kinds.items() if s not in {"200", "409"})
    _, events = request("GET", port, f"/api/v1/work-orders/{created['id']}/events/", headers=headers)
    listed = events.get("results", []) if isinstance(events, dict) else (events or [])
    dispatches = [e for e in listed if e.get("action") == "dispatch"]
    result.rows_present = len(dispatches)
    result.duplicates = max(0, len(dispatches) - 1)
    result.notes = "exactly one 200 and one dispatch event expected; the others 409"
    return result


# --- main -------------------------------------------------------------------------------------------------


def prepare(env: dict[str, str]) -> None:
    lianxin = [str(PYTHON), "-c", "import sys; from lianxin.cli import main; sys.exit(main(sys.argv[1:]))"]
    subprocess.run([*lianxin, "start", "--no-serve"], env=env, check=True, capture_output=True)
    subprocess.run([*lianxin, "load_demo", "--count", "0"], env=env, check=True, capture_output=True)


def _terminate(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> int:
    signal.signal(signal.SIGTERM, _terminate)
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--registrations", type=int, default=1200)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8124)
    parser.add_argument("--pg-port", type=int, default=5499)
    parser.add_argument("--scenarios", default="transitions,baseline,worker_kill,pg_restart")
    parser.add_argument("--pool", default="on", help="LIANXIN_DB_POOL (off: the pgbouncer mode)")
    parser.add_argument("--conn-max-age", default="0", help="LIANXIN_CONN_MAX_AGE when --pool off")
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args()

    work = Path("/tmp") / f"lianxin-reliability-{args.pg_port}"  # noqa: S108 - throwaway, removed at the end
    cluster = Cluster(work / "pg", args.pg_port)
    home = work / "home"
    cluster.start()
    home.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": cluster.url,
        "LIANXIN_HOME": str(home),
        "DJANGO_SETTINGS_MODULE": "lianxin.config.settings.production",
        "LIANXIN_ADMIN_PASSWORD": PASSWORD,
        "LIANXIN_DEMO_PASSWORD": PASSWORD,
        "LIANXIN_DB_POOL": args.pool,
        "LIANXIN_CONN_MAX_AGE": args.conn_max_age,
        "LIANXIN_LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    server = Server(env, args.port, args.workers)
    results: list[Result] = []
    try:
        prepare(env)
        server.start()
        auth = token(args.port, "demo_agent")
        wanted = args.scenarios.split(",")
        if "transitions" in wanted:
            results.append(run_transitions(args.port, auth))
        if "baseline" in wanted:
            results.append(
                run_registrations(
                    "baseline", args.port, auth, args.registrations, args.concurrency, cluster.url
                )
            )
        if "worker_kill" in wanted:

            def kill_worker() -> None:
                pids = server.worker_pids()
                os.kill(pids[0], signal.SIGKILL)

            results.append(
                run_registrations(
                    "worker_kill",
                    args.port,
                    auth,
                    args.registrations,
                    args.concurrency,
                    cluster.url,
                    fault=kill_worker,
                )
            )
        if "pg_restart" in wanted:
            results.append(
                run_registrations(
                    "pg_restart",
                    args.port,
                    auth,
                    args.registrations,
                    args.concurrency,
                    cluster.url,
                    fault=cluster.restart,
                )
            )
    finally:
        server.stop()
        cluster.stop()

    header = (
        f"{'scenario':<12} {'requests':>8} {'acked':>6} {'rows':>6} {'lost':>5} {'dups':>5} "
        f"{'err in':>7} {'err out':>8} {'gave up':>8} {'s':>6}  error kinds"
    )
    print(header)
    for r in results:
        print(
            f"{r.scenario:<12} {r.requests:>8} {r.acknowledged:>6} {r.rows_present:>6} {r.lost:>5} "
            f"{r.duplicates:>5} {r.errors_in_window:>7} {r.errors_outside_window:>8} {r.gave_up:>8} "
            f"{r.seconds:>6}  {r.error_kinds}"
        )
    if args.json:
        Path(args.json).write_text(json.dumps([asdict(r) for r in results], ensure_ascii=False, indent=1))
    failed = [
        r.scenario
        for r in results
        if r.lost
        or r.duplicates
        or r.errors_outside_window
        or (r.scenario != "transitions" and r.gave_up)
        or (r.scenario == "transitions" and r.acknowledged != 1)
    ]
    print("verdict:", "PASS" if not failed else f"FAIL ({', '.join(failed)})")
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
