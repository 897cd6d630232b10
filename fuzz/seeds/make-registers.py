#!/usr/bin/env python3
"""Writes small seed registers for the `register` fuzz target into the
directory given (default: fuzz/seeds/register): the schema taken from
src/register/schema.rs, rows hashed as src/register/chain.rs documents, with
512-byte pages so that each file stays a few kilobytes. One is intact, one
has an edited total, one is in WAL mode as ledger writes it."""

import hashlib
import os
import re
import sqlite3
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMA = os.path.join(HERE, "..", "..", "src", "register", "schema.rs")
APPLICATION_ID = 0x4C444752
GENESIS = "0" * 64
COLUMNS = ["seq", "number", "series", "series_seq", "kind", "agreement", "period",
           "client", "issuer", "issue_date", "due_date", "credits", "reason",
           "total_excl_vat", "vat", "total_incl_vat", "currency", "body", "fingerprint"]


def migrations():
    text = open(SCHEMA, encoding="utf-8").read()
    block = re.search(r"pub const MIGRATIONS: &\[&str\] = &\[(.*?)\n\];", text, re.S).group(1)
    return [m.replace('\\"', '"') for m in re.findall(r'"((?:[^"\\]|\\.)*)"', block, re.S)]


def field(value):
    if value is None:
        return b"N"
    if isinstance(value, int):
        return b"I" + struct.pack(">q", value)
    data = value.encode("utf-8")
    return b"T" + struct.pack(">Q", len(data)) + data


def row_hash(prev, values):
    h = hashlib.sha256(b"ledger-register-row-v1\n")
    h.update(field(prev))
    for v in values:
        h.update(field(v))
    return h.hexdigest()


ROWS = [
    (1, "brp-pool-2018-0001", "brp-pool-2018-{seq}", 1, "invoice", "brp-pool", "2018-Q1",
     "tholen", "bergen-op-zoom", "2018-04-15", "2018-05-15", None, None,
     "1883.95", "0.00", "1883.95", "EUR", '{"lines":[]}', "f1"),
    (2, "brp-pool-2018-0002", "brp-pool-2018-{seq}", 2, "invoice", "brp-pool", "2018-Q1",
     "steenbergen", "bergen-op-zoom", "2018-04-15", "2018-05-15", None, None,
     "647.51", "135.98", "783.49", "EUR", '{"lines":[]}', "f2"),
    (3, "brp-pool-2018-0003", "brp-pool-2018-{seq}", 3, "credit", "brp-pool", "2018-Q1",
     "tholen", "bergen-op-zoom", "2018-05-01", "2018-05-31", "brp-pool-2018-0001",
     "wrong hours", "-1883.95", "0.00", "-1883.95", "EUR", '{"lines":[]}', "f3"),
]


def write(path, rows, wal=False, tamper=False):
    if os.path.exists(path):
        os.remove(path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA page_size = 512")
    for m in migrations():
        conn.executescript(m)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {len(migrations())}")
    prev = GENESIS
    for values in rows:
        digest = row_hash(prev, values)
        if tamper and values[0] == 2:
            values = values[:13] + ("6475.10",) + values[14:]
        conn.execute(f"INSERT INTO documents ({', '.join(COLUMNS)}, prev_hash, hash) "
                     f"VALUES ({', '.join('?' * (len(COLUMNS) + 2))})", (*values, prev, digest))
        prev = digest
    conn.commit()
    conn.execute("VACUUM")
    if wal:
        conn.execute("PRAGMA journal_mode = wal")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    for side in ("-wal", "-shm"):
        if os.path.exists(path + side):
            os.remove(path + side)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "register")
    os.makedirs(out, exist_ok=True)
    write(os.path.join(out, "intact.sqlite"), ROWS)
    write(os.path.join(out, "edited-total.sqlite"), ROWS, tamper=True)
    write(os.path.join(out, "wal.sqlite"), ROWS, wal=True)
    write(os.path.join(out, "empty-register.sqlite"), [])


if __name__ == "__main__":
    main()
