"""Characters no page or feed may hold: XML 1.0 forbids the C0 controls but tab and line
breaks, and the non-characters U+FFFE and U+FFFF; HTML, the C1 controls too. Word's line
break (U+000B) is the usual one pasted; YAML's escapes in quotes ("\\a", "\\x07", "\\0")
write any of them in plain ASCII."""

from __future__ import annotations

import re

INVISIBLE_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def kind(char: str) -> str:
    """'control character (U+000B)', or 'non-character (U+FFFE)'."""
    what = "non-character" if char in "\ufffe\uffff" else "control character"
    return f"{what} (U+{ord(char):04X})"


def escaped_problem(char: str) -> str:
    """Said of a YAML value whose escape (in double quotes) stands for such a character."""
    return (
        f"the text here holds the invisible {kind(char)}, written as an escape in quotes "
        "(such as \\0, \\a, \\x07 or \\u000b): no page or feed may hold it, and a feed reader "
        "refuses the whole feed; delete the escape"
    )
