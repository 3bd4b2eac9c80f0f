"""Build, preview and check the site: see `python build.py --help`."""

import os
import sys


def end_at_once(line: str) -> None:
    """Say what happened in one line and end with status 130, as a shell reports Ctrl+C:
    for a Ctrl+C while the generator is still being imported (a third of a second, when
    Python's own handling would print a traceback), or in the instants of main() its own
    handling does not cover. Nothing of ours is left running to clean up then."""
    os.write(2, line.encode("utf-8") + b"\n")  # not sys.stderr, which it may have cut short mid-write
    os._exit(130)


try:
    import signal

    # Ctrl+C works from here on, even for a process started with it ignored (a shell
    # script's background job): Python leaves an ignored SIGINT ignored, and a Ctrl+C
    # while the generator is imported would otherwise be lost (stop_on_signals, below,
    # sets the same once the command line is read).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    import gc

    from storysite.cli import end_at_once_on_signals, main, stop_on_signals
except KeyboardInterrupt:
    end_at_once("interrupted while starting; nothing was changed")
except RuntimeError as error:  # Python 3.11 wraps what a class's __set_name__ raises, Ctrl+C too
    if not isinstance(error.__cause__, KeyboardInterrupt):
        raise
    end_at_once("interrupted while starting; nothing was changed")
except ModuleNotFoundError as missing:  # the set-up step was skipped, or another Python runs this
    if (missing.name or "").startswith("storysite"):
        raise
    sys.exit(
        f"error: the generator needs the Python package '{missing.name}', which this Python "
        f"({sys.executable}) does not have.\nInstall what the project needs, then try again:\n"
        "  python -m pip install -e ."
    )

# This process runs one command and exits (or serves one project): a policy for the
# process, set where the process starts, never by a stage, so that a build run inside
# another program (the tests) leaves that program's collector alone. A warm build
# unpickles some 300,000 objects that all stay alive: at the default threshold (700
# allocations) the cycle collector rescans them again and again, 0.25 s of a 1.6 s
# build at N = 1,000. Fewer, larger collections, as mypy and other long-running
# Python tools do; cycles are still collected.
COLLECT_EVERY = (50_000, 20, 20)

if __name__ == "__main__":
    try:
        gc.set_threshold(*COLLECT_EVERY)
        stop_on_signals()  # `kill` and a closed terminal stop a command as Ctrl+C does
        code = main(leave_at_once=True)
    except KeyboardInterrupt:  # as main() read the command line, or said how its command ended
        end_at_once("interrupted")
    end_at_once_on_signals()  # the command has finished and said so: what is left is Python's exit
    sys.exit(code)
