"""`lianxin cti simulate`: a PBX and a room of agents, driving the real HTTP endpoints.

The PBX side posts Zammad CTI events (`newCall`, `answer`, `hangup`) to `/api/v1/cti/<token>` for Poisson arrivals
at `--rate` calls per hour; each simulated agent signs in through the API, listens on its own server-sent-events
connection (`/live/stream/`) and answers the call that pops there through `POST /api/v1/calls/<id>/answer/`. A caller
whose call is not answered within `--patience` seconds hangs up (`cancel`). `--speed X` runs X times faster than
real time (every duration is divided by X; ASA and service level are reported in simulated seconds).

Pop latency is measured on the client: from just before the `newCall` request is sent to the moment the
`call.offered` message arrives on the agent's connection (only calls offered at their `newCall`, not those that
waited for a free agent). A pop is lost when the server offered the call to an agent (`Call.offered_user_ids`) and
that agent's connection never got it; duplicated when it got it more than once.

Without `--url` the simulator starts a server of its own (uvicorn, one worker) on a free port of 127.0.0.1, on this
installation's database. With `--url` the server must use the same database (the simulated agents and their API
tokens are prepared in it); `--token` is then the PBX token to use.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from lianxin.domain.errors import DomainError

SIM_TOKEN_NAME = "模拟坐席"  # noqa: S105 - the name of the tokens, not a secret
WITHIN_SECONDS = 20  # service level: answered within 20 s of offered (the brief's 80/20 target)


class SimulationError(DomainError):
    code = "simulation_failed"


@dataclass(frozen=True, slots=True)
class SimConfig:
    calls: int
    agents: int
    rate: float  # calls per hour
    aht: float  # mean talk seconds
    patience: float | None = None
    speed: float = 1.0
    url: str = ""
    token: str = ""
    seed: int = 12315
    answer_delay: float = 2.0  # simulated seconds an agent takes to pick up a popped call
    wrap_up: float = 0.0  # simulated seconds of after-call work before the agent is ready again
    within: float = WITHIN_SECONDS
    port: int = 0  # the port of the server it starts itself (0: any free port)
    callers: tuple[str, ...] = ()  # known numbers (with a history) that 80 % of the calls come from


def add_arguments(parser: Any) -> None:
    parser.add_argument("--calls", type=int, required=True, help="来电数")
    parser.add_argument("--agents", type=int, required=True, help="模拟坐席数")
    parser.add_argument("--rate", type=float, required=True, help="每小时来电数")
    parser.add_argument("--aht", type=float, required=True, help="平均通话时长（秒）")
    parser.add_argument("--patience", type=float, default=None, help="来电人最长等待（秒），超过即挂断")
    parser.add_argument("--speed", type=float, default=1.0, help="加速倍数（10 = 十倍速）")
    parser.add_argument("--url", default="", help="已运行的服务地址；缺省时自行启动一个")
    parser.add_argument("--token", default="", help="交换机令牌（与 --url 一起使用）")
    parser.add_argument("--seed", type=int, default=12315, help="随机种子")
    parser.add_argument("--json", action="store_true")


def run_from_options(options: dict[str, Any]) -> dict[str, Any]:
    config = SimConfig(
        calls=options["calls"],
        agents=options["agents"],
        rate=options["rate"],
        aht=options["aht"],
        patience=options["patience"],
        speed=options["speed"],
        url=options["url"],
        token=options["token"],
        seed=options["seed"],
    )
    errors = []
    if config.calls <= 0 or config.agents <= 0:
        errors.append("来电数和坐席数必须大于 0。")
    if config.rate <= 0 or config.aht <= 0 or config.speed <= 0:
        errors.append("来电速率、通话时长和加速倍数必须大于 0。")
    if config.url and not config.token:
        errors.append("使用 --url 时须同时给出 --token（交换机令牌）。")
    if errors:
        raise SimulationError("".join(errors))
    return simulate(config)


# ---------------------------------------------------------------------------------------------------------
# Preparation in the database
# ---------------------------------------------------------------------------------------------------------


def _prepare_agents(count: int) -> list[dict[str, str]]:
    """Simulated agents `sim_agent_NN` at a 12315 center, a seat `9NNN` each, an API token each; any session they
    left open is closed first."""
    from datetime import timedelta

    from lianxin.accounts.models import ApiToken, OrgUnit, UnitKind, User
    from lianxin.accounts.services import org_unit_create, user_create
    from lianxin.accounts.tokens import token_issue
    from lianxin.common import clock
    from lianxin.domain.workflow import Role
    from lianxin.intake.models import AgentSeat, AgentSession

    center = OrgUnit.objects.filter(kind=UnitKind.CENTER, is_active=True).order_by("pk").first()
    if center is None:
        center = org_unit_create(name="模拟12315中心", code="SIM12315", kind=UnitKind.CENTER)
    agents = []
    for n in range(1, count + 1):
        username = f"sim_agent_{n:02d}"
        user = User.objects.filter(username=username).first() or user_create(
            username=username,
            password=uuid.uuid4().hex,
            role=Role.AGENT,
            unit=center,
            full_name=f"模拟坐席{n:02d}",
        )
        seat, _ = AgentSeat.objects.get_or_create(
            extension=f"9{n:03d}", defaults={"name": f"模拟坐席{n:02d}"}
        )
        # API tokens are stored hashed and shown once: a fresh one per run, the previous run's revoked.
        ApiToken.objects.filter(user=user, name=SIM_TOKEN_NAME, revoked_at__isnull=True).update(
            revoked_at=clock.now(), revoked_reason="simulator_rerun"
        )
        issued = token_issue(user=user, name=SIM_TOKEN_NAME, lifetime=timedelta(days=1))
        agents.append(
            {"username": username, "user_id": str(user.pk), "extension": seat.extension, "token": issued.key}
        )
    AgentSession.objects.filter(user__username__startswith="sim_agent_", ended_at__isnull=True).update(
        ended_at=clock.now(), state="signed_out", current_call=None
    )
    return agents


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start_server(port: int = 0) -> tuple[subprocess.Popen[bytes], str]:
    port = port or _free_port()
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "lianxin.config.settings.production")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "lianxin.config.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "1",
            "--lifespan",
            "off",
            "--log-level",
            "warning",
        ],
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/api/v1/agent/")  # any answer (401) means the server is up
            if connection.getresponse().status < 500:
                return process, url
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise SimulationError("模拟器自行启动的服务在60秒内没有就绪。")


# ---------------------------------------------------------------------------------------------------------
# HTTP
# ---------------------------------------------------------------------------------------------------------


class Http:
    """One keep-alive connection per thread to the server."""

    def __init__(self, base: str) -> None:
        parsed = urllib.parse.urlsplit(base)
        self.host, self.port = parsed.hostname or "127.0.0.1", parsed.port or 80
        self.prefix = parsed.path.rstrip("/")
        self._local = threading.local()

    def _connection(self) -> http.client.HTTPConnection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
            self._local.connection = connection
        return connection

    def request(self, method: str, path: str, body: dict | None = None, token: str = "") -> tuple[int, Any]:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Token {token}"
        payload = json.dumps(body).encode() if body is not None else None
        for attempt in range(2):
            connection = self._connection()
            try:
                connection.request(method, self.prefix + path, body=payload, headers=headers)
                response = connection.getresponse()
                raw = response.read()
                return response.status, json.loads(raw) if raw else {}
            except (OSError, http.client.HTTPException, json.JSONDecodeError):
                connection.close()
                self._local.connection = None
                if attempt:
                    return 0, {}
        return 0, {}

    def stream(self, path: str, token: str, last_id: str = "") -> http.client.HTTPResponse:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        headers = {"Accept": "text/event-stream", "Authorization": f"Token {token}"}
        if last_id:
            headers["Last-Event-ID"] = last_id
        connection.request("GET", self.prefix + path, headers=headers)
        return connection.getresponse()


# ---------------------------------------------------------------------------------------------------------
# The room
# ---------------------------------------------------------------------------------------------------------


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    sent_at: dict[str, float] = field(default_factory=dict)  # call id → newCall request started
    pops: dict[tuple[str, str], list[float]] = field(
        default_factory=lambda: defaultdict(list)
    )  # (call, user) → t
    answered: dict[str, tuple[float, str]] = field(default_factory=dict)  # call id → (t, extension)
    answered_events: dict[str, threading.Event] = field(default_factory=dict)
    outcomes: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


class Agent:
    def __init__(self, spec: dict[str, str], http_: Http, tally: Tally, config: SimConfig) -> None:
        self.spec, self.http, self.tally, self.config = spec, http_, tally, config
        self.connected = threading.Event()
        self.stopping = threading.Event()
        self.work: list[tuple[str, str]] = []
        self.work_ready = threading.Condition()

    def start(self) -> None:
        threading.Thread(target=self._listen, daemon=True).start()
        threading.Thread(target=self._work, daemon=True).start()

    def sign_in(self) -> None:
        status, body = self.http.request(
            "POST", "/api/v1/agent/sign-in/", {"extension": self.spec["extension"]}, self.spec["token"]
        )
        if status != 200:
            raise SimulationError(f"模拟坐席 {self.spec['username']} 签入失败：{body}")

    def _listen(self) -> None:
        last_id = ""
        while not self.stopping.is_set():
            try:
                response = self.http.stream("/live/stream/", self.spec["token"], last_id)
                if response.status != 200:
                    raise OSError(f"stream status {response.status}")
                self.connected.set()
                data: list[str] = []
                while not self.stopping.is_set():
                    line = response.readline()
                    if not line:
                        break
                    text = line.decode().rstrip("\r\n")
                    if text.startswith("id:"):
                        last_id = text[3:].strip()
                    elif text.startswith("data:"):
                        data.append(text[5:].strip())
                    elif not text and data:
                        self._on_message("\n".join(data), time.monotonic())
                        data = []
            except (OSError, http.client.HTTPException):
                time.sleep(0.2)

    def _on_message(self, raw: str, received: float) -> None:
        try:
            message = json.loads(raw)
        except json.JSONDecodeError:
            return
        if message.get("type") != "call.offered":
            return
        call_id = message.get("data", {}).get("call_id", "")
        with self.tally.lock:
            self.tally.pops[(call_id, self.spec["user_id"])].append(received)
        self._push(("answer", call_id))

    def _push(self, item: tuple[str, str]) -> None:
        with self.work_ready:
            self.work.append(item)
            self.work_ready.notify()

    def wrap_up(self, call_id: str) -> None:
        self._push(("ready", call_id))

    def _work(self) -> None:
        while not self.stopping.is_set():
            with self.work_ready:
                while not self.work and not self.stopping.is_set():
                    self.work_ready.wait(0.5)
                if self.stopping.is_set():
                    return
                action, call_id = self.work.pop(0)
            if action == "answer":
                time.sleep(self.config.answer_delay / self.config.speed)
                status, _ = self.http.request(
                    "POST", f"/api/v1/calls/{urllib.parse.quote(call_id)}/answer/", None, self.spec["token"]
                )
                if status == 200:
                    with self.tally.lock:
                        self.tally.answered.setdefault(call_id, (time.monotonic(), self.spec["extension"]))
                        event = self.tally.answered_events.get(call_id)
                    if event is not None:
                        event.set()
            else:
                time.sleep(self.config.wrap_up / self.config.speed)
                self.http.request("POST", "/api/v1/agent/state/", {"state": "ready"}, self.spec["token"])


def _pbx_call(
    call_id: str,
    caller: str,
    http_: Http,
    token: str,
    tally: Tally,
    config: SimConfig,
    agents: dict[str, Agent],
    rng: random.Random,
) -> None:
    path = f"/api/v1/cti/{token}"
    answered = threading.Event()
    with tally.lock:
        tally.answered_events[call_id] = answered
    base = {"callId": call_id, "from": caller, "to": "12315", "direction": "in", "queue": "12315"}
    started = time.monotonic()
    with tally.lock:
        tally.sent_at[call_id] = started
    status, _ = http_.request("POST", path, {"event": "newCall", **base})
    if status != 200:
        with tally.lock:
            tally.errors.append(f"newCall {call_id}: HTTP {status}")
    patience = (config.patience if config.patience is not None else 24 * 3600) / config.speed
    if not answered.wait(patience):
        http_.request("POST", path, {"event": "hangup", "cause": "cancel", **base})
        with tally.lock:
            if call_id not in tally.answered:
                tally.outcomes[call_id] = "abandoned"
                return
    with tally.lock:
        _, extension = tally.answered[call_id]
        tally.outcomes[call_id] = "answered"
    http_.request("POST", path, {"event": "answer", "answeringNumber": extension, **base})
    time.sleep(rng.expovariate(1 / config.aht) / config.speed)
    http_.request(
        "POST", path, {"event": "hangup", "cause": "normalClearing", "answeringNumber": extension, **base}
    )
    agents[extension].wrap_up(call_id)


def _percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def _server_offers(call_ids: list[str]) -> tuple[dict[str, list[str]], set[str]]:
    """From the database: who each call was offered to, and which calls were offered at their newCall."""
    from lianxin.intake.models import AgentStateEvent, Call

    offers: dict[str, list[str]] = {}
    offered_at: dict[int, tuple[str, Any]] = {}
    for call in Call.objects.filter(call_id__in=call_ids):
        offers[call.call_id] = [str(u) for u in call.offered_user_ids]
        offered_at[call.pk] = (call.call_id, call.offered_at)
    immediate: set[str] = set()
    first_ring: dict[int, Any] = {}
    for event in AgentStateEvent.objects.filter(call_id__in=offered_at, to_state="ringing").order_by(
        "occurred_at"
    ):
        first_ring.setdefault(event.call_id, event.occurred_at)
    for pk, (call_id, at) in offered_at.items():
        ring = first_ring.get(pk)
        if ring is not None and at is not None and (ring - at).total_seconds() < 1:
            immediate.add(call_id)
    return offers, immediate


def simulate(config: SimConfig) -> dict[str, Any]:
    from django.db import connections

    from lianxin.intake.services import pbx_token_create, pbx_token_revoke

    rng = random.Random(config.seed)  # noqa: S311 - a simulation, not security
    run_id = uuid.uuid4().hex[:8]
    specs = _prepare_agents(config.agents)
    token, own_token_name = config.token, ""
    if not token:
        own_token_name = f"模拟器-{run_id}"
        _, token = pbx_token_create(name=own_token_name)
    connections.close_all()
    process, url = (None, config.url.rstrip("/")) if config.url else _start_server(config.port)
    http_ = Http(url)
    tally = Tally()
    agents = {spec["extension"]: Agent(spec, http_, tally, config) for spec in specs}
    threads: list[threading.Thread] = []
    try:
        for agent in agents.values():
            agent.start()
        for agent in agents.values():
            if not agent.connected.wait(30):
                raise SimulationError("模拟坐席的实时推送连接没有建立。")
        for agent in agents.values():
            agent.sign_in()
        started = time.monotonic()
        call_ids = []
        for n in range(config.calls):
            call_id = f"sim-{run_id}-{n:05d}"
            call_ids.append(call_id)
            if config.callers and rng.random() < 0.8:
                caller = rng.choice(config.callers)
            else:
                caller = f"861{rng.choice('358')}{rng.randrange(10**9):09d}"
            thread = threading.Thread(
                target=_pbx_call,
                args=(call_id, caller, http_, token, tally, config, agents, rng),
                daemon=True,
            )
            thread.start()
            threads.append(thread)
            time.sleep(rng.expovariate(config.rate / 3600) / config.speed)
        for thread in threads:
            thread.join(timeout=max(60.0, 10 * config.aht / config.speed))
        elapsed = time.monotonic() - started
        time.sleep(0.5)  # late pops still count as delivered, not lost
    finally:
        for agent in agents.values():
            agent.stopping.set()
            agent.http.request("POST", "/api/v1/agent/state/", {"state": "signed_out"}, agent.spec["token"])
        if process is not None:
            process.terminate()
            process.wait(timeout=20)
        if own_token_name:
            pbx_token_revoke(name=own_token_name)
    return _report(config, tally, call_ids, elapsed, url if config.url else "（自行启动）")


def _report(
    config: SimConfig, tally: Tally, call_ids: list[str], elapsed: float, server: str
) -> dict[str, Any]:
    offers, immediate = _server_offers(call_ids)
    answered = [c for c in call_ids if tally.outcomes.get(c) == "answered"]
    abandoned = [c for c in call_ids if tally.outcomes.get(c) == "abandoned"]
    waits = [(tally.answered[c][0] - tally.sent_at[c]) * config.speed for c in answered]
    within = sum(1 for w in waits if w <= config.within)
    latencies = []
    lost = duplicated = 0
    for call_id, users in offers.items():
        for user_id in users:
            received = tally.pops.get((call_id, user_id), [])
            if not received:
                lost += 1
            elif len(received) > 1:
                duplicated += len(received) - 1
        if call_id in immediate and users:
            first = tally.pops.get((call_id, users[0]), [])
            if first:
                latencies.append((first[0] - tally.sent_at[call_id]) * 1000)

    def ms(value: float | None) -> float | None:
        return None if value is None else round(value, 1)

    return {
        "config": asdict(config) | {"token": "***" if config.token else "", "callers": len(config.callers)},
        "server": server,
        "elapsed_seconds": round(elapsed, 1),
        "offered": len(call_ids),
        "answered": len(answered),
        "abandoned": len(abandoned),
        "asa_seconds": round(statistics.fmean(waits), 1) if waits else None,
        "service_level": round(within / len(call_ids), 3) if call_ids else None,
        "service_level_within_seconds": config.within,
        "pop_latency_ms": {
            "count": len(latencies),
            "p50": ms(_percentile(latencies, 50)),
            "p95": ms(_percentile(latencies, 95)),
            "p99": ms(_percentile(latencies, 99)),
            "max": ms(max(latencies) if latencies else None),
        },
        "pops_offered": sum(len(u) for u in offers.values()),
        "pops_lost": lost,
        "pops_duplicated": duplicated,
        "errors": tally.errors[:20],
    }


def report_text(report: dict[str, Any]) -> str:
    pop = report["pop_latency_ms"]
    lines = [
        f"来电 {report['offered']}，接听 {report['answered']}，放弃 {report['abandoned']}"
        f"（用时 {report['elapsed_seconds']} 秒）",
        f"平均应答时间 ASA {report['asa_seconds']} 秒；"
        f"服务水平（{report['service_level_within_seconds']:.0f} 秒内接听/全部来电） {report['service_level']}",
        f"弹屏延迟（newCall 请求 → 坐席连接收到）：p50 {pop['p50']} ms，p95 {pop['p95']} ms，p99 {pop['p99']} ms"
        f"（{pop['count']} 次）",
        f"弹屏 {report['pops_offered']} 次，丢失 {report['pops_lost']}，重复 {report['pops_duplicated']}",
    ]
    if report["errors"]:
        lines.append("错误：" + "；".join(report["errors"]))
    return "\n".join(lines)


def single_call(*, url: str, token: str, from_number: str, hangup_after: float | None) -> dict[str, Any]:
    """One call as a PBX sends it: `newCall`, then (optionally) `hangup` after some seconds."""
    http_ = Http(url.rstrip("/"))
    call_id = f"demo-call-{uuid.uuid4().hex[:12]}"
    base = {"callId": call_id, "from": from_number, "to": "12315", "direction": "in", "queue": "12315"}
    status, body = http_.request("POST", f"/api/v1/cti/{token}", {"event": "newCall", **base})
    if status != 200:
        raise SimulationError(f"服务拒绝了来电（HTTP {status}）：{body or '令牌错误或服务未运行'}")
    answers = [body]
    if hangup_after is not None:
        time.sleep(hangup_after)
        answers.append(
            http_.request(
                "POST", f"/api/v1/cti/{token}", {"event": "hangup", "cause": "normalClearing", **base}
            )[1]
        )
    return {"call_id": call_id, "answers": answers}
