"""The use cases: one module per noun, each function one thing an officer does.

A service function takes the store and plain values, applies the rules from :mod:`vlo.domain`,
reads and writes through :mod:`vlo.storage`, and returns a result; it never prints. Every write
goes through :func:`vlo.service.work.unit_of_work`, which owns the transaction and the invariant
that deadlines stay current.
"""
