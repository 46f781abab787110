"""Export definitions: the columns of each ``vlo export`` table, and which are personal.

The column names are a contract: reports and ``vlo import`` rely on them.
"""

# Export columns: (name, SQL expression, personal?). The names are a contract: reports rely on them.
_SENTENCE = "LEFT JOIN sentences s ON s.case_id = c.id AND s.replaced_at IS NULL"
EXPORT_FROM = {
    "cases": f"FROM cases c {_SENTENCE} ORDER BY c.id",
    "victims": f"FROM victims v JOIN cases c ON c.id = v.case_id {_SENTENCE} ORDER BY v.id",
    "deadlines": "FROM deadlines d JOIN cases c ON c.id = d.case_id ORDER BY d.due_date, d.id",
    "contacts": "FROM contacts t JOIN victims v ON v.id = t.victim_id JOIN cases c ON c.id = v.case_id ORDER BY t.id",
    "conditions": "FROM conditions k JOIN victims v ON v.id = k.victim_id JOIN cases c ON c.id = v.case_id ORDER BY k.id",
    "letters": "FROM letters l JOIN victims v ON v.id = l.victim_id JOIN cases c ON c.id = v.case_id ORDER BY l.id",
    "audit": "FROM audit a ORDER BY a.id",
    "breaches": "FROM breaches b JOIN cases c ON c.id = b.case_id ORDER BY b.id",
}
# Yes/no facts recorded on a case for the rules (vlo.service.cases.CASE_FLAGS).
CASE_FLAGS = (
    "listed_offence",
    "sex_offender_registration",
    "forty_percent_excluded",
    "schedule_15",
    "schedule_15b",
)
_CASE_COLUMNS = [
    ("case_ref", "c.ref", False),
    ("offender", "c.offender", True),
    ("offence", "c.offence", False),
    ("category", "c.category", False),
    ("court", "c.court", False),
    ("officer", "c.officer", False),
    ("sentence_date", "s.date", False),
    ("sentence_type", "s.type", False),
    ("sentence_length", "s.length", False),
]
EXPORTS: dict[str, list[tuple[str, str, bool]]] = {
    "cases": [
        *_CASE_COLUMNS,
        ("prison_number", "c.prison_number", True),
        ("offence_date", "c.offence_date", False),
        ("discretionary_reason", "c.discretionary_reason", False),
        ("referral_date", "c.referral_date", False),
        ("remand_days", "s.remand_days", False),
        ("tagged_bail_days", "s.tagged_bail_days", False),
        ("status", "c.status", False),
        ("created_at", "c.created_at", False),
        ("closed_at", "c.closed_at", False),
    ],
    # One row per person with the case repeated: exactly what vlo import reads.
    "victims": [
        ("victim_id", "v.id", False),
        *_CASE_COLUMNS,
        ("prison_number", "c.prison_number", True),
        ("offence_date", "c.offence_date", False),
        ("referral_date", "c.referral_date", False),
        ("discretionary_reason", "c.discretionary_reason", False),
        ("remand_days", "s.remand_days", False),
        ("tagged_bail_days", "s.tagged_bail_days", False),
        # Every other sentence fact that moves a date, so vlo import reads the same dates back.
        ("ual_days", "s.ual_days", False),
        ("added_days", "s.added_days", False),
        ("sentence_extension", "s.extension", False),
        ("sentence_tariff", "s.tariff", False),
        ("sentence_consecutive", "s.consecutive", False),
        ("sentence_concurrent", "s.concurrent", False),
        ("sentence_recorded_on", "s.recorded_on", False),
        *(
            (
                f"confirmed_{key}",
                f"(SELECT date FROM confirmed_dates WHERE case_id = c.id AND key = '{key}')",
                False,
            )
            for key in ("release", "parole_eligibility", "hdc_eligibility", "licence_end", "sentence_end")
        ),
        ("victim_name", "v.name", True),
        ("victim_title", "v.title", True),
        ("victim_salutation", "v.salutation", True),
        ("victim_role", "v.role", False),
        ("victim_address", "v.address", True),
        ("victim_postcode", "v.postcode", True),
        ("victim_email", "v.email", True),
        ("victim_phone", "v.phone", True),
        ("victim_preferred_method", "v.preferred_method", False),
        ("victim_do_not_post", "v.do_not_post", False),
        ("victim_needs", "v.needs", True),  # "Polish interpreter": says who the person is
        ("victim_language", "v.language", False),
        ("victim_format", "v.format", False),
        ("victim_date_of_birth", "v.date_of_birth", True),
        ("opt_status", "v.opt_status", False),
        ("contact_level", "v.contact_level", False),
        # The case facts the release and eligibility rules read (empty: not recorded).
        ("offender_dob", "c.offender_dob", True),
        *((key, f"c.{key}", False) for key in CASE_FLAGS),
    ],
    "deadlines": [
        ("id", "d.id", False),
        ("case_ref", "c.ref", False),
        ("victim_id", "d.victim_id", False),
        ("kind", "d.kind", False),
        ("what", "d.what", False),
        ("start_date", "d.start_date", False),
        ("due_date", "d.due_date", False),
        ("met_on", "d.met_on", False),
        ("estimated", "d.estimated", False),
    ],
    "contacts": [
        ("id", "t.id", False),
        ("case_ref", "c.ref", False),
        ("victim_id", "t.victim_id", False),
        ("date", "t.date", False),
        ("method", "t.method", False),
        ("direction", "t.direction", False),
        ("summary", "t.summary", True),
    ],
    "conditions": [
        ("id", "k.id", False),
        ("case_ref", "c.ref", False),
        ("victim_id", "k.victim_id", False),
        ("type", "k.type", False),
        ("details", "k.details", True),
        ("status", "k.status", False),
        ("decision_maker", "k.decision_maker", False),
        ("requested_on", "k.requested_on", False),
    ],
    "letters": [
        ("id", "l.id", False),
        ("batch_id", "l.batch_id", False),
        ("case_ref", "c.ref", False),
        ("victim_id", "l.victim_id", False),
        ("template", "l.template", False),
        ("format", "l.format", False),
        ("file", "l.file", False),
        ("sha256", "l.sha256", False),
        ("created_at", "l.created_at", False),
        ("posted_on", "l.posted_on", False),
    ],
    # Breach reports (issue 17): what the victim said is personal.
    "breaches": [
        ("id", "b.id", False),
        ("case_ref", "c.ref", False),
        ("victim_id", "b.victim_id", False),
        ("condition_id", "b.condition_id", False),
        ("reported_on", "b.reported_on", False),
        ("referred_on", "b.referred_on", False),
        ("referred_to", "b.referred_to", False),
        (
            "result",
            "(SELECT result FROM breach_results r WHERE r.breach_id = b.id ORDER BY r.id DESC LIMIT 1)",
            False,
        ),
        (
            "result_on",
            "(SELECT date FROM breach_results r WHERE r.breach_id = b.id ORDER BY r.id DESC LIMIT 1)",
            False,
        ),
        ("summary", "b.summary", True),
    ],
    "audit": [
        ("id", "a.id", False),
        ("at", "a.at", False),
        ("user", "a.user", False),
        ("command", "a.command", False),
        ("action", "a.action", False),
        ("table_name", "a.table_name", False),
        ("row_id", "a.row_id", False),
        ("fields", "a.fields", False),
    ],
}
