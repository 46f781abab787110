"""Names as they reach a letter: hidden characters refused or stripped, salutations that keep the name."""

from __future__ import annotations

import pytest

from vlo.domain.names import (
    clean_field,
    hidden_characters,
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
