"""Running the workload in several processes at once, each with its own Django and its own connection.

`spawn`, not `fork`: a forked child would share the parent's open database socket. Each child calls
`django.setup()` with the environment `bench/run.py` prepared, warms up, then waits at a barrier so that all
processes start their timed loop together; aggregate throughput is measured from the first start to the last
finish.
"""

from __future__ import annotations

import multiprocessing
import queue
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the models may be imported only after django.setup() in the child
    from .workload import Mode, WorkloadResult


def _worker(
    mode: Mode, worker: int, count: int, first_sequence: int, warmup: int, barrier: Any, results: Any
) -> None:
    import django

    django.setup()
    from .workload import count_queries, run_workload, world_load

    world = world_load()
    count_queries(mode=mode, world=world, sample=warmup, worker=worker, first_sequence=first_sequence)
    barrier.wait()
    result = run_workload(
        mode=mode, world=world, count=count, worker=worker, first_sequence=first_sequence + warmup
    )
    results.put(result)


def run_parallel(
    *, mode: Mode, processes: int, count: int, first_sequence: int, warmup: int = 10
) -> list[WorkloadResult]:
    """`count` work orders split over `processes` workers; returns one result per worker."""
    from django.db import connections

    connections.close_all()  # the parent holds no connection (nor SQLite lock) while the workers run
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(processes)
    results = context.Queue()
    shares = [count // processes + (1 if n < count % processes else 0) for n in range(processes)]
    span = count + warmup + 1
    workers = [
        context.Process(
            target=_worker,
            args=(mode, n, shares[n], first_sequence + n * span, warmup, barrier, results),
            name=f"bench-{mode}-{n}",
        )
        for n in range(processes)
    ]
    for process in workers:
        process.start()
    collected: list[WorkloadResult] = []
    while len(collected) < processes:
        try:
            collected.append(results.get(timeout=1))
        except queue.Empty:
            failed = [p for p in workers if p.exitcode not in (None, 0)]
            if failed:
                barrier.abort()  # the others stop waiting for the one that died
                for process in workers:
                    process.join(timeout=30)
                raise RuntimeError(f"{failed[0].name} exited with status {failed[0].exitcode}") from None
    for process in workers:
        process.join()
    return collected
