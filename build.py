"""Build, preview and check the site: see `python build.py --help`."""

import sys

from storysite.cli import main

if __name__ == "__main__":
    sys.exit(main())
