"""Letters: Jinja templates rendered in a sandbox into owner-only files.

Templates live in the package (``vlo/templates``, from the repository's ``templates/``) and may be
overridden or added to by a folder of the unit's own, searched first. Rendering is strict: a
missing value stops the batch before any file is written, naming the template, field and person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from vlo.errors import VloError

PACKAGED = (
    "initial-contact",
    "opt-in-confirmation",
    "key-stage-update",
    "licence-condition-outcome",
    "annual-letter",
    "closure",
)
FORMATS = ("txt", "html", "pdf")
SUFFIX = ".txt.j2"
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,48}$")


def packaged_dir() -> Path:
    """``vlo/templates`` in an installed package; the repository's ``templates/`` in a checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "templates"
    return installed if installed.is_dir() else here.parent / "templates"


def check_name(name: str) -> str:
    if not _NAME.match(name or ""):
        raise VloError("template name must be lower-case letters, digits and '-', like initial-contact")
    return name


@dataclass(frozen=True)
class TemplateInfo:
    name: str
    source: str  # "packaged" or "unit's folder"
    path: Path
    overrides: bool = False


def list_templates(user_dir: Path | None) -> list[TemplateInfo]:
    found: dict[str, TemplateInfo] = {}
    for path in sorted(packaged_dir().glob(f"[!_]*{SUFFIX}")):
        name = path.name.removesuffix(SUFFIX)
        found[name] = TemplateInfo(name, "packaged", path)
    if user_dir is not None:
        for path in sorted(user_dir.glob(f"[!_]*{SUFFIX}")):
            name = path.name.removesuffix(SUFFIX)
            found[name] = TemplateInfo(name, "unit's folder", path, overrides=name in found)
    return sorted(found.values(), key=lambda t: t.name)


def long_date(value: date | None) -> str:
    """``6 January 2025``."""
    if value is None:
        return ""
    return f"{value.day} {value:%B %Y}"


def month_year(value: date | None) -> str:
    return "" if value is None else f"{value:%B %Y}"


class Renderer:
    """A sandboxed Jinja environment over the unit's folder, then the packaged templates."""

    def __init__(self, user_dir: Path | None):
        from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, select_autoescape
        from jinja2.sandbox import ImmutableSandboxedEnvironment

        if user_dir is not None and not user_dir.is_dir():
            raise VloError(f"templates folder {user_dir} does not exist")
        loaders = [FileSystemLoader(str(user_dir))] if user_dir else []
        loaders.append(FileSystemLoader(str(packaged_dir())))
        self.env = ImmutableSandboxedEnvironment(
            loader=ChoiceLoader(loaders),
            undefined=StrictUndefined,
            autoescape=select_autoescape(
                enabled_extensions=("html", "html.j2"), default_for_string=False, default=False
            ),
            trim_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters["long_date"] = long_date
        self.env.filters["month_year"] = month_year

    def source(self, name: str) -> str:
        from jinja2 import TemplateNotFound

        try:
            return self.env.loader.get_source(self.env, check_name(name) + SUFFIX)[0]
        except TemplateNotFound:
            raise VloError(f"no template named {name}; see: vlo template list") from None

    def text(self, name: str, context: dict[str, Any], person_id: int) -> str:
        """Render one letter as text; a missing field names the template, the field and the person."""
        from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
        from jinja2.exceptions import SecurityError

        try:
            template = self.env.get_template(check_name(name) + SUFFIX)
            return _tidy(template.render(context))
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

    def html(self, letters: list[str], title: str) -> str:
        """Letters as one HTML page, each on its own printed page; every character of data escaped."""
        page = self.env.get_template("_page.html.j2")
        return page.render(title=title, letters=[_paragraphs(t) for t in letters])


def _tidy(text: str) -> str:
    return text.strip("\n") + "\n"


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


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
