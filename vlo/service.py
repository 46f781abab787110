"""Operations that join storage to the rules: what a case looks like to an officer.

The CLI calls these; they call :mod:`vlo.storage` for rows and :mod:`vlo.domain` for rules.
"""

from __future__ import annotations

import os
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from vlo.domain import scheme
from vlo.domain.terms import Term, parse_term
from vlo.errors import VloError

if TYPE_CHECKING:
    from vlo.domain import release
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
    from vlo.domain import release

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


def indicative_dates(
    case: dict[str, Any], sentence_row: dict[str, Any] | None, confirmed: dict[str, str] | None = None
) -> dict[str, Any]:
    """The ``dates`` object of ``vlo case show --json``: ISO dates, or null where they do not apply.

    Dates the prison confirmed win over computed ones and are listed in ``confirmed``.
    """
    found = release_dates(case, sentence_row)
    confirmed = confirmed or {}
    out: dict[str, Any] = {
        k: (getattr(found, k).isoformat() if found and getattr(found, k) else None) for k in DATE_KEYS
    }
    out.update(confirmed)
    out["confirmed"] = sorted(confirmed)
    out["fraction"] = found.fraction if found else None
    out["basis"] = found.basis if found else None
    return out


def release_date(
    case: dict[str, Any], sentence_row: dict[str, Any] | None, confirmed: dict[str, str]
) -> date | None:
    if "release" in confirmed:
        return date.fromisoformat(confirmed["release"])
    found = release_dates(case, sentence_row)
    return found.release if found else None


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
        "dates": indicative_dates(case, sentence, store.confirmed_dates(case["id"])),
        "victims": [victim_json(v) for v in store.victims(case["id"])],
        "conditions": [
            {
                k: c[k]
                for k in ("id", "victim_id", "type", "details", "status", "decision_maker", "requested_on")
            }
            for c in store.conditions(case_id=case["id"])
        ],
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
    "salutation",
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


# --- the working-day calendar and its cache -----------------------------------------------------


def _holidays_fingerprint() -> str:
    """Identifies the installed ``holidays`` data without importing it (0.1 ms, not 100)."""
    import importlib.util

    spec = importlib.util.find_spec("holidays")
    if spec is None or spec.origin is None:
        return "missing"
    return f"{spec.origin}:{os.stat(spec.origin).st_mtime_ns}"


@lru_cache(maxsize=1)
def _library_bank_holidays() -> dict[str, str]:
    from vlo.domain.workdays import bank_holidays

    return {d.isoformat(): name for d, name in bank_holidays().items()}


def calendar_is_stale(store: Store) -> bool:
    return store.setting("calendar.holidays") != _holidays_fingerprint()


def refresh_bank_holidays(store: Store) -> int:
    """Re-read bank holidays from the installed ``holidays``; recompute deadlines. Inside a write."""
    from importlib.metadata import version

    store.replace_bank_holidays(_library_bank_holidays())
    store.set_setting("calendar.holidays", _holidays_fingerprint())
    store.set_setting("calendar.holidays_version", version("holidays"))
    return refresh_deadlines(store)


def working_calendar(store: Store):
    from vlo.domain.workdays import WorkingCalendar

    return WorkingCalendar(date.fromisoformat(d) for d in store.non_working_days())


def ensure_calendar(store: Store) -> None:
    """Refresh the bank-holiday cache when the installed ``holidays`` changed since it was filled."""
    if calendar_is_stale(store):
        with store.write("calendar refresh"):
            if calendar_is_stale(store):  # another process may have refreshed it while we waited
                moved = refresh_bank_holidays(store)
                if moved:
                    from vlo.render import message

                    message(
                        f"Bank holidays refreshed from the installed holidays data: {moved} deadlines moved."
                    )


# --- settings ------------------------------------------------------------------------------------

INT_SETTINGS = {
    "initial_days": "working days to the initial contact under the 40-day clock",
    "referral_days": "working days from sentence to the police referral (code-2020 clock)",
    "referral_contact_days": "working days from referral to the initial contact (code-2020 clock)",
    "notice_days": "working days before a key-stage event to tell the victim",
    "soon_days": "working days ahead that count as SOON in vlo due",
    "views_days": "working days before release to seek views on licence conditions",
    "release_notice_days": "working days before release to tell of the release month",
    "outcome_days": "working days to tell a victim of a licence-condition decision",
}
TEXT_SETTINGS = {
    "clock": "initial-contact clock: 40-day (the seed's rule) or code-2020 (Victims' Code 2020)",
    "unit.name": "the unit's name, printed on letters",
    "unit.address": "the unit's postal address, lines separated by commas",
    "unit.phone": "the unit's phone number",
    "unit.email": "the unit's email address",
    "unit.signatory": "the officer who signs letters",
    "templates": "a folder of the unit's own letter templates",
}
RULE_SETTINGS = {
    "clock",
    "initial_days",
    "referral_days",
    "referral_contact_days",
    "notice_days",
    "views_days",
    "release_notice_days",
    "outcome_days",
}


def rules(store: Store):
    from vlo.domain.deadlines import Rules

    values = store.settings()
    defaults = Rules()
    return Rules(
        clock=values.get("clock", defaults.clock),
        **{k: int(values[k]) for k in INT_SETTINGS if k in values and hasattr(defaults, k)},
    )


def soon_days(store: Store) -> int:
    return int(store.setting("soon_days", "5"))


# --- deadlines -----------------------------------------------------------------------------------


def refresh_deadlines(store: Store, case_ids: list[int] | None = None) -> int:
    """Recompute the deadlines of some cases (all when None); returns how many open ones moved.

    Called inside the write of every command that changes what a deadline depends on.
    """
    from collections import defaultdict

    from vlo.domain import deadlines as rules_of

    inputs = store.deadline_inputs(case_ids)
    calendar = working_calendar(store)
    unit_rules = rules(store)
    sentences = {r["case_id"]: dict(r) for r in inputs["sentences"]}
    contacts: dict[int, list[date]] = defaultdict(list)
    logged: dict[int, list[str]] = defaultdict(list)
    for r in inputs["contacts"]:
        contacts[r["victim_id"]].append(date.fromisoformat(r["date"]))
        logged[r["victim_id"]].append(r["created_at"])
    outcomes: dict[int, list] = defaultdict(list)
    for r in inputs["outcomes"]:
        outcomes[r["victim_id"]].append(
            rules_of.Outcome(r["id"], r["step"], date.fromisoformat(r["date"]), r["created_at"])
        )
    confirmed: dict[int, dict[str, str]] = defaultdict(dict)
    for r in inputs["confirmed"]:
        confirmed[r["case_id"]][r["key"]] = r["date"]
    people: dict[int, list] = defaultdict(list)
    for r in inputs["victims"]:
        people[r["case_id"]].append(
            rules_of.Person(
                r["id"],
                r["opt_status"],
                r["contact_level"],
                tuple(contacts[r["id"]]),
                tuple(logged[r["id"]]),
                tuple(outcomes[r["id"]]),
            )
        )
    events: dict[int, list] = defaultdict(list)
    for r in inputs["events"]:
        events[r["case_id"]].append(
            rules_of.Event(
                r["id"],
                r["type"],
                date.fromisoformat(r["date"]),
                date.fromisoformat(r["recorded_on"]),
                r["created_at"],
            )
        )
    rows = []
    for case in map(dict, inputs["cases"]):
        sentence = sentences.get(case["id"])
        case_people = people.get(case["id"], [])
        end = release = None
        # Sentence arithmetic only where someone opted in to hear of its dates.
        if sentence and any(p.opt_status == "opted-in" for p in case_people):
            found = release_dates(case, sentence)
            dates = {
                **({"licence_end": found.licence_end.isoformat()} if found and found.licence_end else {})
            }
            dates.update(confirmed.get(case["id"], {}))
            end = date.fromisoformat(dates["licence_end"]) if "licence_end" in dates else None
            release = release_date(case, sentence, confirmed.get(case["id"], {}))
        facts = rules_of.CaseFacts(
            case_id=case["id"],
            eligibility=eligibility(case, sentence).verdict,
            open=case["status"] == "open",
            sentence_date=date.fromisoformat(sentence["date"]) if sentence else None,
            referral_date=date.fromisoformat(case["referral_date"]) if case["referral_date"] else None,
            end_date=end,
            release_date=release,
            known_from=date.fromisoformat(sentence["recorded_on"] or sentence["recorded_at"][:10])
            if sentence
            else None,
            people=case_people,
            events=events.get(case["id"], []),
        )
        for d in rules_of.case_deadlines(facts, calendar, unit_rules):
            rows.append(
                (
                    d.case_id,
                    d.victim_id,
                    d.kind,
                    d.due.isoformat(),
                    d.start.isoformat(),
                    d.met_on.isoformat() if d.met_on else None,
                    d.event_id,
                    d.what,
                    int(d.estimated),
                    d.condition_id,
                )
            )
    moved = store.replace_deadlines(case_ids, rows)
    store.audit("recompute", "deadlines", None, [f"{len(rows)} rows"])
    return moved


def due_rows(
    store: Store, *, today: date, within: int | None, officer=None, case_ref=None, overdue_only=False
):
    """The morning list: rows with the SPEC §4 fields, and what the window hid."""
    from vlo.domain.urgency import relative, status, working_days_left

    calendar = working_calendar(store)
    case_id = store.case(case_ref)["id"] if case_ref else None
    horizon = None if within is None else today if within == 0 else calendar.add(today, within)
    found = store.due(
        horizon=horizon.isoformat() if horizon else None,
        officer=officer,
        case_id=case_id,
        overdue_before=today.isoformat() if overdue_only else None,
    )
    soon = soon_days(store)
    rows = []
    for r in found:
        due = date.fromisoformat(r["due_date"])
        left = working_days_left(calendar, today, due)
        rows.append(
            {
                "case_ref": r["case_ref"],
                "victim_id": r["victim_id"],
                "victim_name": r["victim_name"],
                "kind": r["kind"],
                "what": r["what"],
                "due_date": r["due_date"],
                "due": f"{due:%a} {due.day} {due:%b %Y}",
                "working_days_left": left,
                "left": relative(left),
                "status": status(left, soon),
                "officer": r["officer"],
                "estimated": bool(r["estimated"]),
            }
        )
    hidden = 0
    if horizon is not None and not overdue_only:
        hidden = store.count_open_after(horizon.isoformat(), officer=officer, case_id=case_id)
    return rows, hidden, horizon


# --- letters -------------------------------------------------------------------------------------


def unit_details(store: Store) -> dict[str, Any]:
    values = store.settings()
    return {
        "name": values.get("unit.name", "Victim Liaison Unit"),
        "address_lines": _lines(values.get("unit.address")),
        "phone": values.get("unit.phone"),
        "email": values.get("unit.email"),
    }


def _lines(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").replace("\n", ",").split(",") if part.strip()]


def salutation(person: dict[str, Any]) -> str:
    """The salutation the officer recorded; else the title and the last word of the name
    (``Ms Smith``); else the full name. vlo never guesses a title."""
    if person.get("salutation"):
        return person["salutation"]
    name = person["name"].strip()
    if person.get("title"):
        return f"{person['title']} {name.split()[-1]}"
    return name


def batch_context(store: Store, *, today: date) -> dict[str, Any]:
    """What every letter in a batch shares: read once, not once a letter."""
    return {
        "unit": unit_details(store),
        "unit_signatory": store.setting("unit.signatory"),
        "letter": {"date": today, "reply_by": working_calendar(store).add(today, 20)},
        "levels": [{"code": code, "words": words} for code, words in scheme.CONTACT_LEVEL_WORDS.items()],
    }


def letter_context(
    store: Store, person: dict[str, Any], template: str, subject: str, shared: dict[str, Any]
) -> dict[str, Any]:
    """Everything a template may use (templates/README.md lists it); ``shared`` is batch_context's."""
    from vlo.domain.deadlines import EVENT_WORDS

    case = store.case_by_id(person["case_id"])
    # Every letter offers a named officer: with nobody to name, stop before anything is written.
    officer = case["officer"] or shared["unit_signatory"]
    if not officer:
        raise VloError(
            f"case {case['ref']} has no allocated officer to name in the letter; set one with "
            f"vlo case edit {case['ref']} --officer NAME (or vlo settings set unit.signatory NAME)"
        )
    sentence = store.current_sentence(case["id"])
    found = release_dates(case, sentence)
    term = parse_term(sentence["length"]) if sentence and sentence["length"] else None
    sentence_words = scheme.sentence_in_words(sentence["type"], term) if sentence else "a sentence"
    context: dict[str, Any] = {
        "unit": shared["unit"],
        "signatory": shared["unit_signatory"] or officer,
        "officer": officer,
        "person": {
            "id": person["id"],
            "name": person["name"],
            "salutation": salutation(person),
            "address_lines": [
                *_lines(person["address"]),
                *([person["postcode"]] if person["postcode"] else []),
            ],
            "role": person["role"],
            "contact_level": person["contact_level"],
            "contact_level_words": scheme.CONTACT_LEVEL_WORDS.get(person["contact_level"] or ""),
        },
        "case": {
            "ref": case["ref"],
            "offender": case["offender"],
            "offence": case["offence"],
            "sentence_words": sentence_words,
            "sentence_date": date.fromisoformat(sentence["date"]) if sentence else None,
            "release_month": f"{found.release:%B %Y}" if found and found.release else None,
        },
        "letter": shared["letter"],
        "levels": shared["levels"],
    }
    if template == "licence-condition-outcome" and subject.isdigit():
        from vlo.domain import conditions

        condition = store.condition(int(subject))
        steps = store.condition_steps(condition["id"])
        decision = next((s for s in reversed(steps) if s["step"] in conditions.OUTCOMES), None)
        context["condition"] = {
            "type_words": conditions.TYPE_WORDS[condition["type"]],
            "details": condition["details"],
            "outcome_words": conditions.OUTCOME_WORDS.get(decision["step"], "")
            if decision
            else "not decided yet",
            "decided_on": date.fromisoformat(decision["date"]) if decision else None,
            "decision_maker_words": conditions.DECISION_MAKER_WORDS.get(
                condition["decision_maker"] or "", "the decision-maker"
            ),
            "note": decision["note"] if decision else None,
        }
    if template == "key-stage-update" and subject.isdigit():
        event = store.event(int(subject))
        context["event"] = {
            "type": event["type"],
            "words": EVENT_WORDS[event["type"]],
            "date": date.fromisoformat(event["date"]),
        }
    return context


# --- the manager's report ------------------------------------------------------------------------


def monthly_report(store: Store, *, today: date) -> list[dict[str, Any]]:
    """Per month of sentence (the clock's start): initial contacts in time, late, overdue, open."""
    from collections import defaultdict
    from statistics import median

    calendar = working_calendar(store)
    months: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"eligible": 0, "in_time": 0, "late": 0, "overdue": 0, "open": 0, "opted_in": 0, "days": []}
    )
    for r in store.initial_deadlines():
        m = months[r["start_date"][:7]]
        m["eligible"] += 1
        m["opted_in"] += r["opt_status"] == "opted-in"
        if r["met_on"]:
            m["in_time" if r["met_on"] <= r["due_date"] else "late"] += 1
            met = date.fromisoformat(r["met_on"])
            m["days"].append(max(0, calendar.between(date.fromisoformat(r["start_date"]), met)))
        elif r["due_date"] < today.isoformat():
            m["overdue"] += 1
        else:
            m["open"] += 1
    conditions: dict[str, dict[str, int]] = defaultdict(lambda: {"requested": 0, "agreed": 0})
    for r in store.condition_months():
        conditions[r["month"]][r["what"]] += 1
    rows = []
    for month in sorted(set(months) | set(conditions)):
        m = months[month]
        decided = m["in_time"] + m["late"] + m["overdue"]
        rows.append(
            {
                "month": month,
                "eligible": m["eligible"],
                "in_time": m["in_time"],
                "late": m["late"],
                "overdue": m["overdue"],
                "open": m["open"],
                "in_time_pct": round(100 * m["in_time"] / decided) if decided else None,
                "median_wd": median(m["days"]) if m["days"] else None,
                "opt_in_pct": round(100 * m["opted_in"] / m["eligible"]) if m["eligible"] else None,
                "conditions_requested": conditions[month]["requested"],
                "conditions_agreed": conditions[month]["agreed"],
            }
        )
    return rows
