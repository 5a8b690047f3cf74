"""Keep the title and body vectors of Wagtail's search index in the row (PostgreSQL only).

A row of the index table holds the title and body vectors and their plain
text, and is usually over PostgreSQL's 2 kB limit for keeping values in the
row. The body vector, which does not compress, then goes out of line, and
ranking a match reads it back from there: for a word on 9,000 items at
10,000, reading the body vectors took 45 ms out of line and 10 ms in the row.
Storage MAIN keeps the vectors in the row unless the row would not fit a
page; the plain text still compresses and goes out of line.

The setting applies to values written from now on, so the existing rows are
written again here (concatenating an empty vector makes a new, equal value).
"""

from django.db import migrations

COLUMNS = ("title", "body")


def set_storage(apps, schema_editor, storage, rewrite):
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    table = quote(apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table)
    alterations = ", ".join(f"ALTER COLUMN {quote(column)} SET STORAGE {storage}" for column in COLUMNS)
    schema_editor.execute(f"ALTER TABLE {table} {alterations}")
    if rewrite:
        assignments = ", ".join(f"{quote(column)} = {quote(column)} || ''::tsvector" for column in COLUMNS)
        schema_editor.execute(f"UPDATE {table} SET {assignments}")  # noqa: S608 - fixed names only


def keep_in_row(apps, schema_editor):
    set_storage(apps, schema_editor, "MAIN", rewrite=True)


def allow_out_of_line(apps, schema_editor):
    set_storage(apps, schema_editor, "EXTENDED", rewrite=False)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0005_index_entry_document_index"),
    ]

    operations = [migrations.RunPython(keep_in_row, allow_out_of_line)]
