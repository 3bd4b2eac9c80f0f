"""A well-formed chapter for the robustness tests to break: they re-encode it, change
one line of it, or save it under names and in places where it must be refused."""

from __future__ import annotations

from projects import chapter

GOOD_ONE = chapter("One", 1, "First fact [@alpha]. Second [@alpha; @beta].\n")
