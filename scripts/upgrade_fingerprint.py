#!/usr/bin/env python3
"""What an update (-u) must keep: used by scripts/upgrade_check.sh.

    upgrade_fingerprint.py snapshot DB FILESTORE > before.json
    upgrade_fingerprint.py compare DB FILESTORE before.json [--allow TABLE.COLUMN ...]

``snapshot`` records, as the restore drill does: the ids (or the row count,
for tables without an id) of every table, a checksum of every column of the
business tables (rehab_*, ir_attachment) over those rows, the sequences, and
the SHA-1 of every filestore file an attachment points to. Tables of
transient models (wizards) are left out: they are throwaway.

``compare`` reads the database after the update and prints one line per
problem; exit 1 if any:
- LOST: a row that was there before is gone (an update never deletes
  business records), a business table is gone, a sequence went back, an
  attachment's file is missing or changed;
- CHANGED: a column of a business table that existed before has other values
  on the rows that existed before, and no migration declares it. A migration
  that rewrites data on purpose lists each ``table.column`` it changes, one a
  line, in ``addons/<module>/migrations/<version>/changes.txt`` (or
  ``--allow``); columns written by every update (write_date, write_uid,
  stored translations refreshed by Odoo) are not compared.
New tables, columns and rows are fine (reported as INFO).
"""

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path

import psycopg2
from psycopg2 import sql

BUSINESS_PREFIXES = ("rehab_",)
BUSINESS_TABLES = ("ir_attachment",)
# written by Odoo itself on every update of records it owns
IGNORED_COLUMNS = frozenset({"write_date", "write_uid", "create_date"})
# rows an update may legitimately drop: the web asset bundles, rebuilt by Odoo
KEPT_ROWS = {"ir_attachment": "coalesce(url, '') NOT LIKE '/web/assets/%%'"}


def kept(table):
    return sql.SQL(KEPT_ROWS.get(table, "TRUE"))


def connect(db):
    return psycopg2.connect(dbname=db)


def is_business(table):
    return table.startswith(BUSINESS_PREFIXES) or table in BUSINESS_TABLES


def tables(cr):
    cr.execute(
        """SELECT c.table_name, array_agg(c.column_name::text ORDER BY c.column_name)
             FROM information_schema.columns c
             JOIN information_schema.tables t USING (table_schema, table_name)
            WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
            GROUP BY c.table_name"""
    )
    found = dict(cr.fetchall())
    cr.execute("SELECT replace(model, '.', '_') FROM ir_model WHERE transient")
    for (transient,) in cr.fetchall():
        found.pop(transient, None)
    return found


def column_sums(cr, table, columns, max_id):
    """md5 of each column over the rows with id <= max_id, in id order.

    Rows of a module's data files (an xml id, noupdate off) are the module's
    to rewrite on an update: left out.
    """
    if not columns:
        return {}
    own_data = sql.SQL(
        "id NOT IN (SELECT d.res_id FROM ir_model_data d JOIN ir_model m"
        " ON m.model = d.model WHERE replace(m.model, '.', '_') = {}"
        " AND NOT coalesce(d.noupdate, false))"
    ).format(sql.Literal(table))
    parts = [
        sql.SQL(
            "md5(coalesce(string_agg({c}::text, E'\\x1f' ORDER BY id), ''))"
        ).format(c=sql.Identifier(column))
        for column in columns
    ]
    cr.execute(
        sql.SQL("SELECT {} FROM {} WHERE id <= %s AND {} AND {}").format(
            sql.SQL(", ").join(parts), sql.Identifier(table), kept(table), own_data
        ),
        [max_id],
    )
    return dict(zip(columns, cr.fetchone(), strict=True))


def files(cr, filestore):
    cr.execute(
        sql.SQL(
            "SELECT DISTINCT store_fname FROM ir_attachment "
            "WHERE store_fname IS NOT NULL AND {}"
        ).format(kept("ir_attachment"))
    )
    out = {}
    for (fname,) in cr.fetchall():
        path = Path(filestore) / fname
        out[fname] = (
            hashlib.sha1(path.read_bytes()).hexdigest() if path.is_file() else None
        )
    return out


def snapshot(db, filestore):
    with connect(db) as cnx, cnx.cursor() as cr:
        had_data = {}
        result = {"tables": {}, "sequences": {}, "had_data": had_data}
        for table, columns in sorted(tables(cr).items()):
            entry = {}
            if "id" in columns:
                cr.execute(
                    sql.SQL("SELECT id FROM {} WHERE {} ORDER BY id").format(
                        sql.Identifier(table), kept(table)
                    )
                )
                entry["ids"] = [row[0] for row in cr.fetchall()]
                if is_business(table):
                    compared = [c for c in columns if c not in IGNORED_COLUMNS]
                    entry["columns"] = column_sums(
                        cr, table, compared, max(entry["ids"], default=0)
                    )
                    for column in compared:
                        had_data[f"{table}.{column}"] = has_data(cr, table, column)
            else:
                cr.execute(
                    sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
                )
                entry["count"] = cr.fetchone()[0]
            result["tables"][table] = entry
        cr.execute("SELECT sequencename, coalesce(last_value, 0) FROM pg_sequences")
        result["sequences"] = dict(cr.fetchall())
        result["files"] = files(cr, filestore)
        result["schema"] = schema(cr)
        result["field_modules"] = field_modules(cr)
        result["modules"] = module_versions(cr)
    return result


def schema(cr):
    """{"table.column": data type} of the business tables."""
    cr.execute(
        """SELECT table_name || '.' || column_name, data_type
             FROM information_schema.columns WHERE table_schema = 'public'"""
    )
    return {
        name: kind for name, kind in cr.fetchall() if is_business(name.split(".")[0])
    }


def field_modules(cr):
    """{"table.column": the module that declares the field}."""
    cr.execute(
        """SELECT replace(f.model, '.', '_') || '.' || f.name, min(d.module)
             FROM ir_model_fields f
             JOIN ir_model_data d ON d.model = 'ir.model.fields' AND d.res_id = f.id
            WHERE f.store GROUP BY 1"""
    )
    return dict(cr.fetchall())


def module_versions(cr):
    cr.execute(
        "SELECT name, latest_version FROM ir_module_module WHERE state = 'installed'"
    )
    return dict(cr.fetchall())


def has_data(cr, table, column):
    cr.execute(
        sql.SQL("SELECT EXISTS(SELECT 1 FROM {} WHERE {} IS NOT NULL)").format(
            sql.Identifier(table), sql.Identifier(column)
        )
    )
    return cr.fetchone()[0]


def schema_problems(cr, before, allowed):
    """A schema change needs a new module version; dropping or retyping a
    column that holds data needs a migration that says so (changes.txt)."""
    problems, infos = [], []
    after, modules_after = schema(cr), module_versions(cr)
    owners = {**before["field_modules"], **field_modules(cr)}
    changed = {
        name: (before["schema"].get(name), after.get(name))
        for name in set(before["schema"]) | set(after)
        if before["schema"].get(name) != after.get(name)
    }
    unbumped = {}
    for name, (old, new) in sorted(changed.items()):
        module = owners.get(name) or before["field_modules"].get(name)
        if module and before["modules"].get(module) == modules_after.get(module):
            unbumped.setdefault(module, []).append(name)
        what = "added" if old is None else "dropped" if new is None else "retyped"
        infos.append(f"INFO: column {name} {what} ({old} -> {new}, {module})")
        if what != "added" and name not in allowed and before["had_data"].get(name):
            problems.append(
                f"LOST: column {name} {what} although it held data: move the data "
                f"in addons/{module}/migrations/<version>/ and list {name} in its "
                "changes.txt"
            )
    for module, names in sorted(unbumped.items()):
        problems.append(
            f"CONVENTION: {module} changes the schema ({', '.join(names[:5])}) "
            f"without a new version in addons/{module}/__manifest__.py"
        )
    return problems, infos


def compare(before, db, filestore, allowed):
    """(problems, infos) of the database now against ``before``."""
    problems, infos = [], []
    with connect(db) as cnx, cnx.cursor() as cr:
        now = tables(cr)
        for table, entry in sorted(before["tables"].items()):
            if table not in now:
                (problems if is_business(table) else infos).append(
                    f"{'LOST' if is_business(table) else 'INFO'}: table {table} is gone"
                )
                continue
            if "ids" in entry:
                ids = entry["ids"]
                cr.execute(
                    sql.SQL("SELECT id FROM {} WHERE id = ANY(%s)").format(
                        sql.Identifier(table)
                    ),
                    [ids],
                )
                gone = sorted(set(ids) - {row[0] for row in cr.fetchall()})
                if gone and is_business(table):
                    problems.append(f"LOST: {table}: {len(gone)} rows, ids {gone[:10]}")
                elif gone:
                    infos.append(f"INFO: {table}: {len(gone)} rows removed")
                common = [c for c in entry.get("columns", {}) if c in now[table]]
                sums = column_sums(cr, table, common, max(ids, default=0))
                for column in common:
                    if sums[column] == entry["columns"][column] or gone:
                        continue
                    name = f"{table}.{column}"
                    if name in allowed:
                        infos.append(f"INFO: {name} changed (declared)")
                    else:
                        problems.append(
                            f"CHANGED: {name} on rows kept from before "
                            "(declare it in migrations/<version>/changes.txt)"
                        )
                for column in sorted(set(entry.get("columns", {})) - set(now[table])):
                    infos.append(f"INFO: column {table}.{column} dropped")
            else:
                cr.execute(
                    sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
                )
                count = cr.fetchone()[0]
                if count < entry["count"] and is_business(table):
                    problems.append(f"LOST: {table}: {entry['count']} -> {count} rows")
        for table in sorted(set(now) - set(before["tables"])):
            infos.append(f"INFO: new table {table}")
        cr.execute("SELECT sequencename, coalesce(last_value, 0) FROM pg_sequences")
        for name, value in cr.fetchall():
            if value < before["sequences"].get(name, 0):
                problems.append(f"LOST: sequence {name} went back to {value}")
        more, notes = schema_problems(cr, before, allowed)
        problems += more
        infos += notes
        after_files = files(cr, filestore)
        for fname, digest in sorted(before["files"].items()):
            if digest and after_files.get(fname, digest) != digest:
                problems.append(
                    f"LOST: file {fname} of an attachment changed or is missing"
                )
    return problems, infos


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=("snapshot", "compare"))
    parser.add_argument("db")
    parser.add_argument("filestore")
    parser.add_argument("before", nargs="?", type=Path)
    parser.add_argument("--allow", nargs="*", default=[])
    args = parser.parse_args()
    if args.mode == "snapshot":
        json.dump(snapshot(args.db, args.filestore), sys.stdout)
        return 0
    before = json.loads(args.before.read_text())
    problems, infos = compare(before, args.db, args.filestore, set(args.allow))
    for line in infos if os.environ.get("UPGRADE_VERBOSE") else []:
        print("    " + line)
    for line in problems:
        print("    " + line)
    print(
        f"    compared {len(before['tables'])} tables, {len(before['files'])} files: "
        f"{len(problems)} problems, {len(infos)} notes"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
