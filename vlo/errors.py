"""The one error type a user sees, printed by the CLI as a single ``Error: ...`` line."""


class VloError(Exception):
    """A problem the officer can fix: bad input, a missing case, a missing database."""
