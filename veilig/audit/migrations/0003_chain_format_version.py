"""The chain head records the canonical form its chain is written in.

Chains started before this migration keep format 1 (numbers as JSON numbers) so that they stay
verifiable; an empty chain starts in format 2 (every value a JSON string), see audit/chain.py.
"""

from django.db import migrations, models


def empty_chain_starts_in_format_2(apps, schema_editor):
    head_model = apps.get_model("audit", "AuditChainHead")
    head_model.objects.filter(seq=0).update(format_version=2)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]

    operations = [
        migrations.AddField(
            model_name="auditchainhead",
            name="format_version",
            field=models.PositiveSmallIntegerField(default=1),
        ),
        migrations.RunPython(empty_chain_starts_in_format_2, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditchainhead",
            name="format_version",
            field=models.PositiveSmallIntegerField(default=2),
        ),
    ]
