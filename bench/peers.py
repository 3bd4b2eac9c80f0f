"""The peers (Hugo, Pelican, MkDocs), timed by ../shared/bench/peers.sh in the same run as ours."""

from __future__ import annotations

import csv
import os
import subprocess
from pathlib import Path

from corpus import SHARED_BENCH

PEERS_SH = SHARED_BENCH / "peers.sh"
NUMBERS = ("N", "pages_en", "pages_zh", "wall_median_s", "wall_min_s", "wall_max_s")
NUMBERS += ("cpu_median_s", "pages_per_s", "peak_rss_median_MiB", "runs")


def summary_rows(summary: Path) -> list[dict]:
    if not summary.exists():
        return []
    with open(summary, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def as_numbers(row: dict) -> dict:
    return {key: (float(value) if key in NUMBERS else value) for key, value in row.items()}


def run_peers(n: int, peers: list[str], bench_root: Path, reps: int, log: Path) -> dict[str, dict]:
    """Time each peer at N; returns peer -> its summary.tsv row (medians, versions, check).

    bench_root is kept between runs: peers.sh installs Pelican and MkDocs in a
    virtual environment under it once and reuses it."""
    summary = bench_root / "results" / "summary.tsv"
    rows_before = len(summary_rows(summary))
    environment = {**os.environ, "BENCH_ROOT": str(bench_root), "REPS": str(reps)}
    with open(log, "wb") as sink:
        finished = subprocess.run(
            ["bash", str(PEERS_SH), str(n), *peers], env=environment, stdout=sink, stderr=subprocess.STDOUT
        )
    if finished.returncode != 0:
        print(f"  warning: peers.sh exited {finished.returncode}; see {log}")
    new_rows = summary_rows(summary)[rows_before:]  # peers.sh appends one row per peer
    results = {row["peer"]: as_numbers(row) for row in new_rows if int(row["N"]) == n}
    for peer in peers:
        if peer not in results:
            print(f"  warning: no result for {peer} at N={n}; see {log}")
        elif results[peer]["check"] != "ok":
            print(f"  warning: {peer}'s output failed its check at N={n}; see {log}")
    return results
