"""Build, preview and check the site: see `python build.py --help`."""

import gc
import sys

try:
    from storysite.cli import main, stop_on_signals
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
    gc.set_threshold(*COLLECT_EVERY)
    stop_on_signals()  # `kill` and a closed terminal stop a command as Ctrl+C does
    sys.exit(main(leave_at_once=True))
