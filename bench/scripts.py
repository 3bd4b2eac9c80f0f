"""What bench/'s measuring scripts share: each runs in a process of its own (so that
what it imports and the memory it peaks at are its own) and hands back JSON."""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys
from pathlib import Path


def parser(doc: str) -> argparse.ArgumentParser:
    """The script's arguments, with --json; its usage text is its docstring."""
    made = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    made.add_argument("repo", type=Path, help="checkout whose generator is timed")
    made.add_argument("project", type=Path, help="project folder to work on (a scratch copy)")
    made.add_argument("--json", type=Path, help="write the result here instead of stdout")
    return made


def import_generator(repo: Path, module: str):
    """storysite.<module> from REPO, the checkout being benchmarked, not whichever
    storysite is installed in the environment."""
    sys.path.insert(0, str(repo))
    imported = importlib.import_module(f"storysite.{module}")
    if Path(imported.__file__).resolve().parent != (repo / "storysite").resolve():
        raise SystemExit(f"imported {imported.__file__}, not {repo}/storysite")
    return imported


def emit(result: dict, path: Path | None) -> int:
    text = json.dumps(result)
    if path:
        path.write_text(text, encoding="utf-8")
    else:
        print(text)
    return 0


def run(script: Path, argv: list[str], workdir: Path, name: str) -> dict:
    """Run a script in a process of its own; -> the JSON it wrote. Its output goes to
    workdir/logs/NAME.log."""
    result_file = workdir / f"{name}.json"
    log = workdir / "logs" / f"{name}.log"
    with open(log, "wb") as sink:
        finished = subprocess.run(
            [sys.executable, str(script), *argv, "--json", str(result_file)],
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    if finished.returncode != 0:
        raise SystemExit(f"{script.name} failed (exit {finished.returncode}); see {log}")
    return json.loads(result_file.read_text(encoding="utf-8"))
