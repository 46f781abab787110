"""Storage: the schema (``migrations``), the store and its queries (one module per noun), and the
export definitions. Nothing here knows the rules; ``vlo.service`` joins the two."""

from vlo.storage.store import SCHEMA_VERSION, Store, create_database, open_database

__all__ = ["SCHEMA_VERSION", "Store", "create_database", "open_database"]
