"""Letters: Jinja templates rendered in a sandbox to letter markup, then to text, HTML and PDF.

Templates live in the package (``vlo/templates``, from the repository's ``templates/``) and may be
overridden or added to by a folder of the unit's own, searched first; ``packaged:NAME`` always
reaches the packaged one, so a unit's template can extend it. A template renders to letter markup
(``vlo.letters.markup``): one structure of headings, paragraphs, lists and the letter's frame, from
which the text, HTML and PDF forms are all made. Rendering is strict: a missing value stops the
batch before any file is written, naming the template, field and person.

For a batch, ``vlo.letters.batch.render_batch`` lays every page out once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from vlo.errors import VloError
from vlo.letters.markup import Block, MarkupError, from_text, parse, to_text

PACKAGED = (
    "initial-contact",
    "opt-in-confirmation",
    "key-stage-update",
    "licence-condition-outcome",
    "breach-outcome",
    "annual-letter",
    "closure",
)
FORMATS = ("txt", "html", "pdf")
PRINT_FORMATS = ("standard", "large-print", "easy-read")  # 12 pt, 16 pt, 14 pt
LANGUAGES = ("en", "cy", "bilingual")
SUFFIX = ".txt.j2"
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,48}$")


def packaged_dir() -> Path:
    """``vlo/templates`` in an installed package; the repository's ``templates/`` in a checkout."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "templates"
    return installed if installed.is_dir() else package.parent / "templates"


def check_name(name: str) -> str:
    if not _NAME.match(name or ""):
        raise VloError("template name must be lower-case letters, digits and '-', like initial-contact")
    return name


def template_file(name: str, language: str = "en") -> str:
    """The file a letter in ``language`` is read from: ``NAME.txt.j2``, ``NAME.cy.txt.j2`` (Welsh)
    or ``NAME.bilingual.txt.j2`` (Welsh and English)."""
    if language not in LANGUAGES:
        raise VloError(f"language must be one of: {', '.join(LANGUAGES)}")
    return check_name(name) + ("" if language == "en" else f".{language}") + SUFFIX


@dataclass(frozen=True)
class TemplateInfo:
    name: str
    source: str  # "packaged" or "unit's folder"
    path: Path
    overrides: bool = False


def list_templates(user_dir: Path | None) -> list[TemplateInfo]:
    """Letter templates by name; a unit's Welsh and bilingual versions (``NAME.cy...``) are not
    letters of their own, so they are not listed (``Renderer.has_template`` tells of them)."""
    found: dict[str, TemplateInfo] = {}
    for path in sorted(packaged_dir().glob(f"[!_]*{SUFFIX}")):
        name = path.name.removesuffix(SUFFIX)
        if _NAME.match(name):
            found[name] = TemplateInfo(name, "packaged", path)
    if user_dir is not None:
        for path in sorted(user_dir.glob(f"[!_]*{SUFFIX}")):
            name = path.name.removesuffix(SUFFIX)
            if _NAME.match(name):
                found[name] = TemplateInfo(name, "unit's folder", path, overrides=name in found)
    return sorted(found.values(), key=lambda t: t.name)


def long_date(value: date | None) -> str:
    """``6 January 2025``."""
    if value is None:
        return ""
    return f"{value.day} {value:%B %Y}"


def month_year(value: date | None) -> str:
    return "" if value is None else f"{value:%B %Y}"


@dataclass(frozen=True)
class Letter:
    """One rendered letter: its structure, and what the batch needs to lay it out.

    ``format`` is the print format (standard, large-print, easy-read), ``language`` the language
    of the template it was rendered from. ``text`` is the plain-text form.
    """

    template: str
    person_id: int
    blocks: tuple[Block, ...]
    format: str = "standard"
    language: str = "en"

    @property
    def text(self) -> str:
        return to_text(self.blocks)

    @property
    def window_size(self) -> float | None:
        """The address's size in the envelope window (pt), so it shows whole once its long lines
        wrap; None when it cannot fit at any size allowed (the letter is not made)."""
        from vlo.letters.markup import window_size

        recipient = next((b for b in self.blocks if b.kind == "recipient"), None)
        return window_size(recipient.items if recipient else (), self.format)


class LetterText(str):
    """The text form of a letter that still carries its structure (``.letter``), so a caller
    that joins texts keeps working and HTML made from it is laid out from the structure."""

    letter: Letter

    def __new__(cls, letter: Letter) -> LetterText:
        self = super().__new__(cls, letter.text)
        self.letter = letter
        return self


def as_letter(item: Letter | str, person_id: int = 0) -> Letter:
    if isinstance(item, Letter):
        return item
    if isinstance(item, LetterText):
        return item.letter
    return Letter("", person_id, from_text(item))


MAX_OUTPUT = 1_000_000  # characters: a letter is a few thousand; a template may make no more
_PADDING_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs", "format", "format_map"})
# A width of a million or more, or one taken from the arguments (``%*s``, ``{:{}}``).
_WIDE_PERCENT = re.compile(r"\d{7,}|%[^a-zA-Z%]*\*")
_WIDE = re.compile(r"\d{7,}|\{[^{}]*\{")


def _too_large(what: str):
    from jinja2.exceptions import SecurityError

    return SecurityError(f"it would make {what} of more than {MAX_OUTPUT:,} characters")


def _sized(value: Any) -> int | None:
    return len(value) if isinstance(value, str | bytes | list | tuple) else None


def _sandbox_class():
    """Jinja's immutable sandbox, made to refuse what would exhaust memory: ``'x' * 4000000000``,
    ``[0] * 10**9``, ``9 ** 9 ** 9``, padding to a huge width. (The sandbox already caps ``range``.)"""
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class LetterSandbox(ImmutableSandboxedEnvironment):
        # Intercepted operators are also never folded at compile time, where they would run unguarded.
        intercepted_binops = frozenset({"*", "**", "+", "%"})

        def call_binop(self, context, op, left, right):
            if op == "*":
                for seq, times in ((left, right), (right, left)):
                    size = _sized(seq)
                    if size is not None and isinstance(times, int) and size * times > MAX_OUTPUT:
                        raise _too_large("a value")
            elif op == "+":
                if (_sized(left) or 0) + (_sized(right) or 0) > MAX_OUTPUT:
                    raise _too_large("a value")
            elif op == "**":
                if isinstance(left, int) and isinstance(right, int) and abs(left) > 1:
                    if right * max(abs(left).bit_length(), 1) > 4096:
                        raise _too_large("a number")
            elif op == "%" and isinstance(left, str) and _WIDE_PERCENT.search(left):
                raise _too_large("a value")
            return super().call_binop(context, op, left, right)

        def wrap_str_format(self, value):
            wrapped = super().wrap_str_format(value)
            if wrapped is None:
                return None

            def guarded(*args, **kwargs):
                numbers = [a for a in (*args, *kwargs.values()) if isinstance(a, int)]
                if _WIDE.search(value.__self__) or any(abs(n) > MAX_OUTPUT for n in numbers):
                    raise _too_large("a value")
                return wrapped(*args, **kwargs)

            return guarded

        def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja's own signature
            if getattr(__obj, "__name__", "") in _PADDING_METHODS and isinstance(
                getattr(__obj, "__self__", None), str
            ):
                sizes = [a for a in (*args, *kwargs.values()) if isinstance(a, int)]
                if any(a > MAX_OUTPUT for a in sizes) or _WIDE.search(__obj.__self__):
                    raise _too_large("a value")
            return super().call(__context, __obj, *args, **kwargs)

    return LetterSandbox


def _guard_filter(env: Any, name: str) -> None:
    """Filters that pad or repeat (``center``, ``indent``, ``format``): refuse huge widths."""
    original = env.filters[name]

    def guarded(value, *args, **kwargs):
        numbers = [a for a in (*args, *kwargs.values()) if isinstance(a, int)]
        if any(n > MAX_OUTPUT for n in numbers) or (name == "format" and _WIDE_PERCENT.search(str(value))):
            raise _too_large("a value")
        return original(value, *args, **kwargs)

    env.filters[name] = guarded


def check_templates_folder(folder: Path) -> Path:
    """A unit's templates folder, refused when someone else could change what vlo reads from it:
    a folder that is a symbolic link, one that is not the user's own or that group or others may
    write to (and the same for every folder and template in it), or a template that links out of it.
    A letter template can say anything to a victim, so it is trusted as vlo's own code is.
    """
    import os

    if folder.is_symlink():
        raise VloError(f"templates folder {folder} is a symbolic link; give the folder's real path")
    if not folder.is_dir():
        raise VloError(f"templates folder {folder} does not exist")
    _check_template_path(folder, folder, "templates folder")
    real = folder.resolve()
    for top, dirs, names in os.walk(folder):  # never into a linked folder
        for name in sorted(dirs + names):
            path = Path(top, name)
            shown = path.relative_to(folder)
            if path.is_symlink():
                if real not in path.resolve().parents:
                    raise VloError(f"template {shown} in {folder} links to a file outside the folder")
            _check_template_path(path, folder, f"template {shown} in")
    return folder


def _check_template_path(path: Path, folder: Path, what: str) -> None:
    """The rule exports' folders follow (vlo.files): the user's own, no write for group or others."""
    import os
    import stat

    info = path.stat()
    name = f"{what} {folder}"  # "templates folder F" or "template T in F"
    if info.st_uid != os.getuid():
        raise VloError(
            f"{name} belongs to another user, who could change your letters; use templates of your own"
        )
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise VloError(
            f"{name} can be written by other users (mode {stat.S_IMODE(info.st_mode):04o}), who could "
            f"change your letters; make it private (chmod go-w {path})"
        )


class Renderer:
    """A sandboxed Jinja environment over the unit's folder, then the packaged templates."""

    def __init__(self, user_dir: Path | None):
        from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader, StrictUndefined, select_autoescape

        from vlo.letters.markup import escape

        if user_dir is not None:
            check_templates_folder(user_dir)
        self.user_dir = user_dir
        packaged = FileSystemLoader(str(packaged_dir()))
        loaders = [FileSystemLoader(str(user_dir))] if user_dir else []
        # datasette's pattern: "packaged:_letter.txt.j2" always reaches the packaged frame.
        loaders += [packaged, PrefixLoader({"packaged": packaged}, delimiter=":")]
        common = dict(
            loader=ChoiceLoader(loaders),
            undefined=StrictUndefined,
            trim_blocks=True,
            keep_trailing_newline=True,
        )
        sandbox = _sandbox_class()
        # Letters: every value passes through the markup escape; no HTML escaping (that comes later).
        self.env = sandbox(**common, autoescape=False, finalize=escape)
        # The HTML page around letters: autoescaped, fed only with parsed blocks.
        self.page_env = sandbox(**common, autoescape=select_autoescape(default_for_string=True, default=True))
        for env in (self.env, self.page_env):
            env.filters["long_date"] = long_date
            env.filters["month_year"] = month_year
            for name in ("center", "indent", "format", "wordwrap", "truncate"):
                _guard_filter(env, name)
        self._fetcher = None

    @property
    def url_fetcher(self):
        """WeasyPrint's fetcher for this renderer: the packaged templates and the unit's folder only."""
        if self._fetcher is None:
            roots = [packaged_dir()] + ([self.user_dir] if self.user_dir else [])
            self._fetcher = safe_fetcher(roots)
        return self._fetcher

    @property
    def base_url(self) -> str:
        """Where a relative ``src`` in a template points: the unit's folder, else the package's."""
        return (self.user_dir or packaged_dir()).resolve().as_uri() + "/"

    def render_capped(self, template: Any, context: dict[str, Any]) -> str:
        """``template`` rendered, stopped once it passes ``MAX_OUTPUT`` characters."""
        parts, size = [], 0
        for chunk in template.generate(context):
            size += len(chunk)
            if size > MAX_OUTPUT:
                raise _too_large("a letter")
            parts.append(chunk)
        return "".join(parts)

    def source(self, name: str, language: str = "en") -> str:
        from jinja2 import TemplateNotFound

        try:
            return self.env.loader.get_source(self.env, template_file(name, language))[0]
        except TemplateNotFound:
            raise VloError(f"no template named {name}; see: vlo template list") from None

    def has_template(self, name: str, language: str = "en") -> bool:
        """Whether a letter ``name`` exists in ``language``. Welsh and bilingual letters come only
        from the unit's own folder: vlo ships no Welsh that a Welsh speaker has not checked."""
        if language == "en":
            try:
                self.source(name)
            except VloError:
                return False
            return True
        file = template_file(name, language)
        return self.user_dir is not None and (self.user_dir / file).is_file()

    def letter(
        self,
        name: str,
        context: dict[str, Any],
        person_id: int,
        *,
        language: str = "en",
        format: str | None = None,
    ) -> Letter:
        """Render one letter to its structure; a missing field names the template, field and person.

        ``format`` defaults to ``context["format"]``, else standard. For Welsh or bilingual, check
        ``has_template`` first: without the unit's template this is an error, never English.
        """
        from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
        from jinja2.exceptions import SecurityError

        fmt = format or context.get("format") or "standard"
        if fmt not in PRINT_FORMATS:
            raise VloError(f"letter format must be one of: {', '.join(PRINT_FORMATS)}")
        if language != "en" and not self.has_template(name, language):
            raise VloError(
                f"there is no {'Welsh' if language == 'cy' else 'bilingual'} {name} letter in the "
                f"unit's templates folder ({template_file(name, language)})"
            )
        try:
            template = self.env.get_template(template_file(name, language))
            blocks = parse(self.render_capped(template, context))
        except TemplateNotFound:
            raise VloError(f"no template named {name}; see: vlo template list") from None
        except UndefinedError as exc:
            raise VloError(
                f"template {name} needs a value it was not given ({exc.message}) for person {person_id}"
            ) from None
        except TemplateSyntaxError as exc:
            raise VloError(f"template {name} has a mistake on line {exc.lineno}: {exc.message}") from None
        except SecurityError as exc:
            raise VloError(f"template {name} tried something the sandbox does not allow: {exc}") from None
        except MarkupError as exc:
            raise VloError(f"template {name} for person {person_id}: {exc}") from None
        return Letter(name, int(person_id), blocks, fmt, language)

    def text(self, name: str, context: dict[str, Any], person_id: int) -> LetterText:
        """One letter as text (a ``str`` that also carries the letter's structure)."""
        return LetterText(self.letter(name, context, person_id))

    def html(
        self,
        letters: list[Letter] | list[str],
        title: str,
        *,
        cover: Any = None,
        duplex: bool = False,
        paged: bool = False,
    ) -> str:
        """Letters as one HTML document, each starting a new page (an odd page with ``duplex``),
        after ``cover`` (a ``batch.Cover``) if given. Every character of data is escaped.
        ``paged``: laid out by WeasyPrint (the PDF), which draws each page's running footer with
        its page count; a browser draws none, so the footer is left out of the HTML it opens."""
        from jinja2.exceptions import SecurityError

        page = self.page_env.get_template("_page.html.j2")
        try:
            return self.render_capped(
                page,
                {
                    "title": title,
                    "letters": [as_letter(i) for i in letters],
                    "cover": cover,
                    "duplex": duplex,
                    "paged": paged,
                },
            )
        except SecurityError as exc:
            raise VloError(f"the page template tried something the sandbox does not allow: {exc}") from None


def letter_file(out: Path, template: str, victim_id: int, subject: str, fmt: str) -> Path:
    """The letter's path: from safe identifiers only, never from names or references."""
    safe_subject = re.sub(r"[^0-9a-z-]", "", subject.lower())
    stem = f"{check_name(template)}-{int(victim_id):06d}" + (f"-{safe_subject}" if safe_subject else "")
    path = out / f"{stem}.{fmt}"
    if path.resolve().parent != out.resolve():
        raise VloError("letter file would fall outside the output folder")
    return path


def prepare_out(out: Path) -> Path:
    """The output folder: created owner-only, or made so (vlo.files says why and how)."""
    from vlo import files
    from vlo.render import message

    # A killed batch's leftovers are removed by the next batch, under the folder's lock (files.staged).
    files.private_folder(out, create=True, tighten=True, say=message)
    return out


def pdf_bytes(html: str, renderer: Renderer | None = None) -> bytes:
    renderer = renderer or Renderer(None)
    return (
        _weasyprint()
        .HTML(string=html, base_url=renderer.base_url, url_fetcher=renderer.url_fetcher)
        .write_pdf()
    )


_MIME = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
    ".gif": "image/gif",
    ".css": "text/css",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
}


def allowed_file(url: str, roots: list[Path]) -> Path:
    """The file a ``file:`` URL names, if it lies inside one of ``roots`` (links resolved);
    else ``ValueError``: no other file, and no ``http``, ``https`` or ``data`` URL, is read."""
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        raise ValueError(f"letters may use only files from the templates folder, not {parts.scheme}: URLs")
    path = Path(unquote(parts.path)).resolve()
    for root in roots:
        real = root.resolve()
        if real in path.parents and path.is_file() and path.suffix.lower() in _MIME:
            return path
    raise ValueError("letters may use only images, styles and fonts from the templates folder")


def safe_fetcher(roots: list[Path]):
    """A WeasyPrint URL fetcher that serves only files under ``roots`` (see ``allowed_file``)."""
    weasyprint = _weasyprint()
    base = getattr(weasyprint, "URLFetcher", None)
    if base is None:  # WeasyPrint before 68: a function returning a dict

        def fetch(url, timeout=10, ssl_context=None):
            path = allowed_file(url, roots)
            return {
                "string": path.read_bytes(),
                "mime_type": _MIME[path.suffix.lower()],
                "redirected_url": url,
            }

        return fetch
    from weasyprint.urls import URLFetcherResponse

    class LetterFetcher(base):
        def fetch(self, url, headers=None):
            path = allowed_file(url, roots)
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": _MIME[path.suffix.lower()]})

    return LetterFetcher(allowed_protocols=("file",), allow_redirects=False)


def _weasyprint():
    """WeasyPrint, or a clear error: checked before a batch starts, so nothing is half-made."""
    try:
        import pypdf  # noqa: F401 - each letter's PDF is cut from the batch's with it
        import weasyprint
    except ImportError:
        raise VloError(
            "PDF letters need WeasyPrint: pip install 'vlo[pdf]' (or use --format txt or html)"
        ) from None
    except OSError:
        raise VloError(
            "WeasyPrint is installed but its system libraries (Pango) are missing; use txt or html"
        ) from None
    return weasyprint


def encode(renderer: Renderer, texts: list[str], fmt: str, *, title: str) -> bytes:
    """Letters as the bytes of one file: text with a form feed between letters, HTML or PDF."""
    if fmt == "txt":
        # A form feed starts each letter on a new page when the file goes to the printer.
        return "\f".join(texts).encode("utf-8")
    html = renderer.html(texts, title, paged=fmt == "pdf")
    return html.encode("utf-8") if fmt == "html" else pdf_bytes(html, renderer)


def require_format(fmt: str) -> str:
    from vlo.domain.values import choice

    fmt = choice(fmt, "format", FORMATS)
    if fmt == "pdf":
        _weasyprint()
    return fmt
