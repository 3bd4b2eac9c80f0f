"""Run independent jobs on every core, results in the order of the jobs.

Rendering a page or a Markdown body needs nothing from any other, so the work
is split between forked worker processes. Forking (rather than spawning) lets
the workers inherit the assembled site and the configured renderers as they
are, without pickling them; only the results travel back. Small batches, and
platforms without fork, run in this process: the output is the same byte for
byte either way, because each job is a pure function of its index.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from collections.abc import Callable

# The fewest jobs a worker must take for starting it (some 15 ms) to pay:
MANY_SMALL = 32  # pages, Markdown bodies, checks: a millisecond or so each
FEW_COSTLY = 4  # share cards, image variants: ten milliseconds or more each

# How far workers that yield step back: a build also waits on Pagefind, one process
# on one core; drawn at an even share, the cards left it a third of a core less and
# the build ended on Pagefind alone. Yielding, they take what it leaves.
YIELDING_NICENESS = 10

STOPS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))
HELD_BACK = (signal.SIGINT, *STOPS)  # until a forked worker has set how to take them

_job: Callable[[int], object] | None = None  # set in each worker only, never in the calling process


def _install(job: Callable[[int], object], yielding: bool, mask: set) -> None:
    global _job
    _job = job
    # A worker is stopped by its pool (SIGTERM) and leaves Ctrl+C to the build, which
    # stops the pool. The build's own handlers (cli.stop_on_signals), inherited, had
    # each stopped worker print a traceback, and one stopped while it was starting
    # swallow the signal and never end. So the worker starts with these signals held
    # back (_pool), sets its own, then takes any that came meanwhile.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for stop in STOPS:
        signal.signal(stop, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_SETMASK, mask)
    if yielding:  # this worker only, which ends with its pool; where there are no
        with contextlib.suppress(OSError):  # priorities, the same results in the same order
            os.nice(YIELDING_NICENESS)


def _run(index: int):
    try:
        return True, _job(index)
    except Exception as exc:  # carried back to the parent and raised there
        return False, exc


def workers_for(jobs: int, least_per_worker: int = MANY_SMALL) -> int:
    requested = os.environ.get("STORYSITE_JOBS")
    cores = int(requested) if requested and requested.isdigit() else (os.cpu_count() or 1)
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(cores, jobs // least_per_worker))


def map_jobs(job: Callable[[int], object], count: int, least_per_worker: int = MANY_SMALL) -> list:
    """[job(0), job(1), ...], computed on several cores when it pays."""
    return start_jobs(job, count, least_per_worker).results()


def start_jobs(
    job: Callable[[int], object], count: int, least_per_worker: int = MANY_SMALL, yielding: bool = False
) -> Jobs:
    """map_jobs begun: on several cores, the workers at work while the caller goes on
    (yielding: at a lower priority than this process and any other); else computed here
    and now."""
    workers = workers_for(count, least_per_worker)
    if workers == 1:
        computed = [job(index) for index in range(count)]
        return Jobs(lambda: computed)
    context = multiprocessing.get_context("fork")
    # Forked workers receive the job as it is (never pickled) through the initializer.
    pool = _pool(context, workers, job, yielding)
    try:
        outcomes = pool.map_async(_run, range(count), chunksize=max(1, count // (workers * 8)))
    except BaseException:
        pool.terminate()
        raise
    return Jobs(outcomes.get, outcomes.ready, pool)


class Jobs:
    """Jobs under way: results() waits for them (and raises what a job raised); close()
    stops the workers, wanted or not (a build that failed meanwhile)."""

    def __init__(self, outcomes: Callable[[], list], ready: Callable[[], bool] | None = None, pool=None):
        self._outcomes, self._ready, self._pool = outcomes, ready, pool

    def done(self) -> bool:
        return self._ready is None or self._ready()

    def results(self) -> list:
        try:
            outcomes = self._outcomes()
        finally:
            self.close()
        if self._pool is None:
            return outcomes
        results = []
        for ok, value in outcomes:
            if not ok:
                raise value
            results.append(value)
        return results

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()


def _pool(context, workers: int, job: Callable[[int], object], yielding: bool):
    """Forked with HELD_BACK blocked, here only while the workers are forked (a signal
    meanwhile is taken right after, not lost)."""
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, HELD_BACK)
    try:
        return context.Pool(workers, initializer=_install, initargs=(job, yielding, mask))
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
