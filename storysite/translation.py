"""Is each translation current, stale or missing? Decided by hashes, not by git."""

from __future__ import annotations

import enum
import hashlib

from .content import closing_line_index
from .model import Document

NEEDS_TRANSLATION = "# needs translation:"


class TranslationState(str, enum.Enum):
    CURRENT = "current"
    STALE = "stale"  # the original changed since it was translated
    MISSING = "missing"
    UNMARKED = "unmarked"  # no record of which version of the original it follows


def version_of(original: Document) -> str:
    """What a translation records to say which version of the original it follows."""
    meta = original.meta
    text = "\n".join((meta.title, meta.summary, original.body.strip()))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def status(original_version: str | None, translation: Document | None) -> TranslationState:
    """original_version: version_of(the original), None when there is none."""
    if translation is None:
        return TranslationState.MISSING
    if original_version is None:
        return TranslationState.CURRENT  # nothing to follow
    recorded = translation.meta.translation_of
    if not recorded:
        return TranslationState.UNMARKED
    return TranslationState.CURRENT if recorded == original_version else TranslationState.STALE


def with_fingerprint(text: str, value: str) -> str:
    """The translation's file text with `translation_of: value` set in its front matter."""
    lines = text.split("\n")
    end = closing_line_index(text)  # found as the parser finds it, `--- ` included
    if end is None:  # the caller parsed the file, so this is the generator's slip
        raise ValueError("with_fingerprint: the text has no front matter")
    if lines[1].startswith(NEEDS_TRANSLATION):  # the reminder `new` left: done now
        del lines[1]
        end -= 1
    for index in range(1, end):
        if lines[index].startswith("translation_of:"):
            lines[index] = f"translation_of: {value}"
            return "\n".join(lines)
    lines.insert(end, f"translation_of: {value}")
    return "\n".join(lines)
