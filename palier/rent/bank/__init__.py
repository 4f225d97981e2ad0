"""Bank statements: reading CODA and camt.053 files into one normalised statement, importing them
all-or-nothing without ever counting a payment twice, and matching their lines to tenancies.

- `statement.py`: the normalised statement both parsers produce, and `StatementError`.
- `coda.py`, `camt.py`: the two parsers; `read_statement_file` picks one by sniffing the content.
- `imports.py`: the accountant's import service (one transaction, idempotent, balance continuity).
- `matching.py`: automatic matching and the review queue's actions (by hand, split, not rent).
- `bulk.py`: writing a large statement's lines and payments in bulk (COPY on PostgreSQL).
- `original.py`: the uploaded file, kept compressed and encrypted, downloaded again, purged after
  the ledger's retention.
- `queries.py`: reads for the back office.
- `bench.py`: the import figure of `manage.py bench` (100,000 camt.053 entries).
"""
