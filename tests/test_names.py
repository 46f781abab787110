"""Names as they reach a letter: hidden characters refused or stripped, salutations that keep the name."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vlo.domain.names import (
    clean_field,
    hidden_characters,
    plain_line,
    salutation,
    salutation_needs_check,
    surname,
)
from vlo.errors import VloError


@pytest.mark.parametrize(
    "value, what",
    [
        ("Smith\u202eevil", "U+202E"),  # right-to-left override
        ("\u2066Jones\u2069", "U+2066"),  # left-to-right isolate
        ("Jo\u200bnes", "U+200B"),  # zero-width space
        ("Jo\u200dnes", "U+200D"),  # zero-width joiner
        ("\ufeffJones", "U+FEFF"),  # byte order mark
        ("Jo\u2060nes", "U+2060"),  # word joiner
        ("Jones\x07", "U+0007"),  # a control character
        ("Jones\nSmith", "U+000A"),  # a line break in a one-line field
    ],
)
def test_hidden_characters_are_refused_with_one_line_naming_the_field(value, what):
    with pytest.raises(VloError) as caught:
        clean_field(value, "name")
    message = str(caught.value)
    assert message.startswith("name contains ") and what in message and "\n" not in message
    assert value not in message  # the value itself is not repeated back


def test_hidden_characters_can_be_stripped_and_listed_for_a_warning():
    value = "Sio\u0302n \u202eAp\u200b Iorwerth"
    assert hidden_characters(value) == ["U+202E right-to-left override", "U+200B zero width space"]
    assert clean_field(value, "name", strip=True) == "Siôn Ap Iorwerth"  # and NFC: ô is one character


def test_addresses_keep_their_lines():
    assert (
        clean_field(" 1 Heol y Llan \n\n Caerdydd ", "address", multiline=True) == "1 Heol y Llan\nCaerdydd"
    )
    with pytest.raises(VloError, match="address contains a zero-width character"):
        clean_field("1 Heol\u200c y Llan", "address", multiline=True)


@pytest.mark.parametrize(
    "name, family",
    [
        ("Siôn Ap Iorwerth", "Ap Iorwerth"),
        ("Dafydd ap Gwilym", "ap Gwilym"),
        ("Tomás Ó Súilleabháin", "Ó Súilleabháin"),
        ("Siobhán Ní Bhriain", "Ní Bhriain"),
        ("Máire Nic Giolla Phádraig", "Phádraig"),  # only particles join: Nic Giolla needs a person
        ("Seán Mac Giolla", "Mac Giolla"),
        ("Ludwig van Beethoven", "van Beethoven"),
        ("María de la Cruz", "de la Cruz"),
        ("Ursula von der Leyen", "von der Leyen"),
        ("Van Morrison", "Morrison"),  # the first word is a given name, never a particle
        ("Siân O'Neil", "O'Neil"),
        ("Gwen Jones", "Jones"),
    ],
)
def test_the_surname_keeps_its_particles(name, family):
    assert surname(name) == family


def test_salutations_keep_the_particle_and_ask_for_a_check():
    assert salutation("Siôn Ap Iorwerth", "Mr").text == "Mr Ap Iorwerth"
    assert salutation("Tomás Ó Súilleabháin", "Mr").text == "Mr Ó Súilleabháin"
    assert salutation("Siôn Ap Iorwerth", "Mr").check and salutation("Tomás Ó Súilleabháin", "Mr").check
    assert salutation("Siobhán Ní Bhriain", "Ms") == salutation("Siobhán Ní Bhriain", "Ms")
    assert salutation("Siobhán Ní Bhriain", "Ms").reason == "the surname has a particle (Ní Bhriain)"
    plain = salutation("Gwen Jones", "Mrs")
    assert (plain.text, plain.check) == ("Mrs Jones", False)
    assert salutation("Gwen Jones").text == "Gwen Jones"  # no title: the full name, no guess
    recorded = salutation("Siôn Ap Iorwerth", "Mr", recorded="Siôn")
    assert (recorded.text, recorded.check) == ("Siôn", False)  # the officer's choice wins


@pytest.mark.parametrize(
    "name, check",
    [
        ("Siôn Ap Iorwerth", True),
        ("Tomás Ó Súilleabháin", True),
        ("Ludwig van Beethoven", True),
        ("Cher", True),  # one word: no surname to take
        ("John A.", True),  # a lone initial
        ("Gwen Jones", False),
        ("Van Morrison", False),
    ],
)
def test_which_salutations_need_a_check(name, check):
    assert salutation_needs_check(name) is check


@pytest.mark.parametrize("multiline", [False, True])
def test_every_character_the_rules_hide_is_caught_by_the_fast_check(multiline):
    """The one-search fast path (``_ANY_HIDDEN``) must let through nothing ``_hidden`` refuses, and
    refuse nothing it lets through: every character of the Basic Multilingual Plane, both modes."""
    from vlo.domain import names

    fast = names._ANY_HIDDEN_BUT_NEWLINE if multiline else names._ANY_HIDDEN
    disagree = [
        f"U+{code:04X}"
        for code in range(0x10000)
        if 0xD800 > code or code > 0xDFFF  # lone surrogates are no text
        if bool(fast.match(chr(code))) != bool(names._hidden(chr(code), multiline=multiline))
    ]
    assert disagree == []


# Unicode Standard Annex #9 (the bidirectional algorithm), table 1: the explicit directional
# formatting characters are ALM U+061C, LRM U+200E, RLM U+200F, LRE..RLO U+202A-U+202E and
# LRI..PDI U+2066-U+2069. The line and paragraph separators U+2028/U+2029 break a line like a
# control character. Their printable neighbours are ordinary text.
BIDI_CONTROLS = [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]


@pytest.mark.parametrize("code", BIDI_CONTROLS, ids=lambda c: f"U+{c:04X}")
def test_every_directional_formatting_character_is_refused_as_such(code):
    with pytest.raises(VloError, match=f"^name contains a text-direction control \\(U\\+{code:04X} "):
        clean_field(f"Jo{chr(code)}nes", "name")


@pytest.mark.parametrize("code", [0x2028, 0x2029], ids=lambda c: f"U+{c:04X}")
def test_the_line_and_paragraph_separators_are_refused_as_control_characters(code):
    with pytest.raises(VloError, match=f"^name contains a control character \\(U\\+{code:04X} "):
        clean_field(f"Jo{chr(code)}nes", "name")


@pytest.mark.parametrize(
    ("code", "kept"),
    [
        (0x061B, "Jo\u061bnes"),  # Arabic semicolon
        (0x061D, "Jo\u061dnes"),  # Arabic end of text mark
        (0x2010, "Jo\u2010nes"),  # hyphen
        (0x2027, "Jo\u2027nes"),  # hyphenation point
        (0x202F, "Jo nes"),  # narrow no-break space: a space, made plain
    ],
    ids=lambda v: f"U+{v:04X}" if isinstance(v, int) else "",
)
def test_the_neighbours_of_those_characters_are_ordinary_text(code, kept):
    assert clean_field(f"Jo{chr(code)}nes", "name") == kept


@pytest.mark.parametrize("code", [0x2065, 0x206A], ids=lambda c: f"U+{c:04X}")
def test_only_the_annexs_characters_are_called_text_direction_controls(code):
    try:
        clean_field(f"Jo{chr(code)}nes", "name")
    except VloError as refused:
        assert "text-direction" not in str(refused)


def test_a_line_break_is_hidden_in_a_one_line_field_unless_told_otherwise():
    assert hidden_characters("1 Heol y Llan\nCaerdydd") == ["U+000A control character"]
    assert hidden_characters("1 Heol y Llan\nCaerdydd", multiline=True) == []


def test_a_two_letter_surname_is_not_an_initial():
    # "Ng", "Li", "Wu" are whole surnames; "A." is an initial.
    assert salutation_needs_check("Mei Ng") is False
    assert (salutation("Mei Ng", "Ms").text, salutation("Mei Ng", "Ms").check) == ("Ms Ng", False)


@pytest.mark.parametrize(
    ("name", "title", "text", "check", "reason"),
    [
        ("Cher", "Ms", "Ms Cher", True, "the name is one word"),
        ("John A.", "Mr", "Mr A.", True, "the surname is an initial"),
        ("Gwen Jones", None, "Gwen Jones", False, ""),  # no title: the full name, nothing to check
        ("Gwen Jones", "Mrs", "Mrs Jones", False, ""),
    ],
)
def test_each_salutation_says_whether_and_why_to_check_it(name, title, text, check, reason):
    # The Worboys review (2018, SPEC §2): names misspelt in letters; check before a batch goes.
    got = salutation(name, title)
    assert (got.text, got.check, got.reason) == (text, check, reason)


def _unchanged(value: str, **how) -> bool:
    """Whether ``value`` has some text and ``clean_field`` gives it back as it is (refusing it
    counts as changing it). The empty value is left to the full rules: a required field refuses it."""
    if not value:
        return False
    try:
        return clean_field(value, "name", **how) == value
    except VloError:
        return False


def test_a_plain_line_is_exactly_a_value_the_full_rule_gives_back_unchanged_for_every_character():
    """``plain_line`` lets an import skip ``clean_field``: it must say yes exactly where the full
    rule would change nothing, around every character of the Basic Multilingual Plane."""
    disagree = [
        f"U+{code:04X}"
        for code in range(0x10000)
        if 0xD800 > code or code > 0xDFFF
        for value in (f"a{chr(code)}b", chr(code))
        if plain_line(value) != _unchanged(value)
    ]
    assert disagree == []


@pytest.mark.parametrize(
    ("value", "plain"),
    [
        ("Siân O'Neil", True),
        ("0 Heol y Llan, Caerdydd", True),
        ("x", True),
        ("", False),
        ("Siân  O'Neil", False),  # two spaces: the rule makes them one
        (" Siân", False),
        ("Siân ", False),
        ("Siân\tO'Neil", False),
        ("Siân\u00a0O'Neil", False),  # a no-break space is white space too
        ("Sia\u0302n", False),  # â as a + combining circumflex: NFC makes it one character
        ("Si\u200ban", False),
        ("Si\u202ean", False),
        ("Siân\nO'Neil", False),
    ],
)
def test_what_counts_as_a_plain_line(value, plain):
    assert plain_line(value) is plain
    assert _unchanged(value) is plain


_TRICKY = st.sampled_from(
    [" ", "  ", "\t", "\n", "\r", "\u00a0", "\u2003", "\u200b", "\u202e", "\u2028", "\x85", "\x00", "\x7f"]
    + ["\u0301", "\u0302", "e\u0301", "A\u030a", "\ufeff", "\u061c", "'", "é", "ŵ", "Ó", "𝔄", "\udc80"]
)


@given(st.lists(st.one_of(st.text(max_size=4), _TRICKY), max_size=8).map("".join))
def test_a_plain_line_is_given_back_unchanged_in_either_mode_and_nothing_else_is(value):
    plain = plain_line(value)
    assert plain == _unchanged(value)
    if plain:
        assert clean_field(value, "address", multiline=True) == value
