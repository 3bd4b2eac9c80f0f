"""What may name a chapter: its slug, which is its files' name and its address, and
the slug an editor most likely meant when the one typed cannot be one."""

from __future__ import annotations

import re

# \Z, not $: `$` also matches before a final newline, which would let "x\n" through.
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")
MAX_SLUG_LENGTH = 100  # well under the 255 bytes a file name may have, with room for .en.md
# Names Windows keeps for devices, whatever follows the dot: `con.en.md` cannot be opened there.
WINDOWS_DEVICE_NAMES = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{port}{n}" for port in ("com", "lpt") for n in range(10)]
)
FILE_NAME_END_RE = re.compile(r"(\.[A-Za-z-]+)?\.md\Z")  # `night-market.en.md` typed for the slug


def slug_problem(slug: str) -> str | None:
    """Why `slug` cannot name a chapter's files and URL, or None if it can. A slug
    accepted here is one safe path segment on every system: no separators, no dots."""
    if not SLUG_RE.match(slug):
        meant = meant_slug(slug)
        example = f"; did you mean '{meant}'?" if meant else ", e.g. 'first-shop'"
        return (
            f"'{slug}' is not a valid slug: use lowercase ASCII letters, digits and single hyphens{example}"
        )
    if len(slug) > MAX_SLUG_LENGTH:
        return f"the slug is {len(slug)} characters long; keep it to {MAX_SLUG_LENGTH} at most"
    if slug in WINDOWS_DEVICE_NAMES:
        return (
            f"'{slug}' is a device name on Windows (like con, nul, com1, lpt1), so a file named "
            "after it cannot be opened there; choose another slug"
        )
    return None


def meant_slug(typed: str) -> str | None:
    """The slug `typed` reads as once capitals are lowered and spaces and underscores
    become hyphens (`Night Market`, `night_market` -> night-market), or None where
    more than that would have to change: a letter is never dropped or guessed at."""
    words = re.sub(r"[\s_-]+", "-", FILE_NAME_END_RE.sub("", typed.strip()).lower()).strip("-")
    return words if SLUG_RE.match(words) and words != typed else None
