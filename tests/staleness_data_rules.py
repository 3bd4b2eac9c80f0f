"""The staleness hunt's edits to what the chapters draw on, as rules: the sources, the
timeline, charts, the map, and an image."""

from __future__ import annotations

from hypothesis import strategies as st
from hypothesis.stateful import precondition, rule
from projects import image_bytes
from staleness_edits import (
    CHART_IDS,
    GAMMA,
    SOURCE_EDITS,
    chart_yaml,
    map_yaml,
    timeline_yaml,
    with_source_field,
    without_source,
)
from staleness_project import ProjectFiles


class DataEdits(ProjectFiles):
    # -- sources, timeline, charts ---------------------------------------------------

    @rule(data=st.data(), edit=st.sampled_from(SOURCE_EDITS))
    def edit_source(self, data, edit):
        source_id = data.draw(st.sampled_from(self.source_ids()), label="source")
        field, value = edit
        self.save(
            "content/sources.yaml",
            with_source_field(self.read("content/sources.yaml"), source_id, field, value),
        )

    @precondition(lambda self: "gamma" not in self.source_ids())
    @rule()
    def add_source_gamma(self):
        self.save("content/sources.yaml", self.read("content/sources.yaml").rstrip("\n") + "\n" + GAMMA)

    @precondition(lambda self: "gamma" in self.source_ids() and not self.used_anywhere("gamma"))
    @rule()
    def remove_source_gamma(self):
        self.save("content/sources.yaml", without_source(self.read("content/sources.yaml"), "gamma"))

    @rule(data=st.data(), year=st.sampled_from([2009, 2013, 2020]), which=st.integers(0, 1))
    def add_event(self, data, year, which):
        self.events.append((year, which, data.draw(st.sampled_from(self.source_ids()), label="source")))
        self.save("content/timeline.yaml", timeline_yaml(self.events))

    @precondition(lambda self: self.events)
    @rule(data=st.data(), which=st.integers(0, 1))
    def change_event(self, data, which):
        index = data.draw(st.integers(0, len(self.events) - 1), label="event")
        year, _, source_id = self.events[index]
        self.events[index] = (year, which, source_id)
        self.save("content/timeline.yaml", timeline_yaml(self.events))

    @precondition(lambda self: self.events)
    @rule()
    def remove_last_event(self):
        self.events.pop()
        if self.events:
            self.save("content/timeline.yaml", timeline_yaml(self.events))
        else:
            self.delete("content/timeline.yaml")

    @rule(
        data=st.data(),
        chart_id=st.sampled_from(CHART_IDS),
        title=st.integers(0, 1),
        values=st.sampled_from([(2, 300), (5, 1200)]),
    )
    def write_chart(self, data, chart_id, title, values):
        source_id = data.draw(st.sampled_from(self.source_ids()), label="source")
        self.save(f"content/data/{chart_id}.yaml", chart_yaml(title, values, source_id))

    @precondition(lambda self: any(self.exists(f"content/data/{c}.yaml") for c in CHART_IDS))
    @rule(data=st.data())
    def place_chart(self, data):
        chart_id = data.draw(
            st.sampled_from([c for c in CHART_IDS if self.exists(f"content/data/{c}.yaml")]), label="chart"
        )
        rel = data.draw(st.sampled_from(self.chapter_files()), label="file")
        self.append(rel, f"::: chart {chart_id}")

    @precondition(
        lambda self: any(
            self.exists(f"content/data/{c}.yaml") and not self.used_anywhere(f"::: chart {c}")
            for c in CHART_IDS
        )
    )
    @rule(data=st.data())
    def remove_unused_chart(self, data):
        unused = [
            c
            for c in CHART_IDS
            if self.exists(f"content/data/{c}.yaml") and not self.used_anywhere(f"::: chart {c}")
        ]
        self.delete(f"content/data/{data.draw(st.sampled_from(unused), label='chart')}.yaml")

    @rule(title=st.integers(0, 1), place=st.integers(0, 1), x=st.sampled_from([20, 60]))
    def write_map(self, title, place, x):
        self.save("content/data/maps/where.yaml", map_yaml(title, place, x))

    @precondition(lambda self: self.exists("content/data/maps/where.yaml"))
    @rule(data=st.data())
    def place_map(self, data):
        self.append(data.draw(st.sampled_from(self.chapter_files()), label="file"), "::: map where")

    @precondition(
        lambda self: self.exists("content/data/maps/where.yaml") and not self.used_anywhere("::: map where")
    )
    @rule()
    def remove_unused_map(self):
        self.delete("content/data/maps/where.yaml")

    # -- images: published only while shown, their copies and cards kept in step -------

    @rule(seed=st.integers(0, 1), width=st.sampled_from([300, 600]))
    def write_image(self, seed, width):
        self.project.write("content/images/photo.png", image_bytes(width, 200, "PNG", seed=seed))

    @precondition(lambda self: self.exists("content/images/photo.png"))
    @rule(data=st.data())
    def place_image(self, data):
        self.append(
            data.draw(st.sampled_from(self.chapter_files()), label="file"), "![A photo](images/photo.png)"
        )

    @precondition(lambda self: self.exists("content/images/photo.png"))
    @rule(data=st.data(), lead=st.booleans())
    def set_lead_image(self, data, lead):
        rel = data.draw(st.sampled_from(self.chapter_files()), label="file")
        self.edit_meta(rel, "image", "images/photo.png" if lead else None)
        self.edit_meta(rel, "image_alt", "A photo" if lead else None)

    @precondition(lambda self: self.exists("content/images/photo.png"))
    @rule()
    def remove_image(self):
        self.delete("content/images/photo.png")
