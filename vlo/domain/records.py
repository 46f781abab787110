"""Validating what an officer types (or imports) into the records of a case.

Shared by the commands and by ``vlo import``, so a row in a CSV file is held to exactly the same
rules as the same value typed at the command line.
"""

from __future__ import annotations

import re

from vlo.domain import scheme
from vlo.domain.names import clean_field, plain_line
from vlo.domain.terms import check_total, parse_term
from vlo.domain.values import (
    EARLIEST,
    EARLIEST_BIRTH,
    LONG_TEXT,
    choice,
    clean_text,
    non_negative,
    parse_date,
    parse_optional_date,
    today,
)
from vlo.errors import VloError

_REF_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-_.")


LANGUAGES = ("en", "cy", "bilingual")  # English, Welsh, Welsh and English
PRINT_FORMATS = ("standard", "large-print", "easy-read")  # 12 pt, 16 pt, 14 pt


def letter_text(value: str | None, field: str, *, limit: int = 200, required: bool = True) -> str | None:
    """Text that reaches a letter: ``clean_text``'s rules, and no hidden characters (a right-to-left
    override, a zero-width space) that would print one thing and hold another."""
    if value is not None and len(value) <= limit and plain_line(value):
        # Nearly every value: nothing to trim, refuse or rewrite, so both checks below would give it
        # back unchanged (no white space but single spaces, so no line break to refuse either).
        return value
    return _letter_text(value, field, limit=limit, required=required)


def _letter_text(value: str | None, field: str, *, limit: int, required: bool) -> str | None:
    """``letter_text`` in full: every value the fast path above does not take."""
    value = clean_text(value, field, limit=limit, required=required)
    return None if value is None else clean_field(value, field, multiline=limit > 200) or None


def clean_ref(ref: str) -> str:
    value = ref.strip()
    if not value or len(value) > 40 or not set(value) <= _REF_CHARS:
        raise VloError("case reference must be 1 to 40 letters, digits, '/', '-', '_' or '.'")
    return value


def case_fields(
    offender: str | None,
    offence: str | None,
    category: str | None,
    court: str | None,
    officer: str | None,
    discretionary: str | None,
    prison_number: str | None,
    offence_date: str | None,
    referral_date: str | None,
    *,
    required: bool,
    offender_dob: str | None = None,
    listed_offence: bool | None = None,
    sex_offender_registration: bool | None = None,
    forty_percent_excluded: bool | None = None,
    schedule_15: bool | None = None,
    schedule_15b: bool | None = None,
) -> dict:
    """Validated case fields; on edit (``required=False``) only those given, ``""`` clearing optional ones."""
    fields: dict = {}
    if offender is not None or required:
        fields["offender"] = letter_text(offender, "offender")
    if offence is not None or required:
        fields["offence"] = letter_text(offence, "offence", limit=500)
    if category is not None or required:
        if category is None:
            raise VloError(f"category is required: one of {', '.join(scheme.CATEGORIES)}")
        fields["category"] = choice(category, "category", scheme.CATEGORIES)
    for key, value, limit in (
        ("court", court, 200),
        ("officer", officer, 100),  # in letters: checked below
        ("discretionary_reason", discretionary, 1000),
        ("prison_number", prison_number, 20),
    ):
        if value is not None:
            fields[key] = clean_text(value, key.replace("_", " "), limit=limit, required=False)
    if fields.get("officer"):
        fields["officer"] = letter_text(fields["officer"], "officer", limit=100)
    # Yes/no facts the release and eligibility rules read; None leaves them as they are (unknown).
    for key, flag in (
        ("listed_offence", listed_offence),
        ("sex_offender_registration", sex_offender_registration),
        ("forty_percent_excluded", forty_percent_excluded),
        ("schedule_15", schedule_15),
        ("schedule_15b", schedule_15b),
    ):
        if flag is not None:
            fields[key] = int(flag)
    for key, value in (
        ("offence_date", offence_date),
        ("referral_date", referral_date),
        ("offender_dob", offender_dob),
    ):
        if value is not None:
            label = "offender date of birth" if key == "offender_dob" else key.replace("_", " ")
            parsed = parse_optional_date(
                value, label, earliest=EARLIEST_BIRTH if key == "offender_dob" else EARLIEST
            )
            if parsed and parsed > today():
                raise VloError(f"{label} cannot be in the future")
            fields[key] = parsed.isoformat() if parsed else None
    return fields


def sentence_fields(
    date: str | None,
    type_: str | None,
    length: str | None,
    *,
    consecutive: list[str] = (),
    concurrent: list[str] = (),
    extension: str | None = None,
    tariff: str | None = None,
    remand_days: int | None = None,
    tagged_bail_days: int | None = None,
    ual_days: int | None = None,
    added_days: int | None = None,
) -> dict:
    """A validated sentence record."""
    if date is None:
        raise VloError("sentence date is required: --date DATE (2025-03-31 or 31/03/2025)")
    if type_ is None:
        raise VloError(f"sentence type is required: --type, one of: {', '.join(scheme.SENTENCE_TYPES)}")
    now = today()
    sentence_date = parse_date(date, "sentence date")
    if sentence_date > now:
        raise VloError("sentence date cannot be in the future")
    kind = choice(type_, "sentence type", scheme.SENTENCE_TYPES)
    if kind in scheme.NEEDS_LENGTH and not length:
        raise VloError(f"length is required for {kind}: --length like 18m, 2y6m, 4y or 120d")
    if kind in scheme.INDETERMINATE and length:
        # Letters would tell a bereaved family of "a life sentence of 18 years".
        raise VloError(
            f"length does not apply to a {kind} sentence: give the minimum term with --tariff, like 18y"
        )
    term = parse_term(length) if length else None
    after = [parse_term(t, "consecutive term") for t in consecutive or []]
    record = {
        "date": sentence_date.isoformat(),
        "type": kind,
        "length": str(term) if length else None,
        "consecutive": " ".join(map(str, after)),
        "concurrent": " ".join(str(parse_term(t, "concurrent term")) for t in concurrent or []),
        "extension": str(parse_term(extension, "extension")) if extension else None,
        "tariff": str(parse_term(tariff, "tariff")) if tariff else None,
        "remand_days": non_negative(remand_days, "remand days"),
        "tagged_bail_days": non_negative(tagged_bail_days, "tagged bail days"),
        "ual_days": non_negative(ual_days, "UAL days"),
        "added_days": non_negative(added_days, "added days"),
        "recorded_on": now.isoformat(),
    }
    check_total([t for t in (term, *after) if t is not None])
    return record


_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")
# A letter's recipient block is the name and at most six lines (Royal Mail and GOV.UK Notify: the
# window of a C5 or DL envelope). An address that needs more stopped a whole letters batch, so it
# is refused when it is entered (check_address_lines), counted as the letter lays it out.
ADDRESS_MAX_LINES = 6
# The last line of an address: a postcode alone, or a line that ends with one.
_POSTCODE_LINE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$", re.I)
_TRAILING_POSTCODE = re.compile(r"^(.*\S)\s+([A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})$", re.I)
_PHONE = re.compile(r"^\+?[0-9 ()-]{6,20}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def person_fields(
    name,
    title,
    role,
    address,
    postcode,
    email,
    phone,
    preferred_method,
    do_not_post,
    needs,
    *,
    required: bool,
    salutation=None,
    language=None,
    format=None,
    date_of_birth=None,
) -> dict:
    """Validated person fields; every one that reaches a letter refuses hidden characters."""
    fields: dict = {}
    if date_of_birth is not None:  # a child victim's: their own offer comes when they turn 18
        born = parse_optional_date(date_of_birth, "date of birth", earliest=EARLIEST_BIRTH)
        if born and born > today():
            raise VloError("date of birth cannot be in the future")
        fields["date_of_birth"] = born.isoformat() if born else None
    if salutation is not None:
        fields["salutation"] = letter_text(salutation, "salutation", limit=100, required=False)
    if name is not None or required:
        fields["name"] = letter_text(name, "name")
    if role is not None or required:
        fields["role"] = choice(role or "victim", "role", scheme.ROLES)
    if title is not None:
        fields["title"] = letter_text(title, "title", limit=20, required=False)
    if address is not None:
        fields["address"] = letter_text(address, "address", limit=500, required=False)
    if language is not None:
        fields["language"] = choice(language, "language", LANGUAGES)
    if format is not None:
        fields["format"] = choice(format, "format", PRINT_FORMATS)
    if postcode is not None:
        code = letter_text(postcode, "postcode", limit=10, required=False)
        if code:
            code = code.upper()
            if not _POSTCODE.match(code):
                raise VloError("postcode must be a UK postcode like CF10 1AA")
            if " " not in code:
                code = f"{code[:-3]} {code[-3:]}"
        fields["postcode"] = code
    if email is not None:
        value = clean_text(email, "email", limit=254, required=False)
        if value and not _EMAIL.match(value):
            raise VloError("email must look like name@example.org")
        fields["email"] = value
    if phone is not None:
        value = clean_text(phone, "phone", limit=20, required=False)
        if value and not _PHONE.match(value):
            raise VloError("phone must be digits, spaces, '+', '(', ')' or '-', like 029 2000 0000")
        fields["phone"] = value
    if preferred_method is not None:
        fields["preferred_method"] = (
            choice(preferred_method, "preferred method", scheme.CONTACT_METHODS) if preferred_method else None
        )
    if do_not_post is not None:
        fields["do_not_post"] = int(do_not_post)
    if needs is not None:
        fields["needs"] = clean_text(needs, "needs", limit=500, required=False)
    if address is not None and (required or postcode is not None):
        # An edit of the address alone is checked by the service, with the postcode it has stored.
        check_address_lines(fields["address"], fields.get("postcode"))
    return fields


def split_lines(text: str | None) -> list[str]:
    """An address typed with commas (or new lines) as its lines."""
    return [part.strip() for part in (text or "").replace("\n", ",").split(",") if part.strip()]


def postal_lines(lines: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """A name and address as Royal Mail asks: no punctuation at line ends, the postcode on its own
    line in capitals, and the post town (the line above the postcode) in capitals.

    >>> postal_lines(["Siân O'Neil", "1 Heol y Llan,", "Caerdydd CF10 1aa"])
    ("Siân O'Neil", '1 Heol y Llan', 'CAERDYDD', 'CF10 1AA')
    """
    out = [" ".join(line.strip(" ,.;").split()) for line in lines]
    out = [line for line in out if line]
    if out and not _POSTCODE_LINE.match(out[-1]) and (m := _TRAILING_POSTCODE.match(out[-1])):
        out[-1:] = [m.group(1).rstrip(" ,"), m.group(2)]
    if out and (m := _POSTCODE_LINE.match(out[-1])):
        out[-1] = f"{m.group(1)} {m.group(2)}".upper()
        while len(out) > 2 and out[-2].replace(" ", "").upper() == out[-1].replace(" ", ""):
            del out[-2]  # the postcode typed in the address as well
        if len(out) >= 3:
            out[-2] = out[-2].upper()
    return tuple(out)


def address_lines(address: str | None, postcode: str | None) -> int:
    """How many lines the address and postcode take in a letter, below the name: laid out as the
    letter lays them out (``split_lines``, then ``postal_lines``)."""
    return len(postal_lines(["name", *split_lines(address), *([postcode] if postcode else [])])) - 1


def check_address_lines(address: str | None, postcode: str | None) -> None:
    """Refuse an address a window envelope cannot show (one line naming the field and the limit)."""
    # Cheap first (vlo import checks every row): each comma or line break starts at most one more
    # line, and the postcode field or a postcode split off the last line one more again.
    if address is None or address.count(",") + address.count("\n") + 3 <= ADDRESS_MAX_LINES:
        return
    lines = address_lines(address, postcode)
    if lines > ADDRESS_MAX_LINES:
        raise VloError(
            f"address can have at most {ADDRESS_MAX_LINES} lines with the postcode, as many as a letter's "
            f"window shows below the name (a comma or a line break starts a line): this one has {lines}"
        )


def contact_fields(date: str | None, method: str | None, direction: str, summary: str | None) -> dict:
    """A validated contact: when (default today, never in the future), how, which way, what."""
    when = parse_date(date, "contact date") if date else today()
    if when > today():
        raise VloError("contact date cannot be in the future")
    if method is None:
        raise VloError(f"method is required: --method, one of: {', '.join(scheme.CONTACT_METHODS)}")
    return {
        "date": when.isoformat(),
        "method": choice(method, "method", scheme.CONTACT_METHODS),
        "direction": choice(direction, "direction", scheme.DIRECTIONS),
        "summary": clean_text(summary, "summary", limit=LONG_TEXT, required=False),
    }


def event_fields(type_: str | None, date: str | None, note: str | None) -> dict:
    """A validated key-stage event, recorded today."""
    from vlo.domain.deadlines import EVENT_TYPES

    if type_ is None:
        raise VloError(f"event type is required: --type, one of: {', '.join(EVENT_TYPES)}")
    kind = choice(type_, "event type", EVENT_TYPES)
    if date is None:
        raise VloError("event date is required: --date DATE")
    return {
        "type": kind,
        "date": parse_date(date, "event date").isoformat(),
        "note": clean_text(note, "note", limit=LONG_TEXT, required=False),
        "recorded_on": today().isoformat(),
    }


def condition_fields(type_: str | None, details: str | None, date: str | None) -> dict:
    """A validated licence-condition request (asked for today unless a date is given)."""
    from vlo.domain import conditions

    if type_ is None:
        raise VloError(f"condition type is required: --type, one of: {', '.join(conditions.TYPES)}")
    return {
        "type": choice(type_, "condition type", conditions.TYPES),
        "details": clean_text(details, "details", limit=LONG_TEXT),
        "requested_on": (parse_date(date, "request date") if date else today()).isoformat(),
    }


def event_changes(type_: str | None, date: str | None, note: str | None) -> dict:
    """The validated changes to an event: only what was given ("" clears the note)."""
    from vlo.domain.deadlines import EVENT_TYPES

    changes: dict = {}
    if type_ is not None:
        changes["type"] = choice(type_, "event type", EVENT_TYPES)
    if date is not None:
        changes["date"] = parse_date(date, "event date").isoformat()
    if note is not None:
        changes["note"] = clean_text(note, "note", limit=LONG_TEXT, required=False)
    return changes
