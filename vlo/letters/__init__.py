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


class Renderer:
    """A sandboxed Jinja environment over the unit's folder, then the packaged templates."""

    def __init__(self, user_dir: Path | None):
        from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader, StrictUndefined, select_autoescape
        from jinja2.sandbox import ImmutableSandboxedEnvironment

        from vlo.letters.markup import escape

        if user_dir is not None and not user_dir.is_dir():
            raise VloError(f"templates folder {user_dir} does not exist")
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
        # Letters: every value passes through the markup escape; no HTML escaping (that comes later).
        self.env = ImmutableSandboxedEnvironment(**common, autoescape=False, finalize=escape)
        # The HTML page around letters: autoescaped, fed only with parsed blocks.
        self.page_env = ImmutableSandboxedEnvironment(
            **common, autoescape=select_autoescape(default_for_string=True, default=True)
        )
        for env in (self.env, self.page_env):
            env.filters["long_date"] = long_date
            env.filters["month_year"] = month_year

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
            blocks = parse(template.render(context))
        except TemplateNotFound:
            raise VloError(f"no template named {name}; see: vlo template list") from None
        except UndefinedError as exc:
            raise VloError(
                f"template {name} needs a value it was not given ({exc.message}) for person {person_id}"
            ) from None
        except TemplateSyntaxError as exc:
            raise VloError(f"template {name} has a mistake on line {exc.lineno}: {exc.message}") from None
        except SecurityError:
            raise VloError(f"template {name} tried something the sandbox does not allow") from None
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
    ) -> str:
        """Letters as one HTML document, each starting a new page (an odd page with ``duplex``),
        after ``cover`` (a ``batch.Cover``) if given. Every character of data is escaped."""
        page = self.page_env.get_template("_page.html.j2")
        return page.render(
            title=title,
            letters=[as_letter(item) for item in letters],
            cover=cover,
            duplex=duplex,
        )


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

    files.private_folder(out, create=True, tighten=True, say=message)
    # Half-written files from a batch that was killed: the rerun writes them afresh.
    files.remove_stale(out)
    return out


def write_private(path: Path, data: bytes) -> str:
    """Write owner-only, atomically (a killed batch never leaves half a letter); returns the sha256.

    A letter's name is made by vlo from ids, so what is already there is the same letter from a
    killed or ``--force`` run: it is replaced, and a link planted at the name is replaced, not followed.
    """
    from vlo import files

    return files.write_bytes(path, data, force=True)


def pdf_bytes(html: str) -> bytes:
    return _weasyprint().HTML(string=html).write_pdf()


def _weasyprint():
    """WeasyPrint, or a clear error: checked before a batch starts, so nothing is half-made."""
    try:
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
    html = renderer.html(texts, title)
    return html.encode("utf-8") if fmt == "html" else pdf_bytes(html)


def require_format(fmt: str) -> str:
    from vlo.domain.values import choice

    fmt = choice(fmt, "format", FORMATS)
    if fmt == "pdf":
        _weasyprint()
    return fmt
