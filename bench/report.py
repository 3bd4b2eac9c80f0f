"""The machine the figures come from, and the tables that show them (Markdown, so that
the printed report can go into RESULTS.md as it is)."""

from __future__ import annotations

import importlib.metadata
import os
import platform
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

# The goals, checked at N = 1,000 (and the scaling one from 1,000 to 5,000).
GOAL_N = 1000
COLD_VS_HUGO_MAX = 2.0
PEAK_MB_MAX = 400  # megabytes (10^6 bytes): the stricter reading; RSS is shown in MiB
EDIT_MS_MAX = 100
SCALING_MAX = 5.5
MIB = 1024 * 1024
GENERATOR_PACKAGES = ("jinja2", "markdown", "pyyaml", "babel", "nh3", "livereload", "tornado")


def command_output(*argv: str) -> str:
    if not shutil.which(argv[0]):
        return ""
    finished = subprocess.run(argv, capture_output=True, text=True)
    return finished.stdout.strip() if finished.returncode == 0 else ""


def machine_info() -> dict:
    meminfo = Path("/proc/meminfo").read_text().splitlines() if Path("/proc/meminfo").exists() else []
    return {
        "nproc": command_output("nproc") or str(os.cpu_count()),
        "lscpu": command_output("lscpu").splitlines()[:10],
        "memory": command_output("free", "-h"),
        "mem_total": next(
            (line.split(":", 1)[1].strip() for line in meminfo if line.startswith("MemTotal")), ""
        ),
        "kernel": platform.platform(),
        "python": sys.version.split()[0],
        "packages": {name: _version(name) for name in GENERATOR_PACKAGES},
        # Start-up cost depends on it: with it set, no .pyc of the generator is ever kept.
        "PYTHONDONTWRITEBYTECODE": os.environ.get("PYTHONDONTWRITEBYTECODE", ""),
    }


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "-"


def repo_info(repo: Path) -> dict:
    """Which generator was timed: its commit and any uncommitted changes (read-only git)."""
    if not (repo / ".git").exists():
        return {"path": str(repo)}
    git = ["git", "-C", str(repo)]
    return {
        "path": str(repo),
        "commit": command_output(*git, "rev-parse", "--short", "HEAD"),
        "uncommitted": command_output(*git, "status", "--porcelain", "--untracked-files=no").splitlines(),
    }


# --- formatting -------------------------------------------------------------------------------


def seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def ratio(value: float | None, reference: float | None) -> str:
    return f"{value / reference:.2f}×" if value and reference else "-"


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


# --- the tables -------------------------------------------------------------------------------


def _mib(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def _peak_memory_mib(summary: dict) -> float:
    """The larger of the biggest process's peak RSS and the whole tree's sampled PSS:
    with forked workers the second is the larger, without them the first."""
    return max(summary["peak_rss_median_mib"], summary.get("tree_peak_pss_median_mib") or 0)


def _our_row(label: str, build: str, summary: dict, hugo_wall: float | None) -> list[str]:
    return [
        label,
        build,
        seconds(summary["wall_median_s"]),
        f"{summary['wall_min_s']:.2f}–{summary['wall_max_s']:.2f}",
        seconds(summary["cpu_median_s"]),
        f"{summary['peak_rss_median_mib']:.0f}",
        _mib(summary.get("tree_peak_pss_median_mib")),
        f"{summary['pages_per_s']:.0f}" if summary["pages_per_s"] else "-",
        ratio(summary["wall_median_s"], hugo_wall),
        seconds(summary.get("other_cpu_median_s")),
    ]


def _peer_row(label: str, peer: str, row: dict, hugo_wall: float | None) -> list[str]:
    return [
        label,
        f"{peer} cold" + ("" if row["check"] == "ok" else " (check FAILED)"),
        seconds(row["wall_median_s"]),
        f"{row['wall_min_s']:.2f}–{row['wall_max_s']:.2f}",
        seconds(row["cpu_median_s"]),
        f"{row['peak_rss_median_MiB']:.0f}",
        "-",
        f"{row['pages_per_s']:.0f}",
        ratio(row["wall_median_s"], hugo_wall),
        "-",
    ]


def builds_table(results: dict) -> str:
    header = ["N", "build", "wall median s", "min–max s", "CPU s", "peak RSS MiB", "all processes PSS MiB"]
    header += ["pages/s", "÷ Hugo cold", "CPU s used by others meanwhile"]
    rows = []
    for size in results["sizes"].values():
        hugo_wall = size["peers"].get("hugo", {}).get("wall_median_s")
        for build in ("cold", "warm"):
            if build in size["ours"]:
                rows.append(_our_row(str(size["n"]), f"**ours {build}**", size["ours"][build], hugo_wall))
        for peer, row in size["peers"].items():
            rows.append(_peer_row(str(size["n"]), peer, row, hugo_wall))
    real = results.get("real")
    for build in ("cold", "warm"):
        if real and build in real["ours"]:
            rows.append(_our_row("real site", f"**ours {build}**", real["ours"][build], None))
    return table(header, rows)


def _ms(values: list[float]) -> tuple[str, str]:
    if not values:
        return "-", "-"
    return f"{statistics.median(values) * 1000:.0f}", f"{min(values) * 1000:.0f}–{max(values) * 1000:.0f}"


def edits_table(results: dict) -> str:
    header = ["N", "edits", "preview rebuild median ms", "min–max ms", "first preview build s"]
    header += ["preview peak RSS MiB", "through `serve` median ms", "serve min–max ms"]
    rows = []
    places = [(str(size["n"]), size) for size in results["sizes"].values()]
    if results.get("real"):
        places.append(("real site", results["real"]))
    for label, place in places:
        edit = place["ours"].get("edit")
        if not edit:
            continue
        serve = place["ours"].get("serve") or {}
        rows.append(
            [label, str(len(edit["edit_s"])), *_ms(edit["edit_s"]), seconds(edit["first_build_s"])]
            + [f"{edit['peak_rss_mib']:.0f}", *_ms(serve.get("edit_s", []))]
        )
    return table(header, rows) if rows else "(not measured in this run)"


def _cold(results: dict, n: int, who: str = "ours") -> float | None:
    size = results["sizes"].get(str(n))
    if not size:
        return None
    if who == "ours":
        return size["ours"].get("cold", {}).get("wall_median_s")
    return size["peers"].get(who, {}).get("wall_median_s")


def scaling_lines(results: dict) -> list[str]:
    lines = []
    for small, large in ((100, 1000), (1000, 5000)):
        for who in ("ours", "hugo"):
            low, high = _cold(results, small, who), _cold(results, large, who)
            if low and high:
                lines.append(f"- {who} cold, N={large} ÷ N={small}: {high / low:.2f}×")
    return lines


def _goal_row(goal: str, target: str, figure: str | None, met: bool) -> list[str]:
    if figure is None:
        return [goal, target, "-", "not measured"]
    return [goal, target, figure, "met" if met else "**not met**"]


def goals_table(results: dict) -> str:
    """The issue's criteria 2–5, each with its figure from this run."""
    size = results["sizes"].get(str(GOAL_N))
    if not size:
        return f"(no N={GOAL_N} in this run: goals not checked)"
    hugo = size["peers"].get("hugo", {}).get("wall_median_s")
    cold = size["ours"].get("cold")
    warm = size["ours"].get("warm")
    edits = size["ours"].get("edit", {}).get("edit_s", [])
    large, small = _cold(results, 5000), _cold(results, GOAL_N)

    rows = []
    cold_ratio = cold["wall_median_s"] / hugo if cold and hugo else None
    rows.append(
        _goal_row(
            "cold build ÷ Hugo cold",
            f"≤ {COLD_VS_HUGO_MAX:g}×",
            cold_ratio and f"{cold_ratio:.2f}×",
            bool(cold_ratio and cold_ratio <= COLD_VS_HUGO_MAX),
        )
    )
    peak_mib = _peak_memory_mib(cold) if cold else None
    peak_mb = peak_mib * MIB / 1e6 if peak_mib else None
    rows.append(
        _goal_row(
            "cold build peak memory",
            f"< {PEAK_MB_MAX} MB",
            peak_mb and f"{peak_mb:.0f} MB ({peak_mib:.0f} MiB)",
            bool(peak_mb and peak_mb < PEAK_MB_MAX),
        )
    )
    warm_ratio = warm["wall_median_s"] / hugo if warm and hugo else None
    rows.append(
        _goal_row(
            "warm build ÷ Hugo cold",
            "< 1×",
            warm_ratio and f"{warm_ratio:.2f}×",
            bool(warm_ratio and warm_ratio < 1),
        )
    )
    edit_ms = statistics.median(edits) * 1000 if edits else None
    rows.append(
        _goal_row(
            "one-chapter edit, preview builder",
            f"< {EDIT_MS_MAX} ms",
            edit_ms and f"{edit_ms:.0f} ms",
            bool(edit_ms and edit_ms < EDIT_MS_MAX),
        )
    )
    scaling = large / small if large and small else None
    rows.append(
        _goal_row(
            "cold N=5000 ÷ cold N=1000",
            f"≤ {SCALING_MAX:g}×",
            scaling and f"{scaling:.2f}×",
            bool(scaling and scaling <= SCALING_MAX),
        )
    )
    return table([f"goal (N={GOAL_N})", "target", "this run", "verdict"], rows)


FLOOR_WAYS = {
    "bare": "Python-Markdown, no extension",
    "needed": "Python-Markdown, footnotes + tables only",
    "ours": "our renderer (all extensions, citations, sanitising)",
}


def floor_table(results: dict) -> str:
    """What the Markdown alone costs at GOAL_N, on every core at best, beside Hugo's
    whole build: the least any build on Python-Markdown could take."""
    size = results["sizes"].get(str(GOAL_N), {})
    floor = size.get("ours", {}).get("markdown_floor")
    if not floor:
        return f"(not measured at N={GOAL_N} in this run)"
    hugo = size["peers"].get("hugo", {}).get("wall_median_s")
    rows = [
        [
            label,
            f"{floor['cpu_s'][way]:.2f}",
            f"{floor['floor_s'][way]:.2f}",
            ratio(floor["floor_s"][way], hugo),
        ]
        for way, label in FLOOR_WAYS.items()
    ]
    header = [
        f"converting the {floor['bodies']} bodies of N={GOAL_N} with",
        "CPU s",
        f"÷ {floor['cores']} cores: s",
        "÷ Hugo cold",
    ]
    return table(header, rows)


def _bytecode_note(machine: dict) -> str:
    if "PYTHONDONTWRITEBYTECODE" not in machine:  # not recorded by older runs
        return ""
    return f" (PYTHONDONTWRITEBYTECODE={machine['PYTHONDONTWRITEBYTECODE'] or 'unset'})"


def machine_lines(results: dict) -> list[str]:
    machine = results["machine"]
    model = next(
        (line.split(":", 1)[1].strip() for line in machine["lscpu"] if line.startswith("Model name")), ""
    )
    peer_versions = sorted(
        {
            f"{row['peer']}: {row['version']}"
            for size in results["sizes"].values()
            for row in size["peers"].values()
        }
    )
    repo = results["repo"]
    dirty = f", {len(repo['uncommitted'])} uncommitted change(s)" if repo.get("uncommitted") else ""
    return [
        f"- machine: {machine['nproc']} CPUs, {model}, {machine['mem_total']} RAM; {machine['kernel']}",
        f"- Python {machine['python']}{_bytecode_note(machine)}; "
        + ", ".join(f"{name} {version}" for name, version in machine["packages"].items()),
        *(f"- {version}" for version in peer_versions),
        f"- generator: {repo.get('source', repo['path'])} at {repo.get('commit', '?')}{dirty}",
        f"- command: `{results['command']}`",
        f"- started {results['started']}, took {results.get('took_min', 0):.0f} min; "
        "1-min load average before each part: "
        + ", ".join(f"{part} {load}" for part, load in results.get("load", {}).items()),
    ]


def render(results: dict) -> str:
    parts = [
        "## Run",
        "\n".join(machine_lines(results)),
        "## Full builds",
        builds_table(results),
        "## One-chapter edit",
        edits_table(results),
        "## Scaling",
        "\n".join(scaling_lines(results)) or "(needs two sizes)",
        "## Goals",
        goals_table(results),
        "## The Markdown alone",
        floor_table(results),
    ]
    return "\n\n".join(parts) + "\n"


if __name__ == "__main__":
    # python bench/report.py RESULTS.json: print the report of a saved run again
    import json

    print(render(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))))
