"""The templates: their text, read once per build, compiled once per text.

A template's compiled code is a result like any other: Cache.map keeps it under
the fingerprint of the template's name and text (and, through GENERATOR_VERSION,
of Jinja's version and the options below), so a build compiles only templates
that changed since the cache was written. Jinja checks the Python version and
the source's checksum again when it loads the code.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import jinja2
from jinja2.bccache import Bucket, BytecodeCache
from jinja2.ext import extract_from_ast
from markupsafe import escape

from .cache import Cache
from .config import SiteConfig
from .content import decode
from .i18n import Catalog, Catalogs
from .quoted import mark_quoted_han, typeset

TEMPLATE_SUFFIXES = (".html", ".xml", ".txt")
TEMPLATES_DIR = "templates"
# The names templates translate with: _() and gettext(), ngettext() for plurals, and
# translate(lang, "...") on the pages in every language (the cover, the 404 page).
GETTEXT_FUNCTIONS = ("_", "gettext", "ngettext", "translate")


def new_environment(**options) -> jinja2.Environment:
    """The one configuration every template is compiled and rendered with."""
    env = jinja2.Environment(
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        **options,
    )
    env.filters["quoted_han"] = mark_quoted_han
    env.filters["typeset"] = typeset
    # JSON-LD in Chinese as Chinese, not \uXXXX: a third of the bytes. `tojson` still
    # escapes < > & ' so that the data cannot end its <script> element.
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    return env


@dataclass(frozen=True)
class CompiledTemplate:
    """A template's code as Jinja stores it (None if it does not compile: the page that
    uses it then reports the error, with its line), and the interface texts it asks for."""

    code: bytes | None
    messages: tuple[tuple[int, str | tuple[str, str]], ...]  # (line, msgid); a plural's: (one, several)


def compile_template(source: tuple[str, str]) -> CompiledTemplate:
    """(name, text) -> its code and texts, from one parse (a third of compiling it)."""
    name, text = source
    env = new_environment()
    try:
        tree = env.parse(text, name, f"{TEMPLATES_DIR}/{name}")
    except jinja2.TemplateSyntaxError:
        return CompiledTemplate(None, ())
    messages = translated_texts(tree)
    bucket = Bucket(env, name, BytecodeCache().get_source_checksum(text))
    try:
        bucket.code = env.compile(tree, name, f"{TEMPLATES_DIR}/{name}")
    except jinja2.TemplateSyntaxError:  # some errors are found only while generating code
        return CompiledTemplate(None, messages)
    out = io.BytesIO()
    bucket.write_bytecode(out)
    return CompiledTemplate(out.getvalue(), messages)


def translated_texts(tree: jinja2.nodes.Template) -> tuple[tuple[int, str | tuple[str, str]], ...]:
    """(line, msgid) of every string a template translates."""
    found = []
    for line, function, strings in extract_from_ast(tree, GETTEXT_FUNCTIONS, babel_style=False):
        texts = [s for s in (strings if isinstance(strings, tuple) else (strings,)) if isinstance(s, str)]
        if function == "ngettext" and len(texts) >= 2:
            found.append((line, (texts[0], texts[1])))
        elif texts:
            found.append((line, texts[-1]))  # translate(lang, "..."): the text is its last argument
    return tuple(found)


class _Compiled(BytecodeCache):
    """Hands Jinja the code compile_template made, by template name."""

    def __init__(self, compiled: dict[str, bytes | None]):
        self.compiled = compiled

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return name

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.load_bytecode(io.BytesIO(code))  # checks the Python version and the checksum

    def dump_bytecode(self, bucket: Bucket) -> None:
        pass  # what is compiled here, on a miss, lives as long as this environment


@dataclass(frozen=True)
class Templates:
    """Every template's source text and compiled code, and one language's interface text."""

    sources: tuple[tuple[str, str], ...]  # (name, text)
    compiled: tuple[CompiledTemplate, ...]  # of each source, in order
    catalog: Catalog

    @cached_property
    def environment(self) -> jinja2.Environment:
        """From these very sources and their code (nothing is read from disk), made once
        per Templates value: Cache.intern hands the preview the same value while nothing
        changed."""
        compiled = {name: made.code for (name, _), made in zip(self.sources, self.compiled, strict=True)}
        env = new_environment(loader=jinja2.FunctionLoader(self._source), bytecode_cache=_Compiled(compiled))
        # Interface text is text: Jinja trusts what gettext returns as HTML, so a quote in
        # a translation (or a glossary's replacement) would end an attribute and start
        # another (onfocus=...) on every page of the edition. Escaped here, it is shown.
        catalog = self.catalog
        env.install_gettext_callables(
            gettext=lambda message: escape(catalog.gettext(message)),
            ngettext=lambda one, several, count: escape(catalog.ngettext(one, several, count)),
            newstyle=True,
        )
        return env

    def _source(self, name: str) -> tuple[str, str, Callable[[], bool]] | None:
        """(text, file name for tracebacks, always up to date)."""
        text = dict(self.sources).get(name)
        return None if text is None else (text, f"{TEMPLATES_DIR}/{name}", lambda: True)

    def load_all(self) -> None:
        for name, _ in self.sources:
            if name.endswith(TEMPLATE_SUFFIXES):
                with contextlib.suppress(jinja2.TemplateError):  # reported, with its line, when used
                    self.environment.get_template(name)


def _is_template(name: str) -> bool:
    """Not a hidden file (.DS_Store) nor an editor's backup or swap file (x.html~, .x.swp)."""
    return not name.startswith((".", "#")) and not name.endswith("~")


def load_templates(
    config: SiteConfig, catalogs: Catalogs, cache: Cache, preview: bool
) -> dict[str, Templates]:
    """One Templates per language, the same objects as last time while nothing changed.
    The preview loads them all up front, so that no save waits for it."""
    folder = config.templates_dir
    sources = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and _is_template(p.name)):
        name = path.relative_to(folder).as_posix()
        display = f"{TEMPLATES_DIR}/{name}"
        sources.append((name, decode(cache.files.read(path, display).data, display)))
    compiled = tuple(cache.map(compile_template, sources))
    found = {}
    for lang in config.languages:
        found[lang] = cache.intern(Templates(tuple(sources), compiled, catalogs.by_lang[lang]))
        if preview:
            found[lang].load_all()
    return found
