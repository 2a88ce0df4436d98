#!/usr/bin/env python3
"""Writes Sources/ConfgateStore/Generated/EmbeddedMigrations.swift from the SQL files in Migrations/.

Migrations/NNNN_name.{up,down}.sql are PostgreSQL's, Migrations/sqlite/ the same steps for the
embedded SQLite store. They are compiled into the binary as string literals, so a copied
`confgate` binary can migrate a database with no files beside it. Re-run after adding a
migration; the output is committed, and a test fails when the two differ.

Each embedded string is exactly its file's text, because the migration runner records the
sha256 of the up text and refuses a migration whose text has changed since: the literal keeps
the file's final newline, and a file with a carriage return is refused (Swift turns CRLF in a
multi-line literal into LF, which would change the checksum).

Fails, writing nothing, when a set has a gap or a duplicate in its numbers, an up without its
down (or the reverse), a file name that is not NNNN_name.up.sql / .down.sql, a file that cannot
sit in a raw string literal, or when the two sets disagree on numbers or names: each PostgreSQL
migration has a SQLite twin (if only a comment-only one) so that a version number means the same
step in both stores.
"""
import os
import re
import sys

here = os.path.dirname(os.path.abspath(__file__))
repo = os.path.dirname(here)
migrations = os.path.join(repo, "Migrations")
out = os.path.join(repo, "Sources", "ConfgateStore", "Generated", "EmbeddedMigrations.swift")

FILE_NAME = re.compile(r"^(\d{4})_([a-z0-9]+(?:_[a-z0-9]+)*)\.(up|down)\.sql$")


def fail(message):
    sys.exit(f"gen-migrations: {message}")


def read_set(directory):
    """Returns [(version, name, up, down)] sorted by version, or fails."""
    rel = os.path.relpath(directory, repo)
    found = {}  # (version, direction) -> (name, text)
    names = {}  # version -> name
    for entry in sorted(os.listdir(directory)):
        path = os.path.join(directory, entry)
        if os.path.isdir(path) or not entry.endswith(".sql"):
            continue  # README.md, sqlite/
        match = FILE_NAME.match(entry)
        if not match:
            fail(f"{rel}/{entry}: expected NNNN_name.up.sql or NNNN_name.down.sql")
        version, name, direction = int(match.group(1)), match.group(2), match.group(3)
        if names.setdefault(version, name) != name:
            fail(f"{rel}: version {version:04d} is used by both {names[version]} and {name}")
        with open(path, "rb") as fh:
            raw = fh.read()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            fail(f"{rel}/{entry}: not UTF-8 ({error})")
        if "\r" in text:
            fail(f"{rel}/{entry}: contains a carriage return; use LF line endings")
        # In ###"""...."""### only these two sequences mean something: the end of the literal and
        # the start of an escape (\###n, \###( ...).
        for delimiter in ('"""###', "\\###"):
            if delimiter in text:
                fail(f"{rel}/{entry}: contains {delimiter}, which would end or escape the raw string literal")
        if not text.strip():
            fail(f"{rel}/{entry}: is empty; say in a comment why the step does nothing")
        found[(version, direction)] = (name, text)

    if not names:
        fail(f"{rel}: no migrations")
    versions = sorted(names)
    if versions != list(range(1, len(versions) + 1)):
        missing = sorted(set(range(1, versions[-1] + 1)) - set(versions))
        fail(f"{rel}: versions must run 0001, 0002, ... without gaps; missing {', '.join(f'{v:04d}' for v in missing)}")
    result = []
    for version in versions:
        name = names[version]
        for direction in ("up", "down"):
            if (version, direction) not in found:
                other = "down" if direction == "up" else "up"
                fail(f"{rel}/{version:04d}_{name}.{other}.sql has no {version:04d}_{name}.{direction}.sql")
        result.append((version, name, found[(version, "up")][1], found[(version, "down")][1]))
    return result


def literal(text):
    # The newline before the closing delimiter is not part of a multi-line literal; adding one
    # keeps the file's own last line break (or its absence) in the string.
    return '###"""\n' + text + '\n"""###'


def swift_array(migrations_of_set):
    parts = []
    for version, name, up, down in migrations_of_set:
        parts.append(
            f"        EmbeddedMigration(\n"
            f"            version: {version}, name: \"{name}\",\n"
            f"            up: {literal(up)},\n"
            f"            down: {literal(down)}),\n"
        )
    return "".join(parts)


postgres = read_set(migrations)
sqlite = read_set(os.path.join(migrations, "sqlite"))
pg_steps = [(v, n) for v, n, _, _ in postgres]
sqlite_steps = [(v, n) for v, n, _, _ in sqlite]
if pg_steps != sqlite_steps:
    only_pg = sorted(set(pg_steps) - set(sqlite_steps))
    only_sqlite = sorted(set(sqlite_steps) - set(pg_steps))
    fail(
        "Migrations/ and Migrations/sqlite/ must hold the same numbered steps; "
        f"only in PostgreSQL's: {[f'{v:04d}_{n}' for v, n in only_pg]}, "
        f"only in SQLite's: {[f'{v:04d}_{n}' for v, n in only_sqlite]}"
    )

swift = (
    "// Generated by scripts/gen-migrations.py from Migrations/. Do not edit.\n\n"
    "/// One numbered migration as its files hold it.\n"
    "public struct EmbeddedMigration: Sendable {\n"
    "    /// The number in the file names (`0003` is 3); migrations apply in this order.\n"
    "    public let version: Int\n"
    "    /// The rest of the file name, without the number and `.up.sql`/`.down.sql`.\n"
    "    public let name: String\n"
    "    /// The up file's text, byte for byte (its sha256 is the checksum the runner records).\n"
    "    public let up: String\n"
    "    /// The down file's text: undoes exactly `up`.\n"
    "    public let down: String\n"
    "}\n\n"
    "/// Both stores' migrations, compiled in so that the binary needs no files beside it.\n"
    "public enum EmbeddedMigrations {\n"
    "    /// Migrations/*.sql, sorted by version.\n"
    "    public static let postgres: [EmbeddedMigration] = [\n"
    + swift_array(postgres)
    + "    ]\n\n"
    "    /// Migrations/sqlite/*.sql, sorted by version; the same versions and names as `postgres`.\n"
    "    public static let sqlite: [EmbeddedMigration] = [\n"
    + swift_array(sqlite)
    + "    ]\n"
    "}\n"
)
os.makedirs(os.path.dirname(out), exist_ok=True)
with open(out, "w", encoding="utf-8") as fh:
    fh.write(swift)
print(f"wrote {os.path.relpath(out, repo)} ({len(postgres)} migrations for each of PostgreSQL and SQLite)")
