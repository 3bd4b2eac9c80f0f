"""The staleness hunt's edits to the site around the content, as rules: the templates
(the TEMPLATE_SNIPPETS put in and taken out), interface text, site.yaml, the derived
Traditional edition, and edits that break the build, with their repair."""

from __future__ import annotations

import re

from hypothesis import strategies as st
from hypothesis.stateful import precondition, rule
from projects import chapter
from staleness_edits import (
    BREAKAGES,
    GLOSSARIES,
    MSGSTRS,
    OVERRIDE_TITLES,
    SITE_VALUES,
    meta_value,
    with_meta,
)
from staleness_project import ProjectFiles
from staleness_snippets import TEMPLATE_SNIPPETS


class SiteEdits(ProjectFiles):
    # -- templates, interface text, site.yaml ----------------------------------------

    @rule(name=st.sampled_from(sorted(TEMPLATE_SNIPPETS)))
    def toggle_snippet(self, name):
        """Insert the snippet into its template, or take it out again."""
        snippet = TEMPLATE_SNIPPETS[name]
        rel = f"templates/{snippet.template}"
        text = self.read(rel)
        assert snippet.anchor in text, f"TEMPLATE_SNIPPETS is out of date: {snippet.anchor!r} not in {rel}"
        if name in self.snippets:
            text = text.replace(snippet.text, "", 1)
            self.snippets.discard(name)
        else:
            text = text.replace(snippet.anchor, snippet.anchor + snippet.text, 1)
            self.snippets.add(name)
        self.save(rel, text)

    @rule(msgid=st.sampled_from(sorted(MSGSTRS)), which=st.integers(0, 1))
    def edit_interface_text(self, msgid, which):
        rel = "translations/zh/LC_MESSAGES/messages.po"
        pattern = re.compile(rf'^(msgid "{re.escape(msgid)}"\nmsgstr )"[^"\n]*"$', re.MULTILINE)
        text, count = pattern.subn(lambda m: m.group(1) + f'"{MSGSTRS[msgid][which]}"', self.read(rel))
        assert count == 1, f"{msgid!r} not found once in {rel}"
        self.save(rel, text)

    @rule(data=st.data(), key=st.sampled_from(sorted(SITE_VALUES)))
    def edit_site_yaml(self, data, key):
        value = data.draw(st.sampled_from(SITE_VALUES[key]), label=key)
        self.save(
            "site.yaml",
            re.sub(rf"^{key}: .*$", f"{key}: {value}", self.read("site.yaml"), flags=re.MULTILINE),
        )

    # -- the derived Traditional edition: on or off, its glossary, a hand-written chapter --

    @rule()
    def toggle_third_edition(self):
        text = self.read("site.yaml")
        two, three = "languages: [en, zh]", "languages: [en, zh, zh-Hant]"
        self.save("site.yaml", text.replace(three, two) if three in text else text.replace(two, three))

    @rule(glossary=st.sampled_from(GLOSSARIES))
    def edit_glossary(self, glossary):
        self.save("translations/zh_Hant/glossary.yaml", glossary)

    @precondition(lambda self: "zh-Hant" in self.read("site.yaml"))
    @rule(data=st.data(), title=st.sampled_from(OVERRIDE_TITLES))
    def write_or_remove_override(self, data, title):
        rel = f"content/{data.draw(st.sampled_from(self.slugs()), label='chapter')}.zh-Hant.md"
        if self.exists(rel):
            self.delete(rel)
        else:
            self.save(rel, chapter(title, None, "手寫的正文。\n"))

    # -- edits that break the build, and their repair --------------------------------

    @precondition(lambda self: len(self.breakages) < len(BREAKAGES))
    @rule(data=st.data())
    def break_the_build(self, data):
        kind = data.draw(st.sampled_from([k for k in BREAKAGES if k not in self.breakages]), label="breakage")
        if kind == "a template error":
            rel = "templates/base.html"
        else:
            rel = f"content/{data.draw(st.sampled_from(self.slugs()), label='chapter')}.en.md"
        text = self.read(rel)
        if kind == "a date that is not one":
            self.breakages[kind] = (rel, meta_value(text, "updated"))  # the date to put back
            self.save(rel, with_meta(text, "updated", "not-a-date"))
        else:
            bad = "[@nobody]" if kind == "an unknown source" else "{{ no_such_name }}"
            self.breakages[kind] = (rel, bad)  # the paragraph to take out
            self.save(rel, text.rstrip("\n") + f"\n\n{bad}\n")

    @precondition(lambda self: self.breakages)
    @rule()
    def repair(self):
        for kind, (rel, undo) in sorted(self.breakages.items()):
            text = self.read(rel)
            if kind == "a date that is not one":
                self.save(rel, with_meta(text, "updated", undo))
            else:  # the bad paragraph, unless an edit replaced it already
                self.save(rel, text.replace(f"\n\n{undo}\n", "\n", 1))
        self.breakages.clear()
