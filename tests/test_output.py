import os

import pytest
from projects import SITE_YAML

from storysite.errors import SiteError
from storysite.output import MARKER, safe_target, update_site, write_site
from storysite.outputdir import check_output_dir, marker_of


def test_site_is_swapped_in_whole_and_stale_files_disappear(tmp_path):
    out = tmp_path / "_site"
    write_site([("a/index.html", b"one"), ("old.html", b"x")], out)
    write_site([("a/index.html", b"two")], out)
    assert (out / "a/index.html").read_bytes() == b"two"
    assert not (out / "old.html").exists()
    assert marker_of(out).is_file() and not (out / MARKER).exists()  # never published
    assert sorted(p.name for p in tmp_path.iterdir()) == ["._site.storysite-output", "_site"]


def test_a_site_made_by_an_earlier_version_is_replaced_and_loses_its_marker(tmp_path):
    out = tmp_path / "_site"
    out.mkdir()
    (out / MARKER).write_text("made by storysite\n")
    (out / "old.html").write_text("x")
    check_output_dir(out, tmp_path / "project")
    write_site([("index.html", b"new")], out)
    assert sorted(p.name for p in out.iterdir()) == ["index.html"]


def test_a_folder_that_is_not_ours_is_refused(tmp_path):
    out = tmp_path / "_site"
    out.mkdir()
    (out / "mine.html").write_text("x")
    with pytest.raises(SiteError):
        check_output_dir(out, tmp_path / "project")
    write_site([("index.html", b"x")], tmp_path / "other")
    (tmp_path / "other" / "index.html").unlink()
    marker_of(tmp_path / "other").rename(marker_of(out))  # the marker names the folder it stands beside
    check_output_dir(out, tmp_path / "project")


def test_a_failure_while_writing_leaves_the_previous_site(tmp_path):
    out = tmp_path / "_site"
    write_site([("index.html", b"good")], out)
    with pytest.raises(SiteError):
        write_site([("index.html", b"new"), ("../escape.html", b"bad")], out)
    assert (out / "index.html").read_bytes() == b"good"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["._site.storysite-output", "_site"]


class StillBeingMade:
    """Outputs not ready when the site is written (the search index, made by Pagefind)."""

    def __init__(self, out, files, failure=None):
        self.out, self.files, self.failure = out, files, failure
        self.seen_beside = []  # the folders beside the site when the files were asked for

    def done(self) -> bool:
        return False

    def result(self):
        self.seen_beside = sorted(p.name for p in self.out.parent.iterdir())
        if self.failure:
            raise self.failure
        return self.files


def test_outputs_still_being_made_are_written_after_the_others_and_swapped_in_with_them(tmp_path):
    out = tmp_path / "_site"
    write_site([("index.html", b"old"), ("search/old.pf", b"x")], out)
    later = StillBeingMade(out, [("search/index.pf", b"new index")])
    write_site([("index.html", b"new")], out, [later])
    # While it writes, the build holds the lock beside the site (no second build of the
    # same folder meanwhile); it is gone once the site is swapped in.
    assert later.seen_beside == [
        "._site.storysite-lock", "._site.storysite-output", "._site.tmp-" + str(os.getpid()), "_site"
    ]  # fmt: skip
    assert sorted(p.name for p in out.parent.iterdir()) == ["._site.storysite-output", "_site"]
    assert (out / "index.html").read_bytes() == b"new" and not (out / "search/old.pf").exists()
    assert (out / "search/index.pf").read_bytes() == b"new index"


def test_outputs_that_fail_while_being_made_leave_the_previous_site_and_nothing_beside(tmp_path):
    out = tmp_path / "_site"
    write_site([("index.html", b"good")], out)
    later = StillBeingMade(
        out, [], failure=SiteError.single("pagefind", None, "the index could not be built")
    )
    with pytest.raises(SiteError):
        write_site([("index.html", b"new")], out, [later])
    assert (out / "index.html").read_bytes() == b"good"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["._site.storysite-output", "_site"]


def test_leftovers_of_a_killed_build_are_cleaned_up(tmp_path):
    out = tmp_path / "_site"
    leftover = tmp_path / "._site.tmp-99999"
    leftover.mkdir()
    (leftover / MARKER).write_text("x")
    write_site([("index.html", b"x")], out)
    assert not leftover.exists()


@pytest.mark.parametrize("rel", ["../x", "a/../../x", "/etc/passwd", ".", "a/./../.."])
def test_paths_outside_the_output_are_refused(tmp_path, rel):
    with pytest.raises(SiteError):
        safe_target(tmp_path, rel)


def test_a_sibling_with_a_common_prefix_is_outside(tmp_path):
    (tmp_path / "site").mkdir()
    with pytest.raises(SiteError):
        safe_target(tmp_path / "site", "../site-evil/x")


def test_output_folders_that_would_destroy_something_are_refused(tmp_path):
    project = tmp_path / "p"
    (project / "content").mkdir(parents=True)
    for bad in (
        project,
        project / "content",
        project / "content" / "x",
        tmp_path,
        "/",
        os.path.expanduser("~"),
    ):
        with pytest.raises(SiteError):
            check_output_dir(type(project)(bad), project)
    for hidden_or_code in (".storysite-cache", ".git/site", "storysite/out", ".venv/site"):
        with pytest.raises(SiteError):  # the cache published or wiped, .git corrupted, the code replaced
            check_output_dir(project / hidden_or_code, project)
    git_site = project / "out"
    (git_site / ".git").mkdir(parents=True)
    with pytest.raises(SiteError):
        check_output_dir(git_site, project)
    check_output_dir(project / "_site", project)


@pytest.mark.parametrize("planted", ["a", "a/b"])
def test_a_link_planted_in_the_site_is_replaced_and_what_it_leads_to_is_left_alone(tmp_path, planted):
    """A folder of the site swapped for a link to a folder outside that holds the very
    bytes a build makes: the build neither counts those files as already written nor
    links to them; it writes the folder anew, and the outside stays as it was."""
    out, outside = tmp_path / "_site", tmp_path / "outside"
    outputs = [("a/b/index.html", b"page"), ("a/index.html", b"home"), ("index.html", b"cover")]
    write_site(outputs, out)
    (outside / "b").mkdir(parents=True)
    for rel, data in outputs:
        if rel.startswith(planted + "/"):
            (outside / rel[len(planted) + 1 :]).write_bytes(data)
    before = {p: p.read_bytes() for p in outside.rglob("*") if p.is_file()}
    linked = out / planted
    os.rename(linked, tmp_path / "moved")
    linked.symlink_to(outside)
    write_site(outputs, out)
    assert not linked.is_symlink() and (out / "a/b/index.html").read_bytes() == b"page"
    assert {p: p.read_bytes() for p in outside.rglob("*") if p.is_file()} == before
    assert all(os.stat(p).st_nlink == 1 for p in before)  # no file of the site is one of them


def test_a_file_of_the_site_swapped_for_a_link_to_the_same_bytes_is_written_anew(tmp_path):
    """A page replaced by a link to a file outside that holds exactly its bytes: the
    build does not take the link for the page (nor hard-link what it leads to)."""
    out, outside = tmp_path / "_site", tmp_path / "outside.html"
    outputs = [("a/index.html", b"page"), ("index.html", b"cover")]
    write_site(outputs, out)
    outside.write_bytes(b"page")
    (out / "a/index.html").unlink()
    (out / "a/index.html").symlink_to(outside)
    write_site(outputs, out)
    assert not (out / "a/index.html").is_symlink() and (out / "a/index.html").read_bytes() == b"page"
    assert outside.read_bytes() == b"page" and os.stat(outside).st_nlink == 1


def test_a_named_pipe_planted_in_the_site_is_replaced_without_waiting_on_it(tmp_path):
    """Opening a named pipe waits for a writer: comparing the site must not."""
    out = tmp_path / "_site"
    outputs = [("a/index.html", b"page"), ("index.html", b"cover")]
    write_site(outputs, out)
    (out / "a/index.html").unlink()
    os.mkfifo(out / "a/index.html")
    write_site(outputs, out)
    assert (out / "a/index.html").is_file() and (out / "a/index.html").read_bytes() == b"page"


class HoldsTheSite:
    """Outputs still being made, which start a second build of the same folder meanwhile."""

    def __init__(self, out):
        self.out, self.second = out, None

    def done(self) -> bool:
        return False

    def result(self):
        with pytest.raises(SiteError) as refused:
            write_site([("index.html", b"second")], self.out)
        self.second = refused.value
        return []


def test_a_second_build_of_the_same_folder_meanwhile_is_refused_and_harms_neither(tmp_path):
    """Two builds at once: the second would take the first's hidden folder for a
    leftover and remove it (the first then failed with 'No such file or directory').
    The second is refused with a clear line; the first finishes whole."""
    out = tmp_path / "_site"
    write_site([("index.html", b"old")], out)
    meanwhile = HoldsTheSite(out)
    write_site([("index.html", b"first")], out, [meanwhile])
    assert "another build is writing this folder" in str(meanwhile.second)
    assert (out / "index.html").read_bytes() == b"first"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["._site.storysite-output", "_site"]


def test_an_output_folder_inside_folders_not_made_yet_is_made_with_them(tmp_path):
    out = tmp_path / "new" / "deeper" / "_site"
    write_site([("index.html", b"x")], out)
    assert (out / "index.html").read_bytes() == b"x"
    assert sorted(p.name for p in out.parent.iterdir()) == ["._site.storysite-output", "_site"]


@pytest.mark.parametrize("output", [".storysite-cache", "/", "content"])
def test_check_refuses_the_output_folder_build_would_refuse_at_its_line_in_site_yaml(make_project, output):
    """`check` passed folders that `build` then refused, and the build named the folder,
    not the line that chose it. A build into the cache folder published the cache."""
    project = make_project({"site.yaml": SITE_YAML + f"output: {output}\n"})
    line = SITE_YAML.count("\n") + 1
    for command in ("check", "build"):
        result = project.run(command)
        assert result.returncode == 1, (command, result.stderr)
        assert f"site.yaml:{line}: error: output: " in result.stderr, result.stderr
    assert not (project.root / ".storysite-cache" / "index.html").exists()


@pytest.mark.parametrize("inside", ["_site/.cache", "static/cache", "content/images"])
def test_a_cache_folder_where_its_files_would_be_published_is_refused(make_project, inside):
    """STORYSITE_CACHE in the output or static/ published the cache (drafts' text and
    all); in content/images every build then failed on it as a broken image."""
    project = make_project()
    result = project.run("build", env={"STORYSITE_CACHE": str(project.root / inside)})
    assert result.returncode == 1
    assert "STORYSITE_CACHE: error: " in result.stderr, result.stderr
    assert not (project.root / inside).exists() and not project.out.exists()


def test_the_preview_folder_loses_the_folder_of_a_page_that_is_gone(tmp_path):
    """A chapter renamed while the preview runs left its empty folder, so its old address
    still answered as a folder; the folders the site still uses stay."""
    out = tmp_path / "preview"
    first = [("en/old/index.html", b"old"), ("en/index.html", b"home")]
    for path, data in first:
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_bytes(data)
    update_site([("en/new/index.html", b"new"), ("en/index.html", b"home")], out, dict(first))
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [
        "en", "en/index.html", "en/new", "en/new/index.html",
    ]  # fmt: skip
