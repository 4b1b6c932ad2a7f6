"""Chains started from now on use canonical format 3 (fields behind a unit separator).

A chain keeps the format it was started in, so only an empty chain moves to format 3; a chain
with rows stays in format 1 or 2 and stays verifiable (see audit/chain.py and docs/audit.md).
"""

from django.db import migrations, models


def empty_chain_starts_in_format_3(apps, schema_editor):
    head_model = apps.get_model("audit", "AuditChainHead")
    head_model.objects.filter(seq=0).update(format_version=3)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_chain_format_version")]

    operations = [
        migrations.AlterField(
            model_name="auditchainhead",
            name="format_version",
            field=models.PositiveSmallIntegerField(default=3),
        ),
        migrations.RunPython(empty_chain_starts_in_format_3, migrations.RunPython.noop),
    ]
