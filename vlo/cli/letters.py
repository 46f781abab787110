"""``vlo letters``, ``vlo batch ...`` and ``vlo template ...``: letters that are due, ready to post."""

from typing import Annotated

import typer

from vlo.cli.options import (
    CaseFilter,
    DbOption,
    Opt,
    VictimFilter,
    date_option,
    listing,
)
from vlo.cli.root import app, maybe_store, open_store
from vlo.render import Column, message, progress
from vlo.service import letters as service

batch_app = typer.Typer(
    help="Batches of letters: list them, mark them posted, discard one not posted.", no_args_is_help=True
)
template_app = typer.Typer(help="Letter templates: packaged and the unit's own.", no_args_is_help=True)
app.add_typer(batch_app, name="batch")
app.add_typer(template_app, name="template")

TemplatesOpt = Annotated[
    Opt,
    typer.Option(
        "--templates", metavar="DIR", help="The unit's own templates (else the 'templates' setting)."
    ),
]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


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
    letter yet. Each letter is in the person's language and print format (vlo victim edit ID
    --language --format). Prints the batch number; mark it posted once it is in the post (vlo
    batch posted). With --force, letters waiting in a batch not yet posted are made again and
    that batch is replaced (vlo batch discard N drops one instead).

    \b
    Example:
      vlo letters initial-contact --out letters/
      vlo letters key-stage-update --case VLU-2025-0142 --out letters/ --format html
    """
    from vlo.domain.values import today

    def bar(total: int):
        # Entered here and left when the command ends: the bar only shows on a terminal.
        return ctx.with_resource(progress(total, "Rendering letters"))

    batch = service.make_batch(
        open_store(ctx, db),
        template,
        out=out,
        today=today(),
        case_ref=case,
        person_id=victim,
        fmt=fmt,
        force=force,
        templates=templates,
        progress=bar,
    )
    for line in batch.check:
        message(f"Check before posting: {line}.")
    for line in batch.needs_welsh:
        message(f"Needs a Welsh letter (not made): {line}.")
    for line in (*batch.no_officer, *batch.no_window):
        message(f"Not made: {line}.")
    for line in batch.other_route:
        message(f"Needs another route: {line}.")
    if batch.batch_id is None:
        made = (
            f" ({_plural(batch.already_made, 'letter')} already made; --force makes them again)"
            if batch.already_made
            else ""
        )
        message(
            f"No {batch.template} letters "
            + ("could be made" if batch.needs_welsh or batch.no_officer or batch.no_window else "are due")
            + (" for this selection" if case or victim else "")
            + f"{made}."
        )
        return
    print(batch.batch_id)
    for old in batch.superseded:
        message(f"Batch {old} is replaced by this one: its files are removed and it cannot be marked posted.")
    for line in batch.left_behind:
        message(f"Could not remove a replaced letter file: {line}.")
    message(
        f"Batch {batch.batch_id}: {_plural(batch.count, batch.template + ' letter')} in {batch.folder} "
        f"({summary(batch)}); print them all from {batch.print_file}"
        + (", double-sided is safe. " if batch.print_file.endswith(".pdf") else " single-sided. ")
        + f"Once posted: vlo batch posted {batch.batch_id}"
    )
    needing = sum(n for name, n in batch.formats.items() if name != "standard")
    if batch.print_file.endswith(".txt") and needing:
        # A text file has no type size: "large-print" above is what they asked for, not what prints.
        message(
            f"Text letters print at the printer's size: {needing} {'person' if needing == 1 else 'people'} "
            "asked for large print or easy read; make theirs with --format pdf (or html)."
        )


def summary(batch: service.Batch) -> str:
    """``2 standard, 1 large-print; 2 English, 1 Welsh``: what the printer needs to know."""
    formats = ", ".join(f"{n} {name}" for name, n in sorted(batch.formats.items()))
    languages = ", ".join(
        f"{n} {service.LANGUAGE_WORDS[code]}" for code, n in sorted(batch.languages.items())
    )
    return f"{formats}; {languages}"


BATCH_COLUMNS = (
    Column("id", "Batch", justify="right", no_wrap=True),
    Column("template", "Template", no_wrap=True),
    Column("format", "Format", no_wrap=True),
    Column("letters", "Letters", justify="right", no_wrap=True),
    Column("made", "Made", no_wrap=True, optional=True),
    Column("status", "Status", no_wrap=True),
    Column("combined_file", "Print file", optional=True),
)


@batch_app.command("list")
@listing(BATCH_COLUMNS, empty="No batches yet. Make one with: vlo letters initial-contact --out DIR")
def batch_list(ctx: typer.Context, db: DbOption = None):
    """List batches of letters and whether they were posted.

    \b
    Example:
      vlo batch list
    """
    return service.batches(open_store(ctx, db))


@batch_app.command("posted")
def batch_posted(
    ctx: typer.Context,
    batch: Annotated[int, typer.Argument(metavar="N", help="The batch number printed by vlo letters.")],
    date: date_option("When it was posted (default today).") = None,
    db: DbOption = None,
) -> None:
    """Mark a batch as posted: each letter is logged as a contact, which meets its deadline.

    \b
    Example:
      vlo batch posted 3
    """
    from vlo.domain.values import parse_date, today

    when = parse_date(date, "posted date") if date else today()
    count, before = service.post_batch(open_store(ctx, db), batch, when)
    message(f"Batch {batch}: {_plural(count, 'letter')} logged as posted on {when.isoformat()}.")
    if before:
        message(f"{_plural(before, 'letter')} had been posted before, in an earlier batch: not logged again.")


@batch_app.command("discard")
def batch_discard(
    ctx: typer.Context,
    batch: Annotated[int, typer.Argument(metavar="N", help="The batch number printed by vlo letters.")],
    db: DbOption = None,
) -> None:
    """Remove a batch that was not posted, and its files: its letters are due again.

    \b
    Example:
      vlo batch discard 3
    """
    count, left = service.discard_batch(open_store(ctx, db), batch)
    for line in left:
        message(f"Could not remove: {line}.")
    message(f"Batch {batch} discarded: {_plural(count, 'letter')} removed; they are due again.")


TEMPLATE_COLUMNS = (
    Column("name", "Template", no_wrap=True),
    Column("source", "From", no_wrap=True),
    Column("path", "File"),
)


@template_app.command("list")
@listing(TEMPLATE_COLUMNS)
def template_list(ctx: typer.Context, templates: TemplatesOpt = None, db: DbOption = None):
    """List the letter templates and where each comes from (the unit's folder wins).

    \b
    Example:
      vlo template list --templates ~/vlu-templates
    """
    # Without a database the packaged templates still list.
    return service.template_list(maybe_store(ctx, db), templates)


@template_app.command("show")
def template_show(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The template, e.g. initial-contact.")],
    templates: TemplatesOpt = None,
    db: DbOption = None,
) -> None:
    """Print a template's source, as vlo would use it.

    \b
    Example:
      vlo template show initial-contact
    """
    print(service.template_source(maybe_store(ctx, db), name, templates), end="")
