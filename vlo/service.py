"""Operations that join storage to the rules: what a case looks like to an officer.

The CLI calls these; they call :mod:`vlo.storage` for rows and :mod:`vlo.domain` for rules.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from vlo.domain import release, scheme
from vlo.domain.terms import Term, parse_term
from vlo.storage import Store


def terms(text: str | None) -> tuple[Term, ...]:
    return tuple(parse_term(t) for t in (text or "").split())


def sentence_from_row(row: dict[str, Any] | None) -> scheme.Sentence | None:
    if row is None:
        return None
    return scheme.Sentence(
        date=date.fromisoformat(row["date"]),
        type=row["type"],
        term=parse_term(row["length"]) if row["length"] else None,
        consecutive=terms(row["consecutive"]),
    )


def eligibility(case: dict[str, Any], sentence_row: dict[str, Any] | None) -> scheme.Eligibility:
    return scheme.assess(case["category"], sentence_from_row(sentence_row), case["discretionary_reason"])


DATE_KEYS = ("release", "parole_eligibility", "hdc_eligibility", "licence_end", "sentence_end")


def release_dates(
    case: dict[str, Any], sentence_row: dict[str, Any] | None
) -> release.IndicativeDates | None:
    """Indicative dates from the recorded sentence (indicative: to be confirmed by the prison)."""
    if sentence_row is None:
        return None
    facts = release.SentenceFacts(
        date=date.fromisoformat(sentence_row["date"]),
        type=sentence_row["type"],
        category=case["category"],
        term=parse_term(sentence_row["length"]) if sentence_row["length"] else None,
        consecutive=terms(sentence_row["consecutive"]),
        concurrent=terms(sentence_row["concurrent"]),
        extension=parse_term(sentence_row["extension"]) if sentence_row["extension"] else None,
        tariff=parse_term(sentence_row["tariff"]) if sentence_row["tariff"] else None,
        remand_days=sentence_row["remand_days"],
        tagged_bail_days=sentence_row["tagged_bail_days"],
        ual_days=sentence_row["ual_days"],
        added_days=sentence_row["added_days"],
    )
    return release.indicative_dates(facts)


def indicative_dates(case: dict[str, Any], sentence_row: dict[str, Any] | None) -> dict[str, Any]:
    """The ``dates`` object of ``vlo case show --json``: ISO dates, or null where they do not apply."""
    found = release_dates(case, sentence_row)
    out: dict[str, Any] = {
        k: (getattr(found, k).isoformat() if found and getattr(found, k) else None) for k in DATE_KEYS
    }
    out["fraction"] = found.fraction if found else None
    out["basis"] = found.basis if found else None
    out["indicative"] = True
    return out


def case_summary(store: Store, ref: str) -> dict[str, Any]:
    """The whole case as one object: the ``vlo case show --json`` contract."""
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
        "sentence": _sentence_json(sentence),
        "sentence_history": [
            _sentence_json(s) for s in store.sentence_history(case["id"]) if s["replaced_at"]
        ],
        "dates": indicative_dates(case, sentence),
        "victims": [victim_json(v) for v in store.victims(case["id"])],
    }


def _sentence_json(row: dict[str, Any] | None) -> dict[str, Any] | None:
    if row is None:
        return None
    keys = (
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
    out = {k: row[k] for k in keys}
    out["consecutive"] = row["consecutive"].split()
    out["concurrent"] = row["concurrent"].split()
    return out


VICTIM_KEYS = (
    "id",
    "case_ref",
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
    "opt_status",
    "contact_level",
)


def victim_json(row: dict[str, Any]) -> dict[str, Any]:
    out = {k: row.get(k) for k in VICTIM_KEYS}
    out["do_not_post"] = bool(row["do_not_post"])
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
