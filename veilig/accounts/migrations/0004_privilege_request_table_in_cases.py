"""A privilege request for a table names cases.Table now (the same rows)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_two_factor_recovery'),
        ('cases', '0004_case_tables_from_consultations'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.AlterField(
            model_name='privilegerequest',
            name='table',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='cases.table', verbose_name='case table'),
        ),
            ],
            database_operations=[],
        ),
    ]
