"""The command line: `python build.py [build|check|serve|new|status] ...`, each command run
and its outcome said (what was typed is read in arguments.py)."""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import sys
import time
from pathlib import Path
from typing import NoReturn

from . import pipeline, scaffold, status
from .arguments import read_arguments
from .cache import project_cache
from .errors import Interrupted, SiteError, one_line


def main(argv: list[str] | None = None, leave_at_once: bool = False) -> int:
    """Run one command. leave_at_once: the process ends as soon as a build is done
    (build.py), see _leave."""
    _utf8_streams()
    args = read_arguments(sys.argv[1:] if argv is None else argv)
    project = args.project.resolve()
    command = args.command or "build"
    try:
        if command == "check":
            return _check(project, args.strict)
        if command == "serve":
            from . import serve  # the web server and its WebSocket stack: only when serving

            return serve.serve(project, args.host, args.port)
        if command == "new":
            for path in scaffold.new_chapter(project, args.slug):
                print(f"wrote {path.relative_to(project).as_posix()}")
            return 0
        if command == "status":
            return _status(project, args.mark)
        return _build(project, getattr(args, "output", None), leave_at_once)
    except SiteError as exc:
        return _failed(command, exc)
    except OSError as exc:  # the disk, not the project: full, read-only, no permission
        where = exc.filename if exc.filename is not None else project
        print(one_line(f"{where}: error: {exc.strerror or exc}"), file=sys.stderr)
        print(f"{command} failed", file=sys.stderr)
        return 1
    except KeyboardInterrupt as stop:
        print(_interrupted(command, stop), file=sys.stderr)
        return 130
    except Exception as exc:  # a bug in the generator, not in the project
        if os.environ.get("STORYSITE_DEBUG"):
            raise
        print(f"internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        print("this is a bug in the generator; STORYSITE_DEBUG=1 shows the traceback", file=sys.stderr)
        return 2


def _build(project: Path, output: Path | None, leave_at_once: bool) -> int:
    started = time.perf_counter()
    # From the folder the command is typed in, as every command line takes a path
    # (site.yaml's `output` is the project's); `--output=~/site` too, which no shell expands.
    output = Path(os.path.expanduser(output)).absolute() if output else None
    cache = project_cache(project)
    result = pipeline.build(project, output, cache)
    try:
        _report(result.warnings)
        elapsed = time.perf_counter() - started
        print(f"built {result.pages} pages in {elapsed:.2f} s", file=sys.stderr)
    except KeyboardInterrupt:
        raise Interrupted("the new site is in place") from None
    if leave_at_once and sys.getprofile() is None and sys.gettrace() is None:  # a profiler reports at exit
        _leave(0)  # the cache is still held here: its results are not freed one by one
    return 0


def _leave(code: int) -> NoReturn:
    """End the process now, as Python would, but for freeing the objects still held
    (the cache's results, a third of a million at N = 1,000) one by one, which the
    operating system does at once: 0.09 s of a warm build there. What was registered
    to run at exit (Pagefind's process stopped, worker pools ended) runs first."""
    end_at_once_on_signals()
    atexit._run_exitfuncs()  # what Python's own exit runs before tearing down
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # closed, or a reader that went away
            stream.flush()
    os._exit(code)


def _failed(command: str, exc: SiteError) -> int:
    _report(exc.problems)
    outcome = "build failed" if command == "build" else f"{command} failed"
    unchanged = "; the previous site is unchanged" if command == "build" else ""
    print(f"{outcome}: {len(exc.problems)} error(s){unchanged}", file=sys.stderr)
    return 1


def _interrupted(command: str, stop: KeyboardInterrupt) -> str:
    """The one line a Ctrl+C (or `kill`) ends a command with: what it leaves behind."""
    if command == "serve":
        return "preview stopped"  # Ctrl+C is how a preview ends; its folder is removed
    if isinstance(stop, Interrupted):
        return f"{command} interrupted; {stop.outcome}"
    if command == "build":  # before anything was written: see pipeline.build
        return "build interrupted; the previous site is unchanged"
    return f"{command} interrupted"


def _check(project: Path, strict: bool) -> int:
    problems = pipeline.check(project)
    _report(problems.items)
    errors, warnings = len(problems.errors), len(problems.warnings)
    print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return 1 if errors or (strict and warnings) else 0


def _status(project: Path, mark: str | None) -> int:
    if mark:
        for path in status.mark_current(project, mark):
            print(f"marked {path.relative_to(project).as_posix()} as current")
        return 0
    rows = status.status_table(project)
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    return 0


def _report(problems) -> None:
    lines = [str(problem) for problem in sorted(problems, key=lambda p: p.sort_key)]
    if lines:  # one write: a thousand lines to a terminal cost a write each
        sys.stderr.write("\n".join(lines) + "\n")
        sys.stderr.flush()


def _utf8_streams() -> None:
    """Messages quote Chinese text; never fail on a C or cp936 locale."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")


def stop_on_signals() -> None:
    """For a process that runs one command (build.py): stopped with `kill` or by closing
    its terminal, it stops as on Ctrl+C. A build removes the folder it was writing and
    stops Pagefind and its workers (otherwise they run on, orphaned, until they finish),
    the server removes its preview folder and saves the cache. Ctrl+C itself is made to
    work even where the process was started with it ignored, as a shell script's
    background jobs are (Python then leaves it ignored)."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, signal.default_int_handler)
    for name in ("SIGTERM", "SIGHUP"):  # Windows has no SIGHUP
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), interrupt)


def end_at_once_on_signals() -> None:
    """Once a command has finished and said so, what is left is Python's clean-up (the
    functions run at exit: Pagefind and worker pools stopped). A Ctrl+C there would print
    a traceback from inside it; instead the process ends at once, in one line."""

    def end(signum, frame):
        os.write(2, b"interrupted while exiting; the command had finished\n")
        os._exit(130)

    for name in ("SIGINT", "SIGTERM", "SIGHUP"):  # Windows has no SIGHUP
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), end)
