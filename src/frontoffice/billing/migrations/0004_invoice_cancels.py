"""A cancellation invoice names the invoice it cancels (one-to-one: cancelled once).

On SQLite, adding a column with a foreign key rebuilds the table, and the rebuilt table
has lost the trigger that refuses UPDATEs (0002): it is made again here. PostgreSQL keeps
its triggers through ADD COLUMN."""

import django.db.models.deletion
from django.db import migrations, models

TRIGGER = "billing_invoice_append_only"


def recreate_trigger(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER}")
    schema_editor.execute(
        f"CREATE TRIGGER {TRIGGER} BEFORE UPDATE ON billing_invoice "
        f"BEGIN SELECT RAISE(ABORT, 'billing_invoice is append-only'); END"
    )


class Migration(migrations.Migration):

    dependencies = [
        ("billing", "0003_billing_settings"),
    ]

    operations = [
        # Undone last when migrating back: removing the column rebuilds the table again.
        migrations.RunPython(migrations.RunPython.noop, recreate_trigger),
        migrations.AddField(
            model_name="invoice",
            name="cancels",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="cancelled_by",
                to="billing.invoice",
                verbose_name="cancels",
            ),
        ),
        migrations.RunPython(recreate_trigger, migrations.RunPython.noop),
    ]
