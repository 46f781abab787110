"""People's names as they reach a letter: no hidden characters, and a salutation that keeps the name.

Pure: no I/O. Two jobs.

1. Hidden characters. A right-to-left override (U+202E) makes "Smith" print as "htimS" and can
   disguise a name or reference; zero-width characters make two names that look the same differ,
   so a search or a duplicate check misses. ``clean_field`` refuses them with one line naming the
   field, or strips them (``strip=True``) and says which it removed, so the caller can warn.
2. Salutations. "Siôn Ap Iorwerth" is Mr Ap Iorwerth, never "Mr Iorwerth"; "Tomás Ó Súilleabháin"
   is Mr Ó Súilleabháin. ``salutation`` keeps a surname's particles and flags such names "check
   before posting", since only the person knows how they like to be addressed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from vlo.errors import VloError

# Bidirectional embeddings, overrides and isolates, and the invisible direction marks.
BIDI = frozenset([*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C])
ZERO_WIDTH = frozenset([0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF])
# Every character ``_hidden`` objects to, as one regex class, so a clean value (nearly all of them)
# is passed by one C-level search instead of a Python call per character: an import of 100,000
# people spent a third of its time here. Control characters (category Cc) are U+0000-U+001F and
# U+007F-U+009F; a test checks the class against ``_hidden`` over the whole Basic Multilingual Plane.
_CONTROLS = [*range(0x00, 0x20), *range(0x7F, 0xA0), 0x2028, 0x2029]
_HIDDEN_CODES = sorted({*BIDI, *ZERO_WIDTH, *_CONTROLS})
_ANY_HIDDEN = re.compile("[" + "".join(re.escape(chr(c)) for c in _HIDDEN_CODES) + "]")
_ANY_HIDDEN_BUT_NEWLINE = re.compile(
    "[" + "".join(re.escape(chr(c)) for c in _HIDDEN_CODES if c != 0x0A) + "]"
)
# Words of characters that are neither white space (``\s`` is exactly what ``str.split`` and
# ``str.strip`` cut at; a test checks every code point) nor hidden, one space between them, nothing
# around them: a value ``clean_field`` and ``clean_text`` give back unchanged, if it is also NFC.
_WORD = "[^\\s" + "".join(re.escape(chr(c)) for c in _HIDDEN_CODES) + "]+"
_PLAIN_LINE = re.compile(f"{_WORD}(?: {_WORD})*")

# Words that belong to the surname when they stand before its last word (compared case-folded).
# Welsh ap/ab/verch/ferch; Irish and Scottish Ó/O/Ní/Nic/Mac/Mc/Mhic/Uí; Dutch, German, French,
# Spanish, Portuguese, Italian de/van/von/der/den/ter/la/le/du/dos/da/di/del/della; Arabic al/el/bin.
PARTICLES = frozenset(
    """
    ap ab verch ferch
    ó o ní ni nic mac mc mhic uí ui
    de da di do dos das del della dei degli du des la le lo
    van von der den ter ten het
    al el bin ibn bint
    st st. saint
    """.split()
)


def _hidden(ch: str, *, multiline: bool) -> str | None:
    """Why ``ch`` may not stand in a field that reaches a letter, or None when it may."""
    code = ord(ch)
    if code in BIDI:
        return "a text-direction control"
    if code in ZERO_WIDTH:
        return "a zero-width character"
    if ch == "\n" and multiline:
        return None
    if unicodedata.category(ch) == "Cc" or code in (0x2028, 0x2029):
        return "a control character"
    return None


def _describe(ch: str) -> str:
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'control character').lower()}"


def plain_line(value: str) -> bool:
    """Whether ``value`` is one line of words with one space between them, nothing hidden, in NFC:
    then ``clean_field`` gives it back unchanged, so a caller may skip it (an import does, 400,000
    times). Two C-level checks; a test holds them to ``clean_field`` on arbitrary text."""
    return _PLAIN_LINE.fullmatch(value) is not None and unicodedata.is_normalized("NFC", value)


def hidden_characters(value: str, *, multiline: bool = False) -> list[str]:
    """The hidden characters in ``value``, described (``U+202E right-to-left override``), in order."""
    return [_describe(ch) for ch in value if _hidden(ch, multiline=multiline)]


def clean_field(value: str, field: str, *, strip: bool = False, multiline: bool = False) -> str:
    """``value`` in NFC with surrounding space trimmed; hidden characters refused, or removed.

    Refusing is the default: the officer retypes the value. With ``strip=True`` they are removed
    silently here; call ``hidden_characters`` first to warn about what was removed.
    ``multiline`` lets line breaks through (an address typed on several lines).

    >>> clean_field("Siôn Ap Iorwerth", "name")
    'Siôn Ap Iorwerth'
    """
    text = unicodedata.normalize("NFC", value)
    suspect = (_ANY_HIDDEN_BUT_NEWLINE if multiline else _ANY_HIDDEN).search(text)
    bad = [(ch, why) for ch in text if (why := _hidden(ch, multiline=multiline))] if suspect else []
    if bad and not strip:
        ch, why = bad[0]
        raise VloError(
            f"{field} contains {why} ({_describe(ch)}) that would not show on paper; "
            "retype it without copying and pasting"
        )
    if bad:
        text = "".join(ch for ch in text if not _hidden(ch, multiline=multiline))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line) if multiline else lines[0] if lines else ""


def surname(name: str) -> str:
    """The family name with its particles: the last word and any particles just before it.

    The first word is never a particle (it is the given name: "Van Morrison" is Mr Morrison).
    """
    words = name.split()
    if len(words) < 2:
        return name.strip()
    start = len(words) - 1
    while start > 1 and words[start - 1].casefold() in PARTICLES:
        start -= 1
    return " ".join(words[start:])


def salutation_needs_check(name: str) -> bool:
    """True when a salutation built from ``name`` may be wrong and a person should read it first:
    the surname holds a particle, the name is one word, or its last word is a lone initial."""
    words = name.split()
    if len(words) < 2:
        return True
    last = words[-1].rstrip(".")
    return len(surname(name).split()) > 1 or len(last) < 2


@dataclass(frozen=True)
class Salutation:
    text: str  # what follows "Dear"
    check: bool  # list the person under "check before posting"
    reason: str = ""


def salutation(name: str, title: str | None = None, recorded: str | None = None) -> Salutation:
    """What follows "Dear": the recorded salutation; else the title and the surname with its
    particles ("Mr Ap Iorwerth"); else the full name. Never guesses a title.

    >>> salutation("Siôn Ap Iorwerth", "Mr")
    Salutation(text='Mr Ap Iorwerth', check=True, reason='the surname has a particle (Ap Iorwerth)')
    """
    if recorded and recorded.strip():
        return Salutation(recorded.strip(), False)
    name = " ".join(name.split())
    if not title:
        return Salutation(name, False)
    family = surname(name)
    if len(name.split()) < 2:
        return Salutation(f"{title} {name}", True, "the name is one word")
    if len(family.split()) > 1:
        return Salutation(f"{title} {family}", True, f"the surname has a particle ({family})")
    if salutation_needs_check(name):
        return Salutation(f"{title} {family}", True, "the surname is an initial")
    return Salutation(f"{title} {family}", False)
