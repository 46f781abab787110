"""What a case, a sentence and a person may hold (vlo/domain/records.py), typed or imported alike.

Sources: SPEC §3 "What the tool keeps" (sentences: date, type, term, adjustments); SPEC §4 (LENGTH
like 18m, 2y6m, 4y, 120d; the adjustments --remand-days, --tagged-bail-days, --ual-days,
--added-days); SPEC §5 "Bad input" (one clear line naming the field; a sentence date in the future,
an empty name); Royal Mail addressing (postcode on its own line: SPEC §4 "Letters on paper").
"Today" is VLO_TODAY, Mon 2 Jun 2025 (tests/conftest.py).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vlo.domain import records
from vlo.domain.records import case_fields, clean_ref, letter_text, person_fields, sentence_fields
from vlo.errors import VloError


def test_a_reference_is_up_to_40_plain_characters():
    assert clean_ref(" VLU/2025-01_a.b ") == "VLU/2025-01_a.b"
    assert clean_ref("R" * 40) == "R" * 40
    for bad in ("R" * 41, "", "   ", "VLU 1", "VLU-1;", "VLU\r1"):
        with pytest.raises(VloError, match="^case reference must be 1 to 40 letters"):
            clean_ref(bad)


def case(required=True, **given):
    names = ("offender", "offence", "category", "court", "officer", "discretionary", "prison_number")
    args = dict.fromkeys((*names, "offence_date", "referral_date"))
    return case_fields(**{**args, **given}, required=required)


def test_a_new_case_needs_offender_offence_and_category():
    assert case(offender="A B", offence="Wounding", category="Violent") == {
        "offender": "A B",
        "offence": "Wounding",
        "category": "violent",
    }
    with pytest.raises(VloError, match="^category is required: one of violent, sexual, terrorism, other$"):
        case(offender="A B", offence="Wounding")
    with pytest.raises(VloError, match="^offender is required$"):
        case(offence="Wounding", category="violent")


def test_an_edit_changes_only_what_is_given_and_blank_clears_an_optional_field():
    fields = case_fields(None, None, None, "", None, None, None, "", None, required=False)
    assert fields == {"court": None, "offence_date": None}
    assert case_fields(None, None, "sexual", None, None, None, None, None, None, required=False) == {
        "category": "sexual"
    }


@pytest.mark.parametrize(
    ("field", "arg", "limit"),
    [
        ("court", "court", 200),
        ("officer", "officer", 100),
        ("discretionary_reason", "discretionary", 1000),
        ("prison_number", "prison_number", 20),
        ("offence", "offence", 500),
    ],
)
def test_each_case_field_takes_exactly_its_limit(field, arg, limit):
    given = dict(offender="A", offence="B", category="other")
    assert case(**{**given, arg: "x" * limit})[field] == "x" * limit
    with pytest.raises(VloError, match=f"at most {limit} characters"):
        case(**{**given, arg: "x" * (limit + 1)})


def test_offence_and_referral_dates_may_be_today_but_not_later():
    given = dict(offender="A", offence="B", category="other")
    fields = case(**given, offence_date="2025-06-02", referral_date="02/06/2025")
    assert (fields["offence_date"], fields["referral_date"]) == ("2025-06-02", "2025-06-02")
    for key in ("offence_date", "referral_date"):
        with pytest.raises(VloError, match=f"^{key.replace('_', ' ')} cannot be in the future$"):
            case(**given, **{key: "2025-06-03"})


def sentence(date="2025-03-31", type_="sds", length="2y", **kw):
    return sentence_fields(date, type_, length, **kw)


def test_a_sentence_keeps_every_term_and_adjustment():
    # SPEC §3: sentences with their term and adjustments; a --concurrent or --consecutive term
    # dropped would move the release date (release.py serves the longest and adds consecutive ones).
    record = sentence(
        "31/03/2025",
        "EDS",
        "4Y",
        consecutive=["6m", "1y"],
        concurrent=["18m", "2y6m"],
        extension="3y",
        remand_days=35,
        tagged_bail_days=10,
        ual_days=2,
        added_days=14,
    )
    assert record == {
        "date": "2025-03-31",
        "type": "eds",
        "length": "4y",
        "consecutive": "6m 1y",
        "concurrent": "18m 2y6m",
        "extension": "3y",
        "tariff": None,
        "remand_days": 35,
        "tagged_bail_days": 10,
        "ual_days": 2,
        "added_days": 14,
        "recorded_on": "2025-06-02",
    }


def test_a_life_sentence_keeps_its_tariff_and_needs_no_length():
    record = sentence(type_="life", length=None, tariff="15y")
    assert (record["length"], record["tariff"], record["consecutive"], record["concurrent"]) == (
        None,
        "15y",
        "",
        "",
    )
    assert (record["remand_days"], record["tagged_bail_days"], record["ual_days"], record["added_days"]) == (
        0,
        0,
        0,
        0,
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"date": None}, "sentence date is required"),
        ({"type_": None}, "sentence type is required"),
        ({"length": None}, "length is required for sds"),
        ({"length": ""}, "length is required for sds"),
        ({"type_": "suspended", "length": None}, "length is required for suspended"),
        ({"date": "2025-06-03"}, "sentence date cannot be in the future"),
        ({"concurrent": ["0m"]}, "concurrent term must be longer than zero"),
        ({"consecutive": ["abc"]}, "consecutive term must be like 18m"),
        ({"extension": "x"}, "extension must be like"),
        ({"tariff": "0y", "type_": "life", "length": None}, "tariff must be longer than zero"),
        ({"type_": "life"}, "length does not apply to a life sentence: give the minimum term with --tariff"),
        ({"remand_days": -1}, "remand days must be a whole number"),
        ({"tagged_bail_days": 36501}, "tagged bail days must be a whole number"),
        ({"ual_days": -1}, "UAL days must be"),
        ({"added_days": -1}, "added days must be"),
    ],
)
def test_a_bad_sentence_is_refused_naming_the_field(kwargs, message):
    with pytest.raises(VloError, match=f"^{message}"):
        sentence(**kwargs)


def test_a_sentence_passed_today_is_accepted():
    assert sentence("2025-06-02")["date"] == "2025-06-02"


def person(**given):
    args = dict.fromkeys(
        (
            "name",
            "title",
            "role",
            "address",
            "postcode",
            "email",
            "phone",
            "preferred_method",
            "do_not_post",
            "needs",
        )
    )
    required = given.pop("required", False)
    return person_fields(**{**args, **given}, required=required)


def test_a_new_person_is_a_victim_unless_said_otherwise():
    assert person(name="Siân O'Neil", required=True) == {"name": "Siân O'Neil", "role": "victim"}
    assert person(name="A", role="Parent-Guardian", required=True)["role"] == "parent-guardian"
    assert person(email="a@b.org") == {"email": "a@b.org"}  # an edit touches only what is given


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("cf10 1aa", "CF10 1AA"),
        ("CF101AA", "CF10 1AA"),
        ("LS11AA", "LS1 1AA"),
        ("SW1A 1AA", "SW1A 1AA"),
        ("M1 1AE", "M1 1AE"),
        ("", None),
    ],
)
def test_postcodes_are_kept_the_royal_mail_way(typed, kept):
    assert person(postcode=typed)["postcode"] == kept


@pytest.mark.parametrize("bad", ["CF10", "12345", "CF10 1A", "CF10-1AA"])
def test_a_postcode_that_is_not_one_is_refused(bad):
    with pytest.raises(VloError, match="^postcode must be a UK postcode like CF10 1AA$"):
        person(postcode=bad)


def test_phone_and_email_are_checked_and_may_be_cleared():
    assert person(phone="+44 (29) 2000-0000")["phone"] == "+44 (29) 2000-0000"
    assert person(phone="029 20")["phone"] == "029 20"  # six characters: the shortest accepted
    for bad in ("029 2", "call me", "0800 CALL ME"):
        with pytest.raises(VloError, match="^phone must"):
            person(phone=bad)
    assert person(email="", phone="") == {"email": None, "phone": None}
    for bad in ("a@b", "a b@c.org", "ab.org"):
        with pytest.raises(VloError, match="^email must look like name@example.org$"):
            person(email=bad)


def test_contact_preferences_and_needs():
    assert person(preferred_method="Phone", do_not_post=True, needs="Large print") == {
        "preferred_method": "phone",
        "do_not_post": 1,
        "needs": "Large print",
    }
    assert person(preferred_method="", do_not_post=False) == {"preferred_method": None, "do_not_post": 0}
    assert person(salutation="Dear Ms O'Neil", title="Ms") == {"salutation": "Dear Ms O'Neil", "title": "Ms"}


@pytest.mark.parametrize(
    ("arg", "limit"), [("title", 20), ("address", 500), ("needs", 500), ("salutation", 100), ("name", 200)]
)
def test_each_person_field_takes_exactly_its_limit(arg, limit):
    assert person(**{arg: "x" * limit})[arg] == "x" * limit
    with pytest.raises(VloError, match=f"at most {limit} characters"):
        person(**{arg: "x" * (limit + 1)})


def test_an_address_may_run_over_several_lines_a_name_may_not():
    assert person(address="1 Heol y Llan\nCaerdydd")["address"] == "1 Heol y Llan\nCaerdydd"
    with pytest.raises(VloError, match="^name must be on one line$"):
        person(name="Siân\nO'Neil")


# A letter's recipient block holds the name and at most six lines: GOV.UK Notify's letter API takes
# address_line_1 to address_line_7 with the name as the first (SPEC §4 "Letters on paper"), and
# vlo/letters/markup.py ADDRESS_MAX_LINES = 7 refuses more when the letter is made, which stopped the
# whole batch ("the address has 9 lines..."). So the address is refused when it is entered, its lines
# counted as the letter counts them (commas and line breaks; the postcode on a line of its own).
NINE_LINES = "Flat 1, Block 2, The Court, 3 Long Road, Old Village, Newtown, Bigshire, Wales"


@pytest.mark.parametrize(
    ("address", "postcode", "lines"),
    [
        ("Flat 1, Block 2, 3 Long Road, Old Village, Newtown", "CF10 1AA", 6),
        ("Flat 1\nBlock 2\n3 Long Road\nOld Village\nNewtown", "CF10 1AA", 6),
        # The postcode typed in the address as well is printed once.
        ("Flat 1, Block 2, 3 Long Road, Old Village, Newtown, CF10 1AA", "cf101aa", 6),
        # Without the postcode field, a postcode at the end of the last line takes a line of its own.
        ("Flat 1, Block 2, 3 Long Road, Old Village, Newtown, Caerdydd CF10 1AA", "", 7),
        ("Flat 1,, Block 2, ,3 Long Road, Old Village, Newtown,", "CF10 1AA", 6),  # empty parts go
        (NINE_LINES, None, 8),
        (NINE_LINES, "CF10 1AA", 9),
    ],
)
def test_an_address_is_refused_when_a_letters_window_could_not_show_it(address, postcode, lines):
    assert records.address_lines(address, postcode) == lines
    if lines <= records.ADDRESS_MAX_LINES:
        assert person(address=address, postcode=postcode)["address"] == address.strip()
    else:
        refused = (
            "address can have at most 6 lines with the postcode, as many as a letter's window shows below "
            f"the name (a comma or a line break starts a line): this one has {lines}"
        )
        with pytest.raises(VloError, match=f"^{re.escape(refused)}$"):
            person(address=address, postcode=postcode, name="A B", required=True)


_part = st.one_of(
    st.sampled_from(
        ["Flat 1", "Newtown", "Newtown CF10 1AA", "CF10 1AA", "cf101aa", "LS1 1AA", " ", ".", ";"]
    ),
    st.text("ab .,;\n", max_size=6),
)


@given(
    parts=st.lists(_part, max_size=10),
    seps=st.lists(st.sampled_from([",", "\n", ", ", ",,"]), min_size=10, max_size=10),
    postcode=st.sampled_from([None, "", "CF10 1AA", "LS1 1AA"]),
)
def test_an_address_has_as_many_lines_as_the_letter_gives_it(parts, seps, postcode):
    # The check at entry refuses exactly the addresses the letter cannot show: the letter's own
    # layout (split_lines, then postal_lines, below the name), past the check's cheap first test,
    # against the letter's own limit.
    from vlo.letters.markup import ADDRESS_MAX_LINES

    address = "".join(p + s for p, s in zip(parts, seps, strict=False))
    letter = records.postal_lines(
        ["Siân O'Neil", *records.split_lines(address), *([postcode] if postcode else [])]
    )
    assert records.address_lines(address, postcode) == len(letter) - 1
    too_long = len(letter) > ADDRESS_MAX_LINES
    try:
        records.check_address_lines(address, postcode)
        refused = False
    except VloError:
        refused = True
    assert refused == too_long


def test_an_edit_may_change_offender_offence_name_and_role_alone():
    assert case_fields("C D", "Robbery", None, None, None, None, None, None, None, required=False) == {
        "offender": "C D",
        "offence": "Robbery",
    }
    assert person(name="Sian O'Neil", role="bereaved-relative") == {
        "name": "Sian O'Neil",
        "role": "bereaved-relative",
    }


def test_an_edit_may_clear_each_optional_detail_with_a_blank():
    cleared = person(title="", address="", needs="", salutation="", postcode="", email="", phone="")
    assert cleared == dict.fromkeys(("salutation", "title", "address", "postcode", "email", "phone", "needs"))
    blank_case = case_fields(None, None, None, "", "", "", "", None, "", required=False)
    assert blank_case == dict.fromkeys(
        ("court", "officer", "discretionary_reason", "prison_number", "referral_date")
    )


@pytest.mark.parametrize(
    ("arg", "longest", "limit"),
    [
        ("email", "a" * (254 - len("@example.org")) + "@example.org", 254),  # RFC 5321 path limit
        ("phone", "0" * 20, 20),
    ],
)
def test_email_and_phone_take_exactly_their_limit(arg, longest, limit):
    assert person(**{arg: longest})[arg] == longest
    with pytest.raises(VloError, match=f"^{arg} is too long: at most {limit} characters"):
        person(**{arg: "0" + longest})


def test_a_postcode_longer_than_any_real_one_is_refused_as_too_long():
    with pytest.raises(VloError, match="^postcode must be a UK postcode"):
        person(postcode="SW1A  1AAX")  # 10 characters: within the limit, but no postcode
    with pytest.raises(VloError, match="^postcode is too long: at most 10 characters"):
        person(postcode="SW1A   1AAX")


# --- contacts and events (SPEC §3 "the contact log (date, method, direction, summary); key-stage events")


def test_a_contact_may_be_dated_today_but_never_tomorrow():
    from vlo.domain.records import contact_fields

    assert contact_fields("2025-06-02", "phone", "out", None)["date"] == "2025-06-02"
    with pytest.raises(VloError, match="contact date cannot be in the future"):
        contact_fields("2025-06-03", "phone", "out", None)


def test_an_event_needs_a_type_and_a_date():
    from vlo.domain.records import event_fields

    with pytest.raises(VloError, match="event type is required"):
        event_fields(None, "2025-06-02", None)
    with pytest.raises(VloError, match="event date is required"):
        event_fields("release", None, None)
    assert event_fields("release", "2025-07-01", "  ")["note"] is None


def test_an_event_edit_changes_only_what_was_given():
    from vlo.domain.records import event_changes

    assert event_changes(None, None, None) == {}
    assert event_changes("recall", None, None) == {"type": "recall"}
    assert event_changes(None, "01/07/2025", None) == {"date": "2025-07-01"}
    assert event_changes(None, None, "") == {"note": None}  # "" clears the note
    assert event_changes(None, None, "Moved to HMP X") == {"note": "Moved to HMP X"}


def test_an_officers_name_is_at_most_100_characters():
    assert case_fields(None, None, None, None, "A" * 100, None, None, None, None, required=False) == {
        "officer": "A" * 100
    }
    with pytest.raises(VloError, match="officer"):
        case_fields(None, None, None, None, "A" * 101, None, None, None, None, required=False)


def test_a_condition_request_keeps_its_type_and_details_and_defaults_to_today():
    # SPEC §2 "Licence conditions victims ask for": no contact, an exclusion zone, others in free
    # text; "requested by the victim" is the lifecycle's first dated step (today, 2 Jun 2025).
    from vlo.domain.records import condition_fields

    assert condition_fields("Exclusion-Zone", "Not to enter Splott, Cardiff", None) == {
        "type": "exclusion-zone",
        "details": "Not to enter Splott, Cardiff",
        "requested_on": "2025-06-02",
    }
    assert condition_fields("non-contact", "No contact with J", "30/05/2025")["requested_on"] == "2025-05-30"
    with pytest.raises(VloError, match="^condition type is required"):
        condition_fields(None, "No contact with J", None)


def test_the_length_counts_towards_the_100_year_total_with_its_consecutive_terms():
    # SPEC §5 "Bad input": an absurd length is refused with one line naming the field. vlo's bound is
    # 100 years in all (terms.LONGEST_YEARS): 60 years then 50 consecutive is 110, over it, even
    # though each term alone is under it; 60 + 40 is exactly 100 and stands.
    assert sentence(length="60y", consecutive=["40y"])["consecutive"] == "40y"
    with pytest.raises(VloError, match="^length with consecutive terms can be at most 100 years in all$"):
        sentence(length="60y", consecutive=["50y"])


def _outcome(check, value, limit, required):
    try:
        return check(value, "name", limit=limit, required=required)
    except VloError as exc:
        return f"refused: {exc}"


_PIECES = st.sampled_from(
    [" ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u200b", "\u202e", "\x00", "\x7f", "\x85", "\u0301"]
    + ["e\u0301", "é", "Siân", "O'Neil", "x" * 9, "x" * 95, "x" * 190]
)


@given(
    st.one_of(st.none(), st.lists(st.one_of(st.text(max_size=5), _PIECES), max_size=8).map("".join)),
    st.sampled_from([10, 20, 100, 200, 500]),
    st.booleans(),
)
def test_the_fast_path_for_letter_text_answers_as_the_full_rules_do(value, limit, required):
    """``letter_text`` passes a plain value without the full checks: the same answer or the same
    refusal either way, on any text, at every limit a caller uses."""
    assert _outcome(letter_text, value, limit, required) == _outcome(
        records._letter_text, value, limit, required
    )


@pytest.mark.parametrize("limit", [10, 200, 500])
def test_a_plain_value_at_its_limit_is_kept_and_one_over_is_refused(limit):
    assert letter_text("x" * limit, "name", limit=limit) == "x" * limit
    with pytest.raises(VloError, match=f"^name is too long: at most {limit} characters"):
        letter_text("x" * (limit + 1), "name", limit=limit)
    with pytest.raises(VloError, match=f"^name is too long: at most {limit} characters"):
        letter_text("x y" * limit, "name", limit=limit)


def test_a_value_the_fast_path_leaves_is_still_cleaned():
    assert letter_text("  Siân   O'Neil ", "name") == "Siân O'Neil"
    assert letter_text("Rene\u0301e", "name") == "Renée"
    assert letter_text("1 Heol y Llan\nCaerdydd", "address", limit=500) == "1 Heol y Llan\nCaerdydd"
    assert letter_text(None, "title", required=False) is None
    assert letter_text("", "title", required=False) is None
    with pytest.raises(VloError, match="^name is required"):
        letter_text(None, "name")
    with pytest.raises(VloError, match="^name contains a zero-width character"):
        letter_text("Si\u200ban", "name")


@pytest.mark.parametrize(
    ("given", "kept"),
    [("2012-02-29", "2012-02-29"), ("29/02/2012", "2012-02-29"), ("", None), ("  ", None)],
)
def test_a_date_of_birth_is_read_as_every_date_is_and_blank_clears_it(given, kept):
    # The same rule for vlo victim add/edit --date-of-birth and an import's victim_date_of_birth.
    assert person_fields(*[None] * 10, required=False, date_of_birth=given) == {"date_of_birth": kept}


@pytest.mark.parametrize(
    ("given", "error"),
    [
        ("2025-06-03", "date of birth cannot be in the future"),  # the day after VLO_TODAY
        ("2012-02-30", "date of birth is not a real date"),
    ],
)
def test_a_date_of_birth_in_the_future_or_not_a_date_is_refused(given, error):
    with pytest.raises(VloError, match=error):
        person_fields(*[None] * 10, required=False, date_of_birth=given)


def test_a_date_of_birth_today_is_accepted():
    assert person_fields(*[None] * 10, required=False, date_of_birth="2025-06-02") == {
        "date_of_birth": "2025-06-02"
    }


@pytest.mark.parametrize("born", ["1900-01-01", "1945-06-01"])
def test_a_victim_or_offender_born_before_1950_can_be_recorded(born):
    """Other dates start in 1950 (the scheme's records); a date of birth from 1900: a victim or an
    offender may well be in their eighties (found by a new-user review)."""
    assert person_fields(*[None] * 10, required=False, date_of_birth=born) == {"date_of_birth": born}
    fields = case_fields(
        None, None, None, None, None, None, None, None, None, required=False, offender_dob=born
    )
    assert fields == {"offender_dob": born}


def test_a_date_of_birth_before_1900_and_other_dates_before_1950_are_refused():
    with pytest.raises(VloError, match="date of birth must be between 1900 and 2099"):
        person_fields(*[None] * 10, required=False, date_of_birth="1899-12-31")
    with pytest.raises(VloError, match="offence date must be between 1950 and 2099"):
        case_fields(None, None, None, None, None, None, None, "1949-12-31", None, required=False)
