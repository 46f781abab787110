"""Protection arrangements the service proposes, and exclusion-zone maps (issue 17).

Arrangements are rows of ``conditions`` with ``origin = 'service'``; their steps are
``condition_steps``. A map is kept in ``condition_maps``, apart, so listing never reads the file.
"""

from __future__ import annotations

from typing import Any

from vlo.storage.base import _now, _row


class ProtectionQueries:
    def add_protection(self, victim_id: int, record: dict[str, Any]) -> int:
        """A protection arrangement the service proposes (``requested_on`` holds the proposal date)."""
        return self._insert(
            "conditions",
            {
                **record,
                "victim_id": victim_id,
                "status": "proposed",
                "origin": "service",
                "created_at": _now(),
            },
        )

    # --- exclusion-zone maps ------------------------------------------------------------------

    def set_condition_map(self, condition_id: int, record: dict[str, Any]) -> None:
        """Attach (or replace) a condition's map; the audit names the fields, never the bytes."""
        # An upsert, not DELETE then INSERT: on a team database officers replace maps, and only
        # a manager may delete rows here.
        self.conn.execute(
            "INSERT INTO condition_maps (condition_id, name, media_type, size, sha256, data, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (condition_id) DO UPDATE SET name = excluded.name, "
            "media_type = excluded.media_type, size = excluded.size, sha256 = excluded.sha256, "
            "data = excluded.data, created_at = excluded.created_at",
            (
                condition_id,
                record["name"],
                record["media_type"],
                record["size"],
                record["sha256"],
                record["data"],
                _now(),
            ),
        )
        self.audit("set", "condition_maps", condition_id, ["name", "media_type", "size", "sha256", "data"])

    def condition_map(self, condition_id: int, *, with_data: bool = False) -> dict[str, Any] | None:
        columns = "condition_id, name, media_type, size, sha256, created_at" + (", data" if with_data else "")
        return _row(
            self.conn.execute(
                f"SELECT {columns} FROM condition_maps WHERE condition_id = ?", (condition_id,)
            ).fetchone()
        )

    def condition_map_names(self) -> dict[int, str]:
        return {cid: name for cid, name in self.conn.execute("SELECT condition_id, name FROM condition_maps")}
