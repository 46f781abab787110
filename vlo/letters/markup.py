"""Letter markup: what a template renders to, and the one structure text and HTML are made from.

A template writes blocks separated by blank lines (templates/README.md has the full list)::

    # The letter's subject            a heading (the subject); "## ..." a section heading
    A paragraph. Lines that follow     are joined, so a template may break lines where it likes;
    without a blank line join it.      the text form is wrapped when it is rendered, never before
    - a bullet                         consecutive "- " lines make one list
    ::: recipient                      a fenced block of lines kept as lines: confidential, sender,
    Ms Siân O'Neil                     recipient, reference, signature, footer, lines
    :::

Data can never make markup: every ``{{ value }}`` passes through ``escape`` (Jinja's finalize),
which removes hidden characters, folds line breaks into spaces and backslash-escapes a leading
``#``, ``-`` or ``:`` and every backslash; ``parse`` undoes the escapes after reading the markers.
HTML escaping happens later, on the parsed text, so a name can no more inject a tag than a heading.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

from vlo.domain.names import clean_field
from vlo.domain.records import ADDRESS_MAX_LINES as BELOW_NAME
from vlo.domain.records import postal_lines

FENCES = ("confidential", "sender", "recipient", "reference", "signature", "footer", "lines")
TEXT_WIDTH = 78  # the .txt letter's wrap: fits A4 at 10 characters an inch with margins
ADDRESS_MAX_LINES = 1 + BELOW_NAME  # Royal Mail and GOV.UK Notify: the name and up to six lines

_ESCAPE = re.compile(r"\\(.)", re.S)


class MarkupError(ValueError):
    """A template wrote markup vlo cannot read; the renderer names the template."""


@dataclass(frozen=True)
class Block:
    """One block of a letter. ``kind`` is title, heading, paragraph, list or a fence name;
    ``items`` the paragraph (one item), the list's items, or the fence's lines."""

    kind: str
    items: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.items)


def escape(value: object) -> str:
    """Jinja's finalize: a value from the data, made inert as markup (see the module docstring)."""
    if value is None:
        return ""
    text = clean_field(str(value), "", strip=True, multiline=True).replace("\n", " ")
    # clean_field trims the ends; keep a template's deliberate leading or trailing space.
    raw = str(value)
    text = (" " if raw[:1].isspace() else "") + text + (" " if raw[-1:].isspace() and text else "")
    text = text.replace("\\", "\\\\")
    return "\\" + text if text[:1] in ("#", "-", ":") else text


def _unescape(text: str) -> str:
    return _ESCAPE.sub(r"\1", text)


def parse(source: str) -> tuple[Block, ...]:
    """The blocks of a rendered template (see the module docstring)."""
    blocks: list[Block] = []
    para: list[str] = []
    items: list[str] | None = None
    fence: str | None = None
    fenced: list[str] = []

    def flush() -> None:
        nonlocal items
        if para:
            blocks.append(Block("paragraph", (_unescape(" ".join(para)),)))
            para.clear()
        if items:
            blocks.append(Block("list", tuple(_unescape(i) for i in items)))
        items = None

    for number, raw in enumerate(source.split("\n"), start=1):
        line = raw.strip()
        if fence is not None:
            if line == ":::":
                lines = tuple(_unescape(f) for f in fenced if f)
                if lines:
                    blocks.append(Block(fence, lines))
                fence, fenced = None, []
            else:
                fenced.append(line)
            continue
        if line.startswith(":::"):
            flush()
            fence = line[3:].strip()
            if fence not in FENCES:
                raise MarkupError(f"line {number}: unknown block '::: {fence}' (use {', '.join(FENCES)})")
        elif not line:
            flush()
        elif line.startswith("## "):
            flush()
            blocks.append(Block("heading", (_unescape(line[3:].strip()),)))
        elif line.startswith("# "):
            flush()
            blocks.append(Block("title", (_unescape(line[2:].strip()),)))
        elif line.startswith("- "):
            if para:
                flush()
            items = [*(items or []), line[2:].strip()]
        elif items:
            items[-1] += " " + line  # a bullet's continuation line
        else:
            para.append(line)
    if fence is not None:
        raise MarkupError(f"'::: {fence}' is never closed with ':::'")
    flush()
    return tuple(_postal(b) for b in blocks if b.items and any(b.items))


def _postal(block: Block) -> Block:
    if block.kind != "recipient":
        return block
    lines = postal_lines(block.items)
    if len(lines) > ADDRESS_MAX_LINES:
        raise MarkupError(
            f"the address has {len(lines)} lines with the name; a window envelope shows "
            f"{ADDRESS_MAX_LINES} at most"
        )
    return Block("recipient", lines)


# The envelope window (GOV.UK Notify: 95.4 x 26.8 mm), in points, and the address's line height.
WINDOW_WIDTH_PT = 95.4 * 72 / 25.4
WINDOW_HEIGHT_PT = 26.8 * 72 / 25.4
WINDOW_LINE_HEIGHT = 1.15
# Sizes the address may take in the window, largest first; 9 pt is the smallest a sorting machine
# and a postman are asked to read. Large print starts at 16 pt, as far as the window allows.
_SMALLER = (11.0, 10.5, 10.0, 9.5, 9.0)
WINDOW_SIZES = {
    "standard": (12.0, *_SMALLER),
    "easy-read": (12.0, *_SMALLER),
    "large-print": (16.0, 14.0, 13.0, 12.0, *_SMALLER),
}


def _ems(text: str) -> float:
    """A line's width in ems, reckoned on the wide side of Arial, Liberation Sans and DejaVu Sans
    (the page's fonts), so an address estimated to fit does fit."""
    width = 0.0
    for ch in text:
        if ch == " ":
            width += 0.32
        elif ch in "MW":
            width += 1.0
        elif ch.isupper():
            width += 0.78
        elif ch in "mw":
            width += 0.98
        elif ch in "ijlt.,'":
            width += 0.4
        else:
            width += 0.64
    return width


def wrapped_lines(lines: tuple[str, ...] | list[str], size: float) -> int:
    """How many lines ``lines`` take in the window at ``size`` pt once long ones wrap: word by word,
    and a word wider than the window broken across lines (the page lets it break anywhere)."""
    room = WINDOW_WIDTH_PT / size  # ems
    count = 0
    for line in lines:
        used = None
        for word in line.split() or [""]:
            width = _ems(word)
            if used is not None and used + 0.32 + width <= room:
                used += 0.32 + width
                continue
            whole, rest = divmod(width, room)
            count += int(whole) + (1 if rest or not whole else 0)
            used = rest if rest else room
    return count


def window_size(lines: tuple[str, ...] | list[str], fmt: str = "standard") -> float | None:
    """The largest size (pt) at which the whole name and address fit the window; None if even the
    smallest does not (the letter must not be made: a cut-off postcode does not arrive)."""
    for size in WINDOW_SIZES.get(fmt, WINDOW_SIZES["standard"]):
        if wrapped_lines(lines, size) * size * WINDOW_LINE_HEIGHT <= WINDOW_HEIGHT_PT:
            return size
    return None


def to_text(blocks: tuple[Block, ...], width: int = TEXT_WIDTH) -> str:
    """The plain-text letter: blocks a blank line apart, paragraphs wrapped at ``width``."""

    def fill(text: str, first: str = "", rest: str = "") -> str:
        return textwrap.fill(
            text,
            width,
            initial_indent=first,
            subsequent_indent=rest,
            break_long_words=False,
            break_on_hyphens=False,
        )

    parts: list[str] = []
    previous = ""
    for block in blocks:
        if block.kind == "footer":
            continue  # page furniture: a text file has no pages to number
        if block.kind == "list" and previous == "paragraph":
            parts[-1] += "\n" + "\n".join(fill(item, "- ", "  ") for item in block.items)
            previous = "list"
            continue  # "You can:" and its list stay together
        previous = block.kind
        if block.kind in ("paragraph", "title", "heading"):
            parts.append(fill(block.text))
        elif block.kind == "list":
            parts.append("\n".join(fill(item, "- ", "  ") for item in block.items))
        elif block.kind == "signature":
            # Room to sign between the closing and the signatory's name.
            closing, *rest = block.items
            parts.append(closing + "\n\n\n\n" + "\n".join(rest))
        else:
            parts.append("\n".join(block.items))
    return "\n\n".join(parts) + "\n"


def from_text(text: str) -> tuple[Block, ...]:
    """Blocks for a letter that exists only as text (a caller from before the markup): each
    paragraph kept line for line."""
    return tuple(Block("lines", tuple(p.split("\n"))) for p in text.strip("\n\f").split("\n\n") if p.strip())
