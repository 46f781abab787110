"""``vlo case show`` on one screen: the case, its sentence, eligibility, dates and people."""

from __future__ import annotations

from typing import Any

from vlo.domain.release import DATE_LABELS
from vlo.render import console


def _pairs(grid, pairs) -> None:
    from rich.text import Text

    for label, value in pairs:
        if value not in (None, ""):
            grid.add_row(Text(label, style="bold"), Text(str(value)))


def print_case(summary: dict[str, Any]) -> None:
    from rich.table import Table
    from rich.text import Text

    out = console()
    out.print(Text(f"Case {summary['case_ref']}", style="bold underline"))
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    sentence = summary["sentence"]
    sentence_words = None
    if sentence:
        terms = " ".join(
            filter(None, [sentence["length"], *(f"+{t} consecutive" for t in sentence["consecutive"])])
        )
        sentence_words = f"{sentence['type']} {terms} from {sentence['date']}".replace("  ", " ")
        adjustments = [
            f"{sentence[k]} {label}"
            for k, label in (
                ("remand_days", "days remand"),
                ("tagged_bail_days", "days tagged bail"),
                ("ual_days", "days UAL"),
                ("added_days", "added days"),
            )
            if sentence[k]
        ]
        if adjustments:
            sentence_words += f" ({', '.join(adjustments)})"
    _pairs(
        grid,
        [
            ("Offender", summary["offender"]),
            ("Prison number", summary["prison_number"]),
            ("Offence", f"{summary['offence']} ({summary['category']})"),
            ("Offence date", summary["offence_date"]),
            ("Court", summary["court"]),
            ("Officer", summary["officer"]),
            ("Status", summary["status"]),
            ("Sentence", sentence_words or "not recorded yet"),
            ("Eligibility", f"{summary['eligibility']}: {summary['eligibility_reason']}"),
        ],
    )
    for old in summary["sentence_history"]:
        _pairs(
            grid,
            [("Replaced", f"{old['type']} {old['length'] or ''} from {old['date']}: {old['replaced_note']}")],
        )
    out.print(grid)

    confirmed = set(summary["dates"]["confirmed"])
    dates = [
        (label, summary["dates"][key] + (" (confirmed by the prison)" if key in confirmed else ""))
        for key, label in DATE_LABELS
        if summary["dates"].get(key)
    ]
    if dates:
        out.print(Text("\nIndicative dates (indicative: to be confirmed by the prison)", style="bold"))
        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        notes = "; ".join(summary["dates"]["notes"])
        _pairs(
            grid,
            [*dates, ("Rule", summary["dates"]["rule"]), ("How", summary["dates"]["basis"]), ("Note", notes)],
        )
        out.print(grid)

    out.print(Text("\nPeople to contact", style="bold"))
    if not summary["victims"]:
        out.print(Text(f"None yet. Add one with: vlo victim add {summary['case_ref']} --name NAME"))
        return
    people = Table(show_header=True, header_style="bold")
    for header in ("Id", "Name", "Role", "Choice", "Level", "Contact"):
        people.add_column(header, overflow="fold")
    for v in summary["victims"]:
        how = ", ".join(
            filter(None, [v["preferred_method"], "do not post" if v["do_not_post"] else None, v["needs"]])
        )
        people.add_row(
            *(
                Text(str(x or ""))
                for x in (v["id"], v["name"], v["role"], v["opt_status"], v["contact_level"], how)
            )
        )
    out.print(people)
    if summary.get("conditions"):
        out.print(Text("\nLicence conditions asked for", style="bold"))
        for c in summary["conditions"]:
            said = f": {c['details']}" if "details" in c else ""  # what the victim said: --personal
            line = f"{c['id']}  person {c['victim_id']}  {c['type']}{said}  [{c['status']}]"
            out.print(Text(line))
    _lines(
        out,
        "Events",
        [
            f"{e['id']}  {e['date']}  {e['type']}" + (f": {e['note']}" if e.get("note") else "")
            for e in summary.get("events", [])
        ],
    )
    if summary.get("release_check"):
        out.print(Text("\n" + summary["release_check"], style="bold"))
    _deadlines(out, summary.get("deadlines", []))
    _breaches(out, summary.get("breaches", []))


def _lines(out, title: str, lines: list[str]) -> None:
    from rich.text import Text

    if lines:
        out.print(Text(f"\n{title}", style="bold"))
        for line in lines:
            out.print(Text(line))


def _deadlines(out, deadlines: list[dict[str, Any]]) -> None:
    _lines(
        out,
        "Open deadlines",
        [
            f"{d['due_date']}  person {d['victim_id']}  {d['what']}"
            + (f" (opens {d['opens_on']})" if d.get("opens_on") else "")
            for d in deadlines
        ],
    )


def _breaches(out, breaches: list[dict[str, Any]]) -> None:
    _lines(
        out,
        "Breaches reported",
        [
            f"{b['id']}  reported {b['reported_on']}  person {b['victim_id']}  referred {b['referred_on'] or 'not yet'}  result {b['result'] or 'none yet'}"
            for b in breaches
        ],
    )


def print_person(person: dict[str, Any]) -> None:
    """``vlo victim show``: the person's details and choices, then their contact log."""
    from rich.table import Table
    from rich.text import Text

    from vlo.render import cell

    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column(overflow="fold")
    labels = {"id": "Id", "case_ref": "Case", "opt_status": "Choice", "contact_level": "Level"}
    for key, value in person.items():
        if key not in ("contacts", "deadlines", "breaches") and value not in (None, "", False):
            grid.add_row(labels.get(key, key.replace("_", " ").capitalize()), Text(cell(value)))
    out = console()
    out.print(grid)
    contacts = person["contacts"]
    out.print(Text(f"\nContacts: {len(contacts)}", style="bold"))
    for c in contacts:
        attempt = "" if c.get("outcome", "made") == "made" else f" ATTEMPT: {c['outcome']}"
        out.print(
            Text(f"{c['date']}  {c['method']} ({c['direction']}){attempt}  {c.get('summary') or ''}".rstrip())
        )
    _deadlines(out, person.get("deadlines", []))
    _breaches(out, person.get("breaches", []))
