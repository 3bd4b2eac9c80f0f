"""The build, top to bottom: load, gather and check, render, write."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .assemble import assemble
from .assets import collect_assets, published_files
from .cache import Cache, project_cache
from .config import SiteConfig, load_config
from .errors import Problem, Problems, SiteError
from .links import broken_links
from .output import check_output_dir, write_site
from .render import render_site


@dataclass(frozen=True)
class BuildResult:
    pages: int
    warnings: list[Problem]


def render_outputs(
    config: SiteConfig, problems: Problems, preview: bool = False, cache: Cache | None = None
) -> list[tuple[str, bytes]]:
    """Everything the site consists of, in memory; raises SiteError on any error."""
    # Files copied as they are, gathered first so that their problems are reported
    # together with everything assemble() finds.
    asset_urls, asset_files = collect_assets(config.static_dir, config.base_path, config.project, problems)
    media_files = _media_files(config, problems)
    site, translations, urls = assemble(config, problems, include_drafts=preview, cache=cache)
    problems.raise_if_errors()
    outputs = render_site(config, site, translations, urls, asset_urls, preview, cache)
    outputs.extend(asset_files)
    outputs.extend(media_files)
    return outputs


def _media_files(config: SiteConfig, problems: Problems) -> list[tuple[str, bytes]]:
    images = config.content_dir / "images"
    return [
        (path.relative_to(config.content_dir).as_posix(), data)
        for path, data in published_files(images, config.project, problems)
    ]


def build(project: Path, output: Path | None = None) -> BuildResult:
    """Build the published site; the previous output survives any failure."""
    config = load_config(project, output)
    check_output_dir(config.output, project)
    problems = Problems()
    cache = project_cache(project)
    outputs = render_outputs(config, problems, cache=cache)
    write_site(outputs, config.output)
    cache.save()
    pages = sum(1 for path, _ in outputs if path.endswith(".html"))
    return BuildResult(pages, problems.warnings)


def check(project: Path) -> Problems:
    """Everything build() checks, drafts included, writing nothing."""
    problems = Problems()
    try:
        config = load_config(project)
        cache = project_cache(project, writable=False)
        outputs = render_outputs(config, problems, preview=True, cache=cache)  # preview: with the drafts
        problems.extend(broken_links(outputs, config.base_url, "(built page)"))
    except SiteError as exc:
        known = set(problems.items)
        problems.extend([p for p in exc.problems if p not in known])
    return problems
