"""Settings and the working-day calendar's stored days."""

from __future__ import annotations

from typing import Any

from vlo.errors import VloError


class SettingQueries:
    # --- settings -----------------------------------------------------------------------------

    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def settings(self) -> dict[str, str]:
        return {
            r["key"]: r["value"] for r in self.conn.execute("SELECT key, value FROM settings ORDER BY key")
        }

    def set_setting(self, key: str, value: str | None) -> None:
        if value is None:
            self.conn.execute("DELETE FROM settings WHERE key = ?", (key,))
        else:
            self.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
        self.audit("set", "settings", None, [key])

    # --- calendar -----------------------------------------------------------------------------

    def non_working_days(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT date FROM calendar_days")]

    def calendar_days(self, year: int | None = None) -> list[dict[str, Any]]:
        sql, args = "SELECT * FROM calendar_days", ()
        if year is not None:
            sql, args = sql + " WHERE date LIKE ?", (f"{year:04d}-%",)
        return [dict(r) for r in self.conn.execute(sql + " ORDER BY date", args)]

    def replace_bank_holidays(self, days: dict[str, str]) -> None:
        self.conn.execute("DELETE FROM calendar_days WHERE kind = 'bank-holiday'")
        # A day the unit recorded itself wins over the library's copy of it.
        self.conn.executemany(
            "INSERT OR IGNORE INTO calendar_days (date, kind, name) VALUES (?, 'bank-holiday', ?)",
            days.items(),
        )
        self.audit("refresh", "calendar_days", None, ["bank-holiday"])

    def add_calendar_day(self, day: str, kind: str, name: str) -> None:
        existing = self.conn.execute("SELECT kind FROM calendar_days WHERE date = ?", (day,)).fetchone()
        if existing:
            raise VloError(f"{day} is already a non-working day ({existing[0]})")
        self.conn.execute("INSERT INTO calendar_days (date, kind, name) VALUES (?, ?, ?)", (day, kind, name))
        self.audit("insert", "calendar_days", None, ["date", "kind", "name"])

    def remove_calendar_day(self, day: str) -> None:
        existing = self.conn.execute("SELECT kind FROM calendar_days WHERE date = ?", (day,)).fetchone()
        if existing is not None and existing[0] == "bank-holiday":
            # From the installed holidays data: a refresh would only put it back.
            raise VloError(
                f"{day} is a bank holiday in England and Wales, which stays a non-working day; "
                "only days the unit recorded can be opened (see: vlo calendar list)"
            )
        if existing is None:
            raise VloError(f"{day} is not a day the unit recorded; see: vlo calendar list")
        self.conn.execute("DELETE FROM calendar_days WHERE date = ?", (day,))
        self.audit("delete", "calendar_days", None, ["date"])
