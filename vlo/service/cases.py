"""Cases and their sentences: registering, editing, closing, erasing, and the case on one screen."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vlo.domain import scheme
from vlo.domain.terms import Term, parse_term
from vlo.errors import VloError
from vlo.service.work import unit_of_work
from vlo.storage.exports import CASE_FLAGS  # the yes/no case facts, exported under these names

if TYPE_CHECKING:
    from vlo.domain import release
    from vlo.storage import Store


# --- from stored rows to the rules' facts -------------------------------------------------------


def terms(text: str | None) -> tuple[Term, ...]:
    return tuple(map(parse_term, text.split())) if text else ()


def _term(text: str | None) -> Term | None:
    return parse_term(text) if text else None


def _flag(value: int | None) -> bool | None:
    return None if value is None else bool(value)


def sentence_from_row(row: dict[str, Any] | None) -> scheme.Sentence | None:
    if row is None:
        return None
    return scheme.Sentence(
        date=date.fromisoformat(row["date"]),
        type=row["type"],
        term=_term(row["length"]),
        consecutive=terms(row["consecutive"]),
        concurrent=terms(row["concurrent"]),
        extension=_term(row["extension"]),
    )


_ELIGIBILITY_CASE = ("category", "discretionary_reason", "schedule_15")
_ELIGIBILITY_SENTENCE = ("date", "type", "length", "consecutive", "concurrent", "extension")


def eligibility_inputs(case: Any, sentence_row: Any | None) -> tuple:
    """Everything :func:`eligibility` reads from the two rows: the same inputs, the same verdict."""
    sentence = (None,) if sentence_row is None else tuple(sentence_row[k] for k in _ELIGIBILITY_SENTENCE)
    return tuple(case[k] for k in _ELIGIBILITY_CASE) + sentence


def eligibility(case: dict[str, Any], sentence_row: dict[str, Any] | None) -> scheme.Eligibility:
    return scheme.assess(
        case["category"],
        sentence_from_row(sentence_row),
        case["discretionary_reason"],
        schedule_15=_flag(case.get("schedule_15")),
    )


def sentence_facts(case: dict[str, Any], sentence_row: dict[str, Any]) -> release.SentenceFacts:
    """What the release rules read: the sentence as recorded and the case's facts."""
    from vlo.domain import release

    offence_date, born = case.get("offence_date"), case.get("offender_dob")
    return release.SentenceFacts(
        date=date.fromisoformat(sentence_row["date"]),
        type=sentence_row["type"],
        category=case["category"],
        term=_term(sentence_row["length"]),
        consecutive=terms(sentence_row["consecutive"]),
        concurrent=terms(sentence_row["concurrent"]),
        extension=_term(sentence_row["extension"]),
        tariff=_term(sentence_row["tariff"]),
        remand_days=sentence_row["remand_days"],
        tagged_bail_days=sentence_row["tagged_bail_days"],
        ual_days=sentence_row["ual_days"],
        added_days=sentence_row["added_days"],
        listed_offence=bool(case.get("listed_offence")),
        offence_date=date.fromisoformat(offence_date) if offence_date else None,
        sex_offender_registration=_flag(case.get("sex_offender_registration")),
        forty_percent_excluded=bool(case.get("forty_percent_excluded")),
        schedule_15b=bool(case.get("schedule_15b")),
        date_of_birth=date.fromisoformat(born) if born else None,
    )


def release_dates(
    case: dict[str, Any], sentence_row: dict[str, Any] | None
) -> release.IndicativeDates | None:
    """Indicative dates from the recorded sentence (indicative: to be confirmed by the prison)."""
    from vlo.domain import release

    if sentence_row is None:
        return None
    return release.indicative_dates(sentence_facts(case, sentence_row))


def dates_in_force(
    found: release.IndicativeDates | None, confirmed: dict[str, str]
) -> dict[str, date | None]:
    """Each of the five dates: the prison's where confirmed, else vlo's indicative one."""
    from vlo.domain.release import DATE_KEYS

    return with_confirmed({k: getattr(found, k) if found else None for k in DATE_KEYS}, confirmed)


def with_confirmed(indicative: dict[str, date | None], confirmed: dict[str, str]) -> dict[str, date | None]:
    """``indicative`` with the prison's confirmed dates in place of vlo's."""
    return {**indicative, **{k: date.fromisoformat(v) for k, v in confirmed.items()}}


def indicative_dates(
    case: dict[str, Any], sentence_row: dict[str, Any] | None, confirmed: dict[str, str] | None = None
) -> dict[str, Any]:
    """The ``dates`` object of ``vlo case show --json``: ISO dates, or null where they do not apply.

    Dates the prison confirmed win over computed ones and are listed in ``confirmed``.
    """
    found = release_dates(case, sentence_row)
    confirmed = confirmed or {}
    out: dict[str, Any] = {
        k: v.isoformat() if v else None for k, v in dates_in_force(found, confirmed).items()
    }
    out["confirmed"] = sorted(confirmed)
    out["fraction"] = found.fraction if found else None
    out["basis"] = found.basis if found else None
    out["rule"] = found.rule if found else None
    out["notes"] = list(found.notes) if found else []
    return out


# --- registering and changing cases --------------------------------------------------------------


def add_case(store: Store, record: dict[str, Any]) -> str:
    with unit_of_work(store, "case add"):
        store.add_case(record)
    return record["ref"]


def edit_case(store: Store, ref: str, changes: dict[str, Any]) -> str:
    if not changes:
        raise VloError("nothing to change: give at least one option, e.g. --officer NAME")
    from vlo.domain.release import validate_sentence

    with unit_of_work(store, "case edit") as work:
        case = store.case(ref)
        sentence = store.current_sentence(case["id"])
        if sentence:
            check_case_dates({**case, **changes}, sentence["date"])
            validate_sentence(sentence_facts({**case, **changes}, sentence))
        store.update_case(case["id"], changes)
        work.touch(case["id"])
    return case["ref"]


def close_case(store: Store, ref: str) -> str:
    with unit_of_work(store, "case close") as work:
        case = store.case(ref)
        if case["status"] == "closed":
            raise VloError(f"case {case['ref']} is already closed")
        store.close_case(case["id"])
        work.touch(case["id"])
    return case["ref"]


def check_offence_before_sentence(offence_date: str | None, sentence_date: str) -> None:
    """One rule, used by the commands and by import: nobody is sentenced before the offence."""
    if offence_date and offence_date > sentence_date:
        raise VloError("sentence date is before the offence date; check both dates")


def check_case_dates(case: dict[str, Any], sentence_date: str) -> None:
    """A case's own dates against its sentence date, whichever was entered second; used by the
    commands and by import. Nobody is sentenced before the offence, and the police refer a case to
    the unit only once it is sentenced (Victims' Code 2020: within 10 working days of sentence): an
    earlier referral date would start the 2020 clock before the sentence and so give an initial
    contact due too soon."""
    check_offence_before_sentence(case.get("offence_date"), sentence_date)
    referral = case.get("referral_date")
    if referral and referral < sentence_date:
        raise VloError(
            f"referral date must be on or after the sentence date ({sentence_date}); check both dates"
        )


@dataclass(frozen=True)
class Sentenced:
    case_ref: str
    eligibility: scheme.Eligibility


def record_sentence(store: Store, ref: str, record: dict[str, Any], *, appeal: str | None) -> Sentenced:
    """Record a case's sentence, or replace it on appeal (``appeal`` is the note; history kept)."""
    from vlo.domain.release import validate_sentence

    with unit_of_work(store, "sentence") as work:
        case = store.case(ref)
        check_case_dates(case, record["date"])
        validate_sentence(sentence_facts(case, record))
        store.record_sentence(case["id"], record, replace_note=appeal)
        work.touch(case["id"])
        verdict = eligibility(case, store.current_sentence(case["id"]))
    return Sentenced(case["ref"], verdict)


def confirm_dates(store: Store, ref: str, changes: dict[str, date | None]) -> str:
    """Dates the prison confirmed (None forgets one); they win over the indicative ones."""
    if not changes:
        raise VloError("give at least one date, e.g. --release DATE")

    with unit_of_work(store, "dates") as work:
        case = store.case(ref)
        from vlo.service.events import check_confirmed_dates

        sentence = store.current_sentence(case["id"])
        check_confirmed_dates(sentence["date"] if sentence else None, changes)
        for key, value in changes.items():
            store.set_confirmed_date(case["id"], key, value.isoformat() if value else None)
        work.touch(case["id"])
    return case["ref"]


# --- reading cases -------------------------------------------------------------------------------


def case_summary(store: Store, ref: str) -> dict[str, Any]:
    """The whole case as one object: the ``vlo case show --json`` contract."""
    from vlo.service.breaches import breaches_of
    from vlo.service.people import person_json

    case = store.case(ref)
    sentence = store.current_sentence(case["id"])
    verdict = eligibility(case, sentence)
    return {
        "case_ref": case["ref"],
        "offender": case["offender"],
        "prison_number": case["prison_number"],
        "offence": case["offence"],
        "category": case["category"],
        "offence_date": case["offence_date"],
        "court": case["court"],
        "officer": case["officer"],
        "status": case["status"],
        "eligibility": verdict.verdict,
        "eligibility_reason": verdict.reason,
        "discretionary_reason": case["discretionary_reason"],
        **{key: case[key] for key in ("offender_dob", "referral_date")},
        **{key: _flag(case[key]) for key in CASE_FLAGS},
        "sentence": _sentence_json(sentence),
        "sentence_history": [
            _sentence_json(s) for s in store.sentence_history(case["id"]) if s["replaced_at"]
        ],
        "dates": indicative_dates(case, sentence, store.confirmed_dates(case["id"])),
        "victims": [person_json(v) for v in store.victims(case["id"])],
        "conditions": [
            {
                k: c[k]
                for k in ("id", "victim_id", "type", "details", "status", "decision_maker", "requested_on")
            }
            for c in store.conditions(case_id=case["id"])
        ],
        "events": [{k: e[k] for k in ("id", "type", "date", "note")} for e in store.events(case["id"])],
        "deadlines": store.open_deadlines(case_id=case["id"]),
        "breaches": breaches_of(store, case_id=case["id"]),
        "release_check": _release_check(store, case, sentence),
    }


def _release_check(store: Store, case: dict[str, Any], sentence: dict[str, Any] | None) -> str | None:
    """Words for the officer when a recorded release event and the release date in force disagree."""
    releases = [e for e in store.events(case["id"]) if e["type"] == "release"]
    if not releases or sentence is None:
        return None
    confirmed = store.confirmed_dates(case["id"])
    expected = dates_in_force(release_dates(case, sentence), confirmed)["release"]
    recorded = date.fromisoformat(releases[-1]["date"])
    if expected is None or expected == recorded:
        return None
    return (
        f"The release event ({recorded.isoformat()}) and the release date "
        f"{'the prison confirmed' if 'release' in confirmed else 'worked out from the sentence'} "
        f"({expected.isoformat()}) disagree; the deadlines follow "
        f"{'the confirmed date' if 'release' in confirmed else 'the event'}. Record the prison's date: "
        f"vlo dates {case['ref']} --release DATE"
    )


_SENTENCE_KEYS = (
    "date",
    "type",
    "length",
    "extension",
    "tariff",
    "remand_days",
    "tagged_bail_days",
    "ual_days",
    "added_days",
    "recorded_at",
    "replaced_at",
    "replaced_note",
)


def _sentence_json(row: dict[str, Any] | None) -> dict[str, Any] | None:
    if row is None:
        return None
    out = {k: row[k] for k in _SENTENCE_KEYS}
    out["consecutive"] = row["consecutive"].split()
    out["concurrent"] = row["concurrent"].split()
    return out


def case_rows(store: Store, *, officer: str | None = None, include_closed: bool = False):
    """Rows for ``vlo case list``: one per case, with sentence and eligibility in words."""
    sentences = store.current_sentences()
    people = store.people_per_case()
    for case in store.cases(status=None if include_closed else "open", officer=officer):
        row = sentences.get(case["id"])
        described = None
        if row:
            described = f"{row['type']} {row['length'] or ''} from {row['date']}".replace("  ", " ")
        yield {
            "case_ref": case["ref"],
            "offender": case["offender"],
            "category": case["category"],
            "sentence": described,
            "eligibility": eligibility(case, row).verdict,
            "officer": case["officer"],
            "people": people.get(case["id"], 0),
            "status": case["status"],
        }


def case_id(store: Store, ref: str | None) -> int | None:
    """The id of a case named by a ``--case`` filter (an ``Error:`` when there is none)."""
    return store.case(ref)["id"] if ref else None


# --- erasure ---------------------------------------------------------------------------------------


def case_to_erase(store: Store, ref: str) -> str:
    """The reference of a case that may be erased: closed cases only."""
    case = store.case(ref)
    if case["status"] != "closed":
        raise VloError(f"case {case['ref']} is open; close it first (vlo case close {case['ref']})")
    return case["ref"]


@dataclass
class Erased:
    """What an erase did, and what it could not reach (files moved, or on another machine)."""

    case_ref: str = ""
    people: int = 0
    files_deleted: int = 0
    batches_rewritten: list[int] = field(default_factory=list)
    batch_files_deleted: list[int] = field(default_factory=list)
    unreachable: list[str] = field(default_factory=list)
    server_scrub: Any = None  # on PostgreSQL: whether the tables were rewritten (postgres.Scrubbed)


def erase_case(store: Store, ref: str) -> Erased:
    """Erase a closed case and everyone on it, with the letter files made for them."""
    with unit_of_work(store, "erase"):
        case = store.case(case_to_erase(store, ref))
        counts = store.erase_case(case["id"])
    done = finish_erasures(store)
    done.case_ref, done.people = case["ref"], counts["people"]
    return done


def finish_erasures(store: Store) -> Erased:
    """Do the work erases recorded (after their commit, or left by one that was killed): delete
    letter files, rewrite or delete batch print files, scrub the database file. Files that cannot
    be reached stay recorded and are tried again at the next erase."""
    from vlo import files

    done = Erased()
    scrub = False
    for item in store.pending_erasures():
        folder = Path(item["out_dir"])
        if item["kind"] == "scrub":
            scrub = True
            continue
        try:
            if item["kind"] == "letter":
                done.files_deleted += files.remove(folder, item["file"])
            else:
                _rewrite_batch_file(store, item, done)
            # A batch killed between its COMMIT and naming its files left this one unnamed.
            files.remove_stale(folder, item["file"])
        except (OSError, VloError):
            done.unreachable.append(str(folder / item["file"]))
            continue
        with store.write("erase"):
            store.erasure_done(item["id"])
    if scrub:
        done.server_scrub = store.scrub()
        with store.write("erase"):
            for item in store.pending_erasures():
                if item["kind"] == "scrub":
                    store.erasure_done(item["id"])
    return done


def _rewrite_batch_file(store: Store, item: dict[str, Any], done: Erased) -> None:
    """A batch print file that held an erased person's letter: rebuilt from the batch's other
    letter files (text), else deleted (HTML and PDF, or letters missing): those remain as files."""
    from vlo import files

    folder, batch_id = Path(item["out_dir"]), item["batch_id"]
    remaining = store.batch_letter_files(batch_id)
    if remaining and item["file"].endswith(".txt"):
        try:
            texts = [files.read_bytes(folder, name) for name in remaining]
        except (OSError, VloError):
            texts = None
        if texts is not None:
            files.write_bytes(folder / item["file"], b"\f".join(texts), force=True)
            done.batches_rewritten.append(batch_id)
            return
    files.remove(folder, item["file"])
    if remaining:
        with store.write("erase"):
            store.forget_batch_file(batch_id)
    done.batch_files_deleted.append(batch_id)
