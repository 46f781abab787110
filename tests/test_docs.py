"""The README says what vlo does: its export columns are the ones vlo writes."""

from pathlib import Path

from vlo.storage.exports import EXPORTS

README = Path(__file__).resolve().parent.parent / "README.md"


def test_the_readme_lists_every_export_column_in_order():
    text = README.read_text(encoding="utf-8")
    for table, columns in EXPORTS.items():
        row = (
            f"| {table} | "
            + ", ".join(name + ("*" if personal else "") for name, _, personal in columns)
            + " |"
        )
        assert row in text, f"README's export table is out of date for {table}"
