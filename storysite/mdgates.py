"""Python-Markdown's passes and inline patterns, run only where their mark is.

`fenced_code` searches every document for a fence and `attr_list` visits every
element for a `{`, though few chapters have either: together about 4% of converting
a body, timed pass by pass. A chapter without the mark cannot be changed by the
pass (a fence opens with ``` or ~~~ at a line's start, an attribute list is
written in braces), so skipping it there gives the same HTML by construction.

Inline patterns are the larger cost: Python-Markdown tries each of its inline
patterns (sixteen, with our citations) on every run of text, though a chapter of
prose holds no backtick, backslash, `<` or `&` (eight patterns), and most no image
or footnote. Each pattern below cannot match without one of its marks (its regular
expression begins with or requires it: tests/test_mdgates.py tries each against
texts without them), so the inline pass is given only the patterns whose marks are
somewhere in the text it will read; a pattern not listed is always tried.
"""

from __future__ import annotations

from markdown import Extension
from markdown.preprocessors import Preprocessor

# registry -> {processor name: the marks without which it changes nothing}
GATED = {
    "preprocessors": {"fenced_code_block": ("```", "~~~")},
    "treeprocessors": {"attr_list": ("{",), "wide-tables": ("|",)},  # a Markdown table has its pipes
}
# inline pattern name -> the marks without one of which it never matches
INLINE_MARKS = {
    "backtick": ("`",),
    "escape": ("\\",),
    "reference": ("[",),
    "link": ("[",),
    "image_link": ("![",),
    "image_reference": ("![",),
    "short_reference": ("[",),
    "short_image_ref": ("![",),
    "autolink": ("<",),
    "automail": ("<",),
    "linebreak": ("  \n",),
    "html": ("<",),
    "entity": ("&",),
    "em_strong": ("*", "_"),
    "footnote": ("[^",),
    "citation": ("[@",),
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
        if "inline" in md.treeprocessors:
            _gate_inline_patterns(md.treeprocessors["inline"], md.inlinePatterns)

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


def _gate_inline_patterns(inline, registry) -> None:
    """The inline pass's own run, wrapped on this instance: for each tree it reads, the
    patterns whose marks its text holds, in their order (the pass only indexes them)."""
    marks_of = {id(registry[name]): marks for name, marks in INLINE_MARKS.items() if name in registry}
    run = inline.run

    def run_with_possible_patterns(tree, ancestors=None):
        text = "".join(part for element in tree.iter() for part in (element.text, element.tail) if part)
        inline.inlinePatterns = [
            pattern
            for pattern in registry
            if id(pattern) not in marks_of or any(mark in text for mark in marks_of[id(pattern)])
        ]
        try:
            return run(tree, ancestors)
        finally:
            inline.inlinePatterns = registry

    inline.run = run_with_possible_patterns
