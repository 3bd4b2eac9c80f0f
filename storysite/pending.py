"""Results under way: what Cache.begin_map and Cache.start asked for while another
process computes it (forked workers, or Pagefind, waited on by a thread), so that the
caller goes on meanwhile: a build writes its pages while the cards are drawn and
the search index made."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Protocol


class Computing(Protocol):
    """Work under way (parallel.Jobs, InThread)."""

    def done(self) -> bool: ...

    def results(self) -> list: ...

    def close(self) -> None: ...


class InThread:
    """work() run in a thread: for work that waits on a process of its own (Pagefind)."""

    def __init__(self, work: Callable[[], list]):
        self._outcome: list = []
        self._thread = threading.Thread(target=self._run, args=(work,), daemon=True)
        self._thread.start()

    def _run(self, work: Callable[[], list]) -> None:
        try:
            self._outcome.append((True, work()))
        except BaseException as exc:  # raised in the thread that asks for the results
            self._outcome.append((False, exc))

    def done(self) -> bool:
        return not self._thread.is_alive()

    def results(self) -> list:
        self._thread.join()
        (done, value), *_ = self._outcome
        if not done:
            raise value
        return value

    def close(self) -> None:
        """Nothing to stop: the thread ends with the process it waits on."""


class Pending:
    """Results under way: results() waits for them, has them stored and returns them (once
    computed, the same list on every call); close(), or leaving a `with` block, stops
    work not asked for (a build that failed meanwhile)."""

    def __init__(self, computing: Computing, store: Callable[[list], list], first: list | None = None):
        self._computing, self._store, self._first = computing, store, first or []
        self._results: list | None = None

    def done(self) -> bool:
        return self._results is not None or self._computing.done()

    def results(self) -> list:
        if self._results is None:
            self._results = self._store(self._first + self._computing.results())
        return self._results

    def close(self) -> None:
        self._computing.close()

    def __enter__(self) -> Pending:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()
