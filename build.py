"""Build, preview and check the site: see `python build.py --help`."""

import sys

try:
    from storysite.cli import main
except ModuleNotFoundError as missing:  # the set-up step was skipped, or another Python runs this
    if (missing.name or "").startswith("storysite"):
        raise
    sys.exit(
        f"error: the generator needs the Python package '{missing.name}', which this Python "
        f"({sys.executable}) does not have.\nInstall what the project needs, then try again:\n"
        "  python -m pip install -e ."
    )

if __name__ == "__main__":
    sys.exit(main())
