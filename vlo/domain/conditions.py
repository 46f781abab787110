"""Licence conditions victims ask for, protection arrangements the service proposes, and their
lifecycle (SPEC §2; the seed: "any special victim protection arrangements which are proposed and
seek their agreement to them").

A victim's request: requested -> submitted (to a decision-maker) -> agreed | agreed-with-changes
| refused -> in-force (from release) -> varied | suspended (on recall) | ended (at licence expiry).
A protection arrangement: proposed -> put-to-victim -> victim-agreed | victim-declined |
victim-asked-changes (then put to the victim again); once the victim agrees it goes on as a
request does, from submitted. Every step has a date; a step out of order is refused with the
steps that may come next.
"""

from __future__ import annotations

from datetime import date

from vlo.errors import VloError

TYPES = ("non-contact", "exclusion-zone", "other")
TYPE_WORDS = {
    "non-contact": "a condition that the offender must not contact you or your family",
    "exclusion-zone": "an exclusion zone the offender must keep out of",
    "other": "a condition you asked for",
}
DECISION_MAKERS = ("governor", "parole-board", "mhcs", "tribunal")
DECISION_MAKER_WORDS = {
    "governor": "the prison governor",
    "parole-board": "the Parole Board",
    "mhcs": "the Mental Health Casework Section",
    "tribunal": "the Mental Health Tribunal",
}
OUTCOMES = ("agreed", "agreed-with-changes", "refused")
OUTCOME_WORDS = {"agreed": "agreed", "agreed-with-changes": "agreed with changes", "refused": "refused"}

# Who it came from: the victim asked for it, or the service proposed it (a protection arrangement).
ORIGINS = ("victim", "service")
ORIGIN_WORDS = {"victim": "victim's request", "service": "protection arrangement"}
KIND = {"victim": "request", "service": "protection"}  # the short word of vlo condition list
# The first status of each kind.
FIRST_STATUS = {"victim": "requested", "service": "proposed"}
VICTIM_ANSWERS = ("victim-agreed", "victim-declined", "victim-asked-changes")

# Which step may follow which: the state machine of a condition.
NEXT_STEPS: dict[str, tuple[str, ...]] = {
    "requested": ("submitted", "ended"),
    "submitted": (*OUTCOMES, "ended"),
    "agreed": ("in-force", "ended"),
    "agreed-with-changes": ("in-force", "ended"),
    "refused": ("submitted",),  # resubmitted, e.g. to the Parole Board after a governor's refusal
    "in-force": ("varied", "suspended", "ended"),
    "varied": ("varied", "suspended", "ended"),
    "suspended": ("in-force", "ended"),
    "ended": (),
    # A protection arrangement, until the victim agrees to it and it goes on as a request does.
    "proposed": ("put-to-victim", "ended"),
    "put-to-victim": (*VICTIM_ANSWERS, "ended"),
    "victim-agreed": ("submitted", "ended"),
    "victim-declined": ("put-to-victim", "ended"),  # offered again, perhaps in another form
    "victim-asked-changes": ("put-to-victim", "ended"),
}
STEPS = tuple(s for s in NEXT_STEPS if s not in FIRST_STATUS.values())


def check_step(current: str, step: str, *, last_date: date, when: date, decision_maker: str | None) -> None:
    """Refuse a step that cannot follow ``current`` or that goes back in time."""
    if step not in STEPS:
        raise VloError(f"step must be one of: {', '.join(STEPS)}")
    allowed = NEXT_STEPS[current]
    if step not in allowed:
        after = ", ".join(allowed) if allowed else "nothing: the condition has ended"
        raise VloError(f"a condition that is {current} cannot be {step}; next can be: {after}")
    if when < last_date:
        raise VloError(f"step date is before the condition's last step ({last_date.isoformat()})")
    if step == "submitted" and decision_maker is None:
        raise VloError(f"submitted needs --to, one of: {', '.join(DECISION_MAKERS)}")


# --- exclusion-zone maps -----------------------------------------------------------------------

MAP_MAX_BYTES = 5 * 1024 * 1024  # "a few MB at most": a scanned A4 map is well under this
# What each accepted file name ending must start with (the file's magic bytes).
MAP_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".gif": ("image/gif", (b"GIF87a", b"GIF89a")),
}


def check_map(name: str, data: bytes, condition_type: str) -> str:
    """The media type of a map file, or an ``Error:``: exclusion zones only, a few MB at most,
    and the bytes must be what the name says (a ``.pdf`` that is not a PDF is refused)."""
    import re

    if condition_type != "exclusion-zone":
        raise VloError("a map can be attached to an exclusion-zone condition only")
    if not name or len(name) > 100 or not re.fullmatch(r"[\w .()-]+", name) or name.startswith("."):
        raise VloError("map file name must be 1 to 100 letters, digits, spaces, '.', '-', '_' or brackets")
    suffix = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if suffix not in MAP_TYPES:
        raise VloError(f"map must be a PDF or an image: a file ending {', '.join(MAP_TYPES)}")
    if not data:
        raise VloError("map file is empty")
    if len(data) > MAP_MAX_BYTES:
        raise VloError(f"map file is too large: at most {MAP_MAX_BYTES // (1024 * 1024)} MB")
    media_type, magic = MAP_TYPES[suffix]
    if not data.startswith(magic):
        raise VloError(f"map file is not a {suffix[1:].upper()} file, though its name ends {suffix}")
    return media_type
