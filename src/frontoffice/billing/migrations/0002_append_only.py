"""The database refuses to change a posted ledger entry, a receipt or an issued invoice.

Updates only: deleting is refused by the code (no service deletes; entries are PROTECTed by
their folio) and a test database is emptied with DELETE on SQLite."""

from django.db import migrations

TABLES = ("billing_entry", "billing_receipt", "billing_invoice")


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            """
            CREATE OR REPLACE FUNCTION billing_append_only() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION '% is append-only: post a reversing entry instead',
                    TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
            END
            $$ LANGUAGE plpgsql
            """,
            params=None,  # no client-side interpolation: the % is plpgsql's placeholder
        )
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION billing_append_only()"
            )
    elif vendor == "sqlite":
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )
    else:
        raise NotImplementedError(vendor)


def drop(apps, schema_editor):
    for table in TABLES:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        else:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS billing_append_only()")


class Migration(migrations.Migration):
    dependencies = [("billing", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
