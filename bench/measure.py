"""Timing whole build processes the way ../shared/bench/peers.sh times the peers.

Each timed build is one fresh process (interpreter start-up and imports included).
os.wait4 gives that child's CPU time (its worker processes included) and its peak RSS,
and perf_counter around it gives the wall time. A build that forks workers occupies
more memory than any one process's peak RSS shows, so the memory of the whole process
tree is also sampled while it runs.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from corpus import CACHE_DIR


class BuildFailed(SystemExit):
    """A build exited non-zero: the benchmark stops, since its figures would mean nothing."""


@dataclass
class Run:
    wall_s: float
    cpu_s: float
    peak_rss_mib: float
    other_cpu_s: float  # CPU used by everything else on the machine meanwhile: noise, if large
    tree_peak_pss_mib: float  # the build and its workers together, sampled (see TreeMemory)


def busy_cpu_s() -> float:
    """CPU seconds the whole machine has been busy since boot (all cores), from /proc/stat."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(value) for value in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


@dataclass
class Series:
    """Several timed runs of the same build; figures are medians, as in peers.sh."""

    runs: list[Run]

    def summary(self, article_pages: int) -> dict:
        walls = [run.wall_s for run in self.runs]
        median_wall = statistics.median(walls)
        return {
            "wall_median_s": median_wall,
            "wall_min_s": min(walls),
            "wall_max_s": max(walls),
            "cpu_median_s": statistics.median(run.cpu_s for run in self.runs),
            "peak_rss_median_mib": statistics.median(run.peak_rss_mib for run in self.runs),
            "other_cpu_median_s": statistics.median(run.other_cpu_s for run in self.runs),
            "tree_peak_pss_median_mib": statistics.median(run.tree_peak_pss_mib for run in self.runs),
            # pages/s counts article pages only (2N), exactly like peers.sh, so it compares.
            "pages_per_s": article_pages / median_wall if article_pages else None,
            "runs": [asdict(run) for run in self.runs],
        }


class TreeMemory(threading.Thread):
    """Samples the memory of a process and all its descendants every `interval` seconds.

    PSS (proportional set size) divides pages shared between forked workers among them,
    so the sum over the tree counts each page once; summing RSS would count them again
    in every worker. Sampled, so a peak shorter than the interval can be missed."""

    def __init__(self, pid: int, interval: float = 0.1):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_pss_kib = 0
        self.finished = threading.Event()

    def run(self) -> None:
        while not self.finished.wait(self.interval):
            total = sum(_pss_kib(pid) for pid in _process_tree(self.pid))
            self.peak_pss_kib = max(self.peak_pss_kib, total)

    def stop(self) -> float:
        self.finished.set()
        self.join()
        return self.peak_pss_kib / 1024


def _process_tree(pid: int) -> list[int]:
    tree, pending = [], [pid]
    while pending:
        current = pending.pop()
        tree.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                pending.extend(int(child) for child in (task / "children").read_text().split())
        except OSError:  # it has just ended
            continue
    return tree


def _pss_kib(pid: int) -> int:
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:  # ended, or a zombie waiting to be reaped
        return 0
    return next((int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")), 0)


def timed_process(argv: list[str], log: Path, env: dict | None = None) -> Run:
    """Run argv to completion; its output goes to `log` (kept only to explain a failure)."""
    with open(log, "wb") as sink:
        busy_before, started = busy_cpu_s(), time.perf_counter()
        process = subprocess.Popen(argv, stdout=sink, stderr=subprocess.STDOUT, env=env)
        memory = TreeMemory(process.pid)
        memory.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall, busy = time.perf_counter() - started, busy_cpu_s() - busy_before
        tree_peak_pss_mib = memory.stop()
    process.returncode = os.waitstatus_to_exitcode(status)  # already reaped by wait4
    if process.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
        raise BuildFailed(f"exit {process.returncode}: {' '.join(argv)}\n--- {log} (tail) ---\n{tail}")
    cpu = usage.ru_utime + usage.ru_stime
    return Run(wall, cpu, usage.ru_maxrss / 1024, max(0.0, busy - cpu), tree_peak_pss_mib)  # ru_maxrss: KiB


class OurBuild:
    """`python build.py --project P build --output OUT` of one checkout of the generator."""

    def __init__(self, repo: Path, project: Path, logs: Path):
        self.repo = repo
        self.project = project
        self.log = logs / "build.log"

    def command(self, out: Path) -> list[str]:
        build_py = str(self.repo / "build.py")
        return [sys.executable, build_py, "--project", str(self.project), "build", "--output", str(out)]

    def clear_cache(self) -> None:
        """The on-disk cache lives in <project>/.storysite-cache; a cold build starts without it."""
        shutil.rmtree(self.project / CACHE_DIR, ignore_errors=True)

    def run(self, out: Path) -> Run:
        return timed_process(self.command(out), self.log, AS_A_USER_RUNS_IT)


# Python keeps the compiled bytecode of the generator beside its sources (__pycache__),
# as it does on a user's machine from the second run on, and as pip did for the peers'
# packages when it installed them; a machine that sets PYTHONDONTWRITEBYTECODE would
# otherwise time the compiling of our 50 modules on every run (0.06 s), and not theirs.
AS_A_USER_RUNS_IT = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def cold_series(build: OurBuild, runs_dir: Path, reps: int, inspect_first=None) -> Series:
    """Clean full builds: no cache and a new, empty output folder every run.

    Like peers.sh, the outputs are deleted only after the series: deleting a big tree
    right before a run was seen to slow that run's own writes. inspect_first, if given,
    is called with the first run's output folder before that."""
    runs_dir.mkdir(parents=True, exist_ok=True)
    runs, outputs = [], []
    for _ in range(reps):
        build.clear_cache()
        outputs.append(Path(tempfile.mkdtemp(prefix="cold-", dir=runs_dir)))
        runs.append(build.run(outputs[-1]))
    if inspect_first:
        inspect_first(outputs[0])
    shutil.rmtree(runs_dir)
    return Series(runs)


def warm_series(build: OurBuild, out: Path, reps: int) -> Series:
    """Rebuilds with nothing changed: same output folder, cache kept from the build before."""
    build.run(out)  # untimed: leaves the cache and the output of exactly this content
    return Series([build.run(out) for _ in range(reps)])
