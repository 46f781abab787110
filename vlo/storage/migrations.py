"""The schema, as an ordered list of small migrations: the list's length *is* the schema version.

Each migration runs once, in order, inside the ``BEGIN IMMEDIATE`` of :meth:`Store.migrate`, and
``PRAGMA user_version`` records how many have run (so opening an up-to-date database costs one
pragma). To change the schema, append a function decorated with ``@migration``; never edit one
that has shipped. (llm's ``migrations.py`` is the model.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

MIGRATIONS: list[Callable[[Database], None]] = []
migration = MIGRATIONS.append


def _backend(db) -> str:
    """``sqlite`` (a sqlite-utils Database) or ``postgresql`` (vlo's PostgreSQL connection)."""
    return getattr(db, "backend", "sqlite")


def _run(db: Database, script: str) -> None:
    # executescript() would COMMIT our transaction; run the statements one by one instead.
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


@migration
def m001_foundation(db: Database) -> None:
    _run(
        db,
        """
        CREATE TABLE cases (
            id INTEGER PRIMARY KEY,
            ref TEXT NOT NULL UNIQUE,
            offender TEXT NOT NULL,
            prison_number TEXT,
            offence TEXT NOT NULL,
            category TEXT NOT NULL,
            offence_date TEXT,
            court TEXT,
            officer TEXT,
            discretionary_reason TEXT,
            referral_date TEXT,
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
            created_at TEXT NOT NULL,
            closed_at TEXT
        );
        CREATE INDEX cases_officer ON cases (officer);
        CREATE TABLE sentences (
            id INTEGER PRIMARY KEY,
            case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
            date TEXT NOT NULL,
            type TEXT NOT NULL,
            length TEXT,
            consecutive TEXT NOT NULL DEFAULT '',
            concurrent TEXT NOT NULL DEFAULT '',
            extension TEXT,
            tariff TEXT,
            remand_days INTEGER NOT NULL DEFAULT 0,
            tagged_bail_days INTEGER NOT NULL DEFAULT 0,
            ual_days INTEGER NOT NULL DEFAULT 0,
            added_days INTEGER NOT NULL DEFAULT 0,
            recorded_at TEXT NOT NULL,
            replaced_at TEXT,
            replaced_note TEXT
        );
        CREATE UNIQUE INDEX sentences_current ON sentences (case_id) WHERE replaced_at IS NULL;
        CREATE TABLE victims (
            id INTEGER PRIMARY KEY,
            case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            title TEXT,
            role TEXT NOT NULL,
            address TEXT,
            postcode TEXT,
            email TEXT,
            phone TEXT,
            preferred_method TEXT,
            do_not_post INTEGER NOT NULL DEFAULT 0,
            needs TEXT,
            opt_status TEXT NOT NULL DEFAULT 'pending',
            contact_level TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX victims_case ON victims (case_id);
        CREATE TABLE contacts (
            id INTEGER PRIMARY KEY,
            victim_id INTEGER NOT NULL REFERENCES victims (id) ON DELETE CASCADE,
            date TEXT NOT NULL,
            method TEXT NOT NULL,
            direction TEXT NOT NULL DEFAULT 'out',
            summary TEXT,
            created_at TEXT NOT NULL
        );
        CREATE INDEX contacts_victim ON contacts (victim_id, date);
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            user TEXT NOT NULL,
            command TEXT NOT NULL,
            action TEXT NOT NULL,
            table_name TEXT NOT NULL,
            row_id INTEGER,
            fields TEXT NOT NULL DEFAULT ''
        );
        """,
    )


@migration
def m002_deadlines(db: Database) -> None:
    _run(
        db,
        """
        CREATE TABLE calendar_days (
            date TEXT PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('bank-holiday', 'extra-bank-holiday', 'closure')),
            name TEXT NOT NULL
        );
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
            type TEXT NOT NULL,
            date TEXT NOT NULL,
            note TEXT,
            recorded_on TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX events_case ON events (case_id);
        CREATE TABLE deadlines (
            id INTEGER PRIMARY KEY,
            case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
            victim_id INTEGER NOT NULL REFERENCES victims (id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            due_date TEXT NOT NULL,
            start_date TEXT NOT NULL,
            met_on TEXT,
            event_id INTEGER REFERENCES events (id) ON DELETE CASCADE,
            what TEXT NOT NULL,
            estimated INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX deadlines_case ON deadlines (case_id);
        CREATE INDEX deadlines_open ON deadlines (due_date) WHERE met_on IS NULL;
        """,
    )


@migration
def m003_letters(db: Database) -> None:
    _run(
        db,
        """
        CREATE TABLE batches (
            id INTEGER PRIMARY KEY,
            template TEXT NOT NULL,
            format TEXT NOT NULL,
            out_dir TEXT NOT NULL,
            combined_file TEXT,
            created_at TEXT NOT NULL,
            posted_on TEXT
        );
        CREATE TABLE letters (
            id INTEGER PRIMARY KEY,
            batch_id INTEGER NOT NULL REFERENCES batches (id) ON DELETE CASCADE,
            victim_id INTEGER NOT NULL REFERENCES victims (id) ON DELETE CASCADE,
            template TEXT NOT NULL,
            subject TEXT NOT NULL DEFAULT '',
            format TEXT NOT NULL,
            file TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            created_at TEXT NOT NULL,
            posted_on TEXT
        );
        CREATE UNIQUE INDEX letters_once ON letters (victim_id, template, subject, format);
        CREATE INDEX letters_batch ON letters (batch_id);
        """,
    )


@migration
def m004_conditions_and_dates(db: Database) -> None:
    _run(
        db,
        """
        CREATE TABLE conditions (
            id INTEGER PRIMARY KEY,
            victim_id INTEGER NOT NULL REFERENCES victims (id) ON DELETE CASCADE,
            type TEXT NOT NULL,
            details TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'requested',
            decision_maker TEXT,
            requested_on TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX conditions_victim ON conditions (victim_id);
        CREATE TABLE condition_steps (
            id INTEGER PRIMARY KEY,
            condition_id INTEGER NOT NULL REFERENCES conditions (id) ON DELETE CASCADE,
            step TEXT NOT NULL,
            date TEXT NOT NULL,
            decision_maker TEXT,
            note TEXT,
            created_at TEXT NOT NULL
        );
        CREATE INDEX condition_steps_condition ON condition_steps (condition_id);
        ALTER TABLE sentences ADD COLUMN recorded_on TEXT;
        ALTER TABLE deadlines ADD COLUMN condition_id INTEGER REFERENCES conditions (id) ON DELETE CASCADE;
        CREATE TABLE confirmed_dates (
            case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            date TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            PRIMARY KEY (case_id, key)
        );
        """,
    )


@migration
def m005_references_ignore_case(db: Database) -> None:
    # Lookups compare references without case; this index makes them a seek, not a scan.
    _run(db, "CREATE UNIQUE INDEX cases_ref_nocase ON cases (ref COLLATE NOCASE)")
    _run(db, "ALTER TABLE victims ADD COLUMN salutation TEXT")


@migration
def m006_case_facts_for_release(db: Database) -> None:
    # Facts the release and eligibility rules read beyond the offence category (NULL: not recorded).
    _run(
        db,
        """
        ALTER TABLE cases ADD COLUMN offender_dob TEXT;
        ALTER TABLE cases ADD COLUMN listed_offence INTEGER;
        ALTER TABLE cases ADD COLUMN sex_offender_registration INTEGER;
        ALTER TABLE cases ADD COLUMN forty_percent_excluded INTEGER;
        ALTER TABLE cases ADD COLUMN schedule_15 INTEGER;
        ALTER TABLE cases ADD COLUMN schedule_15b INTEGER
        """,
    )


@migration
def m007_breaches(db: Database) -> None:
    # A victim's report of a possible breach of licence, its referral, its results and chases (issue 17).
    _run(
        db,
        """
        CREATE TABLE breaches (
            id INTEGER PRIMARY KEY,
            case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
            victim_id INTEGER NOT NULL REFERENCES victims (id) ON DELETE CASCADE,
            condition_id INTEGER REFERENCES conditions (id) ON DELETE SET NULL,
            reported_on TEXT NOT NULL,
            summary TEXT NOT NULL,
            referred_on TEXT,
            referred_to TEXT,
            created_at TEXT NOT NULL
        );
        CREATE INDEX breaches_case ON breaches (case_id);
        CREATE INDEX breaches_victim ON breaches (victim_id);
        CREATE TABLE breach_results (
            id INTEGER PRIMARY KEY,
            breach_id INTEGER NOT NULL REFERENCES breaches (id) ON DELETE CASCADE,
            result TEXT NOT NULL
                CHECK (result IN ('recall', 'warning', 'no-further-action', 'under-investigation')),
            date TEXT NOT NULL,
            event_id INTEGER REFERENCES events (id) ON DELETE SET NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX breach_results_breach ON breach_results (breach_id);
        CREATE TABLE breach_chases (
            id INTEGER PRIMARY KEY,
            breach_id INTEGER NOT NULL REFERENCES breaches (id) ON DELETE CASCADE,
            date TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX breach_chases_breach ON breach_chases (breach_id);
        ALTER TABLE deadlines ADD COLUMN breach_id INTEGER REFERENCES breaches (id) ON DELETE CASCADE
        """,
    )


@migration
def m008_protection_and_maps(db: Database) -> None:
    # Protection arrangements the service proposes share the conditions table, told apart by origin;
    # an exclusion zone's map is kept apart so that listing conditions never reads the file.
    _run(
        db,
        """
        ALTER TABLE conditions ADD COLUMN origin TEXT NOT NULL DEFAULT 'victim';
        CREATE TABLE condition_maps (
            condition_id INTEGER PRIMARY KEY REFERENCES conditions (id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            media_type TEXT NOT NULL,
            size INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            data BLOB NOT NULL,
            created_at TEXT NOT NULL
        )
        """,
    )


@migration
def m009_contact_outcomes_and_windows(db: Database) -> None:
    # Issue 11: a contact's outcome (an attempt meets nothing) and what it was about; the window in
    # which a deadline can be met; deadlines kept, closed, when a person opts out or declines.
    _run(
        db,
        """
        ALTER TABLE contacts ADD COLUMN outcome TEXT NOT NULL DEFAULT 'made';
        ALTER TABLE contacts ADD COLUMN about TEXT;
        ALTER TABLE victims ADD COLUMN address_returned_on TEXT;
        ALTER TABLE victims ADD COLUMN date_of_birth TEXT;
        ALTER TABLE victims ADD COLUMN choice_on TEXT;
        ALTER TABLE deadlines ADD COLUMN opens_on TEXT;
        ALTER TABLE deadlines ADD COLUMN closed_on TEXT;
        ALTER TABLE confirmed_dates ADD COLUMN recorded_on TEXT;
        UPDATE deadlines SET opens_on = start_date;
        CREATE TABLE choices (
            id INTEGER PRIMARY KEY,
            victim_id INTEGER NOT NULL REFERENCES victims (id) ON DELETE CASCADE,
            opt_status TEXT NOT NULL,
            contact_level TEXT,
            date TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX choices_victim ON choices (victim_id, date)
        """,
    )
    # A changed confirmed date is newly known: the recompute stamps it with the day it learnt of it.
    if _backend(db) == "postgresql":
        db.execute(
            "CREATE FUNCTION vlo_confirmed_date_changed() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN IF NEW.date IS DISTINCT FROM OLD.date THEN NEW.recorded_on := NULL; END IF; "
            "RETURN NEW; END $$"
        )
        db.execute(
            "CREATE TRIGGER confirmed_dates_changed BEFORE UPDATE OF date ON confirmed_dates "
            "FOR EACH ROW EXECUTE FUNCTION vlo_confirmed_date_changed()"
        )
        return
    db.execute(
        "CREATE TRIGGER confirmed_dates_changed AFTER UPDATE OF date ON confirmed_dates BEGIN "
        "UPDATE confirmed_dates SET recorded_on = NULL WHERE case_id = new.case_id AND key = new.key; END"
    )


@migration
def m010_letters_per_person_and_one_pending_copy(db: Database) -> None:
    # Each person's language and print format for letters (issue 13.3); which batch replaced an
    # unposted one, and when one was discarded (13.5: the row stays, so a number printed on a cover
    # sheet is never given to another batch); what each letter was made as. A letter may sit in one unposted batch
    # only, whatever its file format: the old index allowed one per format, so a txt and a pdf
    # batch of the same letters could both be posted.
    _run(
        db,
        """
        ALTER TABLE victims ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
        ALTER TABLE victims ADD COLUMN format TEXT NOT NULL DEFAULT 'standard';
        ALTER TABLE batches ADD COLUMN superseded_by INTEGER REFERENCES batches (id);
        ALTER TABLE batches ADD COLUMN discarded_on TEXT;
        ALTER TABLE letters ADD COLUMN print_format TEXT;
        ALTER TABLE letters ADD COLUMN language TEXT
        """,
    )
    # Unposted copies made before: the newest stays; a batch that loses one is superseded by it.
    rows = db.execute(
        "SELECT id, batch_id, victim_id, template, subject FROM letters WHERE posted_on IS NULL ORDER BY id DESC"
    ).fetchall()
    kept: dict[tuple, int] = {}
    for letter_id, batch_id, *key in rows:
        if tuple(key) not in kept:
            kept[tuple(key)] = batch_id
            continue
        db.execute("DELETE FROM letters WHERE id = ?", [letter_id])
        if kept[tuple(key)] != batch_id:
            db.execute(
                "UPDATE batches SET superseded_by = ? WHERE id = ? AND posted_on IS NULL",
                [kept[tuple(key)], batch_id],
            )
    _run(
        db,
        """
        DROP INDEX letters_once;
        CREATE UNIQUE INDEX letters_pending ON letters (victim_id, template, subject) WHERE posted_on IS NULL;
        CREATE INDEX letters_person ON letters (victim_id, template, subject)
        """,
    )


@migration
def m011_audit_chain(db: Database) -> None:
    # After every other migration: rows written by those are chained as they stand.
    # The audit trail as a hash chain, and the work an erase must finish outside the transaction.
    from vlo.storage.audit import seal_existing
    from vlo.storage.base import _now

    _run(
        db,
        """
        ALTER TABLE audit ADD COLUMN digest TEXT;
        ALTER TABLE audit ADD COLUMN hash TEXT;
        CREATE INDEX audit_row ON audit (table_name, row_id);
        CREATE TABLE audit_head (
            one INTEGER PRIMARY KEY CHECK (one = 1),
            last_id INTEGER NOT NULL,
            hash TEXT NOT NULL
        );
        CREATE TABLE pending_erasures (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('letter', 'batch', 'scrub')),
            out_dir TEXT NOT NULL DEFAULT '',
            file TEXT NOT NULL DEFAULT '',
            batch_id INTEGER,
            created_at TEXT NOT NULL
        )
        """,
    )
    seal_existing(getattr(db, "conn", db), _now())  # sqlite-utils' connection, or PostgreSQL's


@migration
def m012_open_deadline_indexes(db: Database) -> None:
    # The morning's counts (due, not open yet, later) read the due date, the window and the kind of
    # every open deadline: in the index, they need no table rows (SQLite: 107 ms to 6 ms at 100k cases).
    _run(
        db,
        """
        DROP INDEX deadlines_open;
        CREATE INDEX deadlines_open ON deadlines (due_date, opens_on, kind) WHERE met_on IS NULL
        """,
    )
    if _backend(db) == "postgresql":
        # Statistics for "open and due by" as one expression, which vlo.storage.dialect rewrites the
        # morning list's range to: PostgreSQL keeps none for a partial index's condition.
        from vlo.storage.dialect import OPEN_DUE_INDEX

        db.execute(OPEN_DUE_INDEX)
        db.execute("ANALYZE deadlines")  # now, not when autovacuum gets round to it


@migration
def m013_imports(db: Database) -> None:
    # One row per import, written before its first case: on PostgreSQL only managers may insert here,
    # so the server itself refuses an officer's import (vlo.storage.postgres.MANAGER_TABLES).
    _run(
        db,
        """
        CREATE TABLE imports (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            file TEXT NOT NULL,
            rows INTEGER
        )
        """,
    )


@migration
def m014_release_dates(db: Database) -> None:
    # The indicative dates the release rules last gave each case, beside a digest of everything they
    # read (the sentence, the case's facts, the rules' own code). Release dates do not depend on the
    # calendar or the unit's settings, so a closed day or a rule change recomputes deadlines from
    # these instead of doing every sentence's arithmetic again. Derived data: a row whose digest no
    # longer matches is worked out again, and deleting them all only makes one recompute slower.
    _run(
        db,
        """
        CREATE TABLE release_dates (
            case_id INTEGER PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
            inputs TEXT NOT NULL,
            release TEXT,
            parole_eligibility TEXT,
            hdc_eligibility TEXT,
            licence_end TEXT,
            sentence_end TEXT
        )
        """,
    )


@migration
def m015_id_floors(db: Database) -> None:
    # The highest id each table had when a case was erased. SQLite numbers a new row one past the
    # highest id left, so erasing the newest case gave its ids (its people's, its contacts') to the
    # next ones: a copy that travels by id (vlo due --csv) or the audit trail's history of an
    # erased row then named someone else. New rows are numbered past these too (Store.next_id).
    _run(db, "CREATE TABLE id_floors (table_name TEXT PRIMARY KEY, last_id INTEGER NOT NULL)")
