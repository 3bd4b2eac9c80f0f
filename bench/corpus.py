"""Scratch projects to build: a copy of the real site, and copies holding the N-article corpus."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import yaml  # a dependency of the generator, so always installed beside it

SHARED_BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench"
MAKE_CORPUS = SHARED_BENCH / "make_corpus.py"

# What a project consists of; .git, _site/ and any cache are deliberately left behind.
PROJECT_PARTS = ("site.yaml", "content", "templates", "static", "translations")
# The story's own chapters: their `order` values clash with the corpus articles.
REAL_CHAPTERS = ("first-shop", "returnees", "hanfu", "heze")
CACHE_DIR = ".storysite-cache"


def copy_project(repo: Path, dest: Path) -> Path:
    """A fresh copy of the site's sources, safe to edit and build."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = repo / part
        if source.is_dir():
            shutil.copytree(source, dest / part, ignore=shutil.ignore_patterns(CACHE_DIR, "__pycache__"))
        else:
            shutil.copy2(source, dest / part)
    return dest


def export_ref(repo: Path, ref: str, root: Path) -> Path:
    """A read-only snapshot of one commit, so a tree being edited cannot change mid-run."""
    dest = root / f"src-{ref.replace('/', '_')}"
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    archive = subprocess.Popen(["git", "-C", str(repo), "archive", ref], stdout=subprocess.PIPE)
    subprocess.run(["tar", "-x", "-C", str(dest)], stdin=archive.stdout, check=True)
    if archive.wait() != 0:
        raise SystemExit(f"git archive {ref} failed")
    return dest


def source_ids(project: Path) -> list[str]:
    """The bibliography's ids, so the corpus cites sources the project really has."""
    with open(project / "content" / "sources.yaml", encoding="utf-8") as handle:
        return list(yaml.safe_load(handle))


def corpus_project(repo: Path, n: int, workdir: Path) -> Path:
    """The real project with its four chapters replaced by N generated articles per language."""
    project = copy_project(repo, workdir / "project")
    content = project / "content"
    for slug in REAL_CHAPTERS:
        for lang in ("en", "zh"):
            (content / f"{slug}.{lang}.md").unlink(missing_ok=True)
    generated = workdir / "corpus"
    if generated.exists():
        shutil.rmtree(generated)
    # No --stats here: together with --source-ids it crashes make_corpus.py.
    subprocess.run(
        [sys.executable, str(MAKE_CORPUS), str(n), str(generated), "--layout", "native"]
        + ["--source-ids", ",".join(source_ids(project))],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    for article in sorted((generated / "content").glob("*.md")):
        shutil.copy2(article, content / article.name)
    return project


def corpus_slugs(project: Path) -> list[str]:
    """Slugs of the generated articles (they all start with 'a', like a00042-...)."""
    return sorted(path.name[: -len(".en.md")] for path in (project / "content").glob("a*.en.md"))


def chapter_page(out: Path, lang: str, slug: str) -> Path:
    return out / lang / slug / "index.html"


def _peer_checks():
    """check_output.py's own tests for 'rendered Markdown' and 'carries Chinese', so our pages
    are held to exactly what the peers' pages are held to."""
    spec = importlib.util.spec_from_file_location("peer_check_output", SHARED_BENCH / "check_output.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def check_corpus_output(out: Path, slugs: list[str]) -> list[str]:
    """Problems with our build of the corpus: every article page in both languages must
    exist, be rendered, and (zh) carry at least 1000 CJK characters. Empty list: all good."""
    peer = _peer_checks()
    problems = []
    for slug in slugs:
        for lang in ("en", "zh"):
            page = chapter_page(out, lang, slug)
            if not page.is_file():
                problems.append(f"missing {page}")
                continue
            html = page.read_text(encoding="utf-8")
            if not peer.rendered(html):
                problems.append(f"not rendered: {page}")
            if lang == "zh" and len(peer.CJK.findall(html)) < 1000:
                problems.append(f"too little Chinese: {page}")
    return problems


def check_real_output(out: Path) -> list[str]:
    """The real site: each story chapter exists in both languages."""
    return [
        f"missing {chapter_page(out, lang, slug)}"
        for slug in REAL_CHAPTERS
        for lang in ("en", "zh")
        if not chapter_page(out, lang, slug).is_file()
    ]


def html_page_count(out: Path) -> int:
    return sum(1 for _ in out.rglob("*.html"))
