"""``vlo letters``, ``vlo batch ...`` and ``vlo template ...``: letters that are due, ready to post."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from vlo.cli.root import (
    CaseFilter,
    CsvOption,
    DbOption,
    JsonOption,
    VictimFilter,
    app,
    open_store,
    output_format,
)
from vlo.errors import VloError
from vlo.render import Column, emit, message, progress

batch_app = typer.Typer(help="Batches of letters: list them, mark them posted.", no_args_is_help=True)
template_app = typer.Typer(help="Letter templates: packaged and the unit's own.", no_args_is_help=True)
app.add_typer(batch_app, name="batch")
app.add_typer(template_app, name="template")

Opt = Optional[str]  # noqa: UP045 - Typer reads the annotation
TemplatesOpt = Annotated[
    Opt,
    typer.Option(
        "--templates", metavar="DIR", help="The unit's own templates (else the 'templates' setting)."
    ),
]


def _user_dir(store, templates: str | None) -> Path | None:
    chosen = templates or store.setting("templates")
    return Path(chosen).expanduser() if chosen else None


@app.command()
def letters(
    ctx: typer.Context,
    template: Annotated[str, typer.Argument(help="Template name, e.g. initial-contact (vlo template list).")],
    out: Annotated[Opt, typer.Option("--out", metavar="DIR", help="Folder to write the letters in.")] = None,
    case: CaseFilter = None,
    victim: VictimFilter = None,
    fmt: Annotated[str, typer.Option("--format", help="txt, html or pdf.")] = "txt",
    force: Annotated[bool, typer.Option("--force", help="Render again letters already made.")] = False,
    templates: TemplatesOpt = None,
    db: DbOption = None,
) -> None:
    """Render the letters that are due, one file each plus one combined file to print in one go.

    For initial-contact: everyone whose initial-contact deadline is open and who has no initial
    letter yet. Prints the batch number; mark it posted once it is in the post (vlo batch posted).

    \b
    Example:
      vlo letters initial-contact --out letters/
      vlo letters key-stage-update --case VLU-2025-0142 --out letters/ --format html
    """
    from vlo import letters as letters_mod
    from vlo.domain.values import today
    from vlo.service import batch_context, ensure_calendar, letter_context, working_calendar

    name = letters_mod.check_name(template)
    letters_mod.require_format(fmt)
    if out is None:
        raise VloError("output folder is required: --out DIR")
    store = open_store(ctx, db)
    ensure_calendar(store)
    renderer = letters_mod.Renderer(_user_dir(store, templates))
    renderer.source(name)  # an unknown template fails before anything else
    if name not in letters_mod.PACKAGED and case is None and victim is None:
        raise VloError(
            f"{name} is the unit's own template: choose who gets it with --case REF or --victim ID"
        )
    now = today()
    case_id = store.case(case)["id"] if case else None
    if victim is not None:
        store.victim(victim)
    # Annual letters go out as their anniversary nears; asked for by case or person, the coming year's.
    if case or victim:
        horizon = now.replace(
            year=now.year + 1, day=28 if (now.month, now.day) == (2, 29) else now.day
        ).isoformat()
    else:
        horizon = working_calendar(store).add(now, 10).isoformat()
    people = store.letter_candidates(
        name, fmt=fmt, horizon=horizon, case_id=case_id, victim_id=victim, again=force
    )
    postable = [p for p in people if not p["do_not_post"] and p["address"]]
    other_route = [p for p in people if p["do_not_post"] or not p["address"]]
    # Render everything in memory first: a missing field stops the batch before a file is written.
    shared = batch_context(store, today=now)
    texts = [letter_context(store, p, name, p["subject"], shared) for p in postable]
    rendered = [renderer.text(name, context, p["id"]) for p, context in zip(postable, texts, strict=True)]
    for p in postable:
        if p["needs"]:
            message(f"Check before posting: person {p['id']} on {p['case_ref']} needs {p['needs']}.")
    for p in other_route:
        why = "marked do not post" if p["do_not_post"] else "no postal address"
        message(f"Needs another route: person {p['id']} on {p['case_ref']} ({why}).")
    if not rendered:
        message(f"No {name} letters are due" + (" for this selection." if case or victim else "."))
        return
    folder = letters_mod.prepare_out(Path(out).expanduser())
    with store.write("letters"):
        batch_id = store.add_batch(name, fmt, str(folder.resolve()))
        with progress(len(rendered), "Rendering letters") as advance:
            for person, text in zip(postable, rendered, strict=True):
                path = letters_mod.letter_file(folder, name, person["id"], person["subject"], fmt)
                data = _encode(renderer, [text], fmt, title=f"{name} {person['id']}")
                digest = letters_mod.write_private(path, data)
                store.add_letter(
                    {
                        "batch_id": batch_id,
                        "victim_id": person["id"],
                        "template": name,
                        "subject": person["subject"],
                        "format": fmt,
                        "file": path.name,
                        "sha256": digest,
                    }
                )
                advance()
        combined = folder / f"batch-{batch_id:05d}-{name}.{fmt}"
        letters_mod.write_private(
            combined, _encode(renderer, rendered, fmt, title=f"Batch {batch_id}: {name}")
        )
        store.set_batch_file(batch_id, combined.name)
    print(batch_id)
    message(
        f"Batch {batch_id}: {len(rendered)} {name} letter{'s' if len(rendered) != 1 else ''} in {folder}; "
        f"print them all from {combined.name}. "
        f"Once posted: vlo batch posted {batch_id}"
    )


def _encode(renderer, texts: list[str], fmt: str, *, title: str) -> bytes:
    from vlo import letters as letters_mod

    if fmt == "txt":
        # A form feed starts each letter on a new page when the file goes to the printer.
        return "\f".join(texts).encode("utf-8")
    html = renderer.html(texts, title)
    return html.encode("utf-8") if fmt == "html" else letters_mod.pdf_bytes(html)


BATCH_COLUMNS = (
    Column("id", "Batch", justify="right", no_wrap=True),
    Column("template", "Template", no_wrap=True),
    Column("format", "Format", no_wrap=True),
    Column("letters", "Letters", justify="right", no_wrap=True),
    Column("created_at", "Made", no_wrap=True),
    Column("posted_on", "Posted", no_wrap=True),
    Column("combined_file", "Print file"),
)


@batch_app.command("list")
def batch_list(
    ctx: typer.Context, as_json: JsonOption = False, as_csv: CsvOption = False, db: DbOption = None
) -> None:
    """List batches of letters and whether they were posted.

    \b
    Example:
      vlo batch list
    """
    fmt = output_format(as_json, as_csv)
    store = open_store(ctx, db)
    emit(store.batches(), BATCH_COLUMNS, fmt)


@batch_app.command("posted")
def batch_posted(
    ctx: typer.Context,
    batch: Annotated[int, typer.Argument(help="The batch number printed by vlo letters.")],
    date: Annotated[
        Opt, typer.Option("--date", metavar="DATE", help="When it was posted (default today).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Mark a batch as posted: each letter is logged as a contact, which meets its deadline.

    \b
    Example:
      vlo batch posted 3
    """
    from vlo.domain.values import parse_date, today
    from vlo.service import refresh_deadlines

    when = parse_date(date, "posted date") if date else today()
    if when > today():
        raise VloError("posted date cannot be in the future")
    store = open_store(ctx, db)
    with store.write("batch posted"):
        found = store.batch(batch)
        if found["posted_on"]:
            raise VloError(f"batch {batch} was already marked posted on {found['posted_on']}")
        sent = list(store.letters(batch))
        cases = set()
        for letter in sent:
            person = store.victim(letter["victim_id"])
            store.add_contact(
                letter["victim_id"],
                {
                    "date": when.isoformat(),
                    "method": "letter",
                    "direction": "out",
                    "summary": f"{letter['template']} letter posted (batch {batch})",
                },
            )
            cases.add(person["case_id"])
        store.mark_posted(batch, when.isoformat())
        refresh_deadlines(store, sorted(cases))
    message(
        f"Batch {batch}: {len(sent)} letter{'' if len(sent) == 1 else 's'} logged as posted on {when.isoformat()}."
    )


TEMPLATE_COLUMNS = (
    Column("name", "Template", no_wrap=True),
    Column("source", "From", no_wrap=True),
    Column("path", "File"),
)


@template_app.command("list")
def template_list(
    ctx: typer.Context, templates: TemplatesOpt = None, as_json: JsonOption = False, db: DbOption = None
) -> None:
    """List the letter templates and where each comes from (the unit's folder wins).

    \b
    Example:
      vlo template list --templates ~/vlu-templates
    """
    from vlo.letters import list_templates

    fmt = output_format(as_json, False)
    user_dir = Path(templates).expanduser() if templates else None
    if user_dir is None:
        try:
            user_dir = _user_dir(open_store(ctx, db), None)
        except VloError:
            user_dir = None  # no database yet: the packaged templates still list
    if user_dir is not None and not user_dir.is_dir():
        raise VloError(f"templates folder {user_dir} does not exist")
    rows = [
        {
            "name": t.name,
            "source": t.source + (" (overrides packaged)" if t.overrides else ""),
            "path": str(t.path),
        }
        for t in list_templates(user_dir)
    ]
    emit(rows, TEMPLATE_COLUMNS, fmt)


@template_app.command("show")
def template_show(ctx: typer.Context, name: str, templates: TemplatesOpt = None, db: DbOption = None) -> None:
    """Print a template's source, as vlo would use it.

    \b
    Example:
      vlo template show initial-contact
    """
    from vlo.letters import Renderer

    user_dir = Path(templates).expanduser() if templates else None
    if user_dir is None:
        try:
            user_dir = _user_dir(open_store(ctx, db), None)
        except VloError:
            user_dir = None
    print(Renderer(user_dir).source(name), end="")
