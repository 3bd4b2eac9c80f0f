"""The machine the figures come from, and the report of a run: its tables (report_tables.py)
in Markdown, so that the printed report can go into RESULTS.md as it is."""

from __future__ import annotations

import importlib.metadata
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

from report_tables import builds_table, edits_table, floor_table, goals_table, scaling_lines

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
        "bytecode": "our builds run without it and keep their bytecode, as on a user's machine",
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


def _bytecode_note(machine: dict) -> str:
    if "PYTHONDONTWRITEBYTECODE" not in machine:  # not recorded by older runs
        return ""
    setting = machine["PYTHONDONTWRITEBYTECODE"] or "unset"
    if "bytecode" in machine:  # runs since the ninth session: our builds keep theirs
        return f" (PYTHONDONTWRITEBYTECODE={setting} here; {machine['bytecode']})"
    return f" (PYTHONDONTWRITEBYTECODE={setting})"


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
