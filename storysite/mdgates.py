"""Python-Markdown's optional passes, run only on documents that hold their mark.

`fenced_code` searches every document for a fence and `attr_list` visits every
element for a `{`, though few chapters have either: together about 4% of converting
a body, timed pass by pass. A chapter without the mark cannot be changed by the
pass (a fence opens with ``` or ~~~ at a line's start, an attribute list is
written in braces), so skipping it there gives the same HTML by construction.
"""

from __future__ import annotations

from markdown import Extension
from markdown.preprocessors import Preprocessor

# registry -> {processor name: the marks without which it changes nothing}
GATED = {
    "preprocessors": {"fenced_code_block": ("```", "~~~")},
    "treeprocessors": {"attr_list": ("{",)},
}
UNCHANGED = {"preprocessors": lambda lines: lines, "treeprocessors": lambda root: None}


class _SeeMarks(Preprocessor):
    """First of all passes: which marks the document's own text holds."""

    def __init__(self, md, ext: MarkGates):
        super().__init__(md)
        self.ext = ext

    def run(self, lines):
        text = "\n".join(lines)
        self.ext.present = frozenset(mark for marks in self.ext.marks for mark in marks if mark in text)
        return lines


class MarkGates(Extension):
    """Register after the extensions whose passes it gates."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.present: frozenset[str] = frozenset()
        self.marks: list[tuple[str, ...]] = []

    def extendMarkdown(self, md):
        md.registerExtension(self)
        md.preprocessors.register(_SeeMarks(md, self), "see-marks", 1000)
        for registry_name, gated in GATED.items():
            registry = getattr(md, registry_name)
            for name, marks in gated.items():
                if name in registry:
                    self._gate(registry[name], marks, UNCHANGED[registry_name])

    def _gate(self, processor, marks: tuple[str, ...], unchanged) -> None:
        """The processor's own run, wrapped on this instance only: its place among the
        passes stays the one its extension gave it."""
        self.marks.append(marks)
        run = processor.run

        def run_where_marked(data):
            return run(data) if self.present.intersection(marks) else unchanged(data)

        processor.run = run_where_marked

    def reset(self):
        self.present = frozenset()
