"""Case tables now belong to cases (cases.0004); the rows stay where they are."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_privilege_request_table_in_cases'),
        ('cases', '0004_case_tables_from_consultations'),
        ('consultations', '0001_case_tables'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.DeleteModel(
            name='Table',
        ),
            ],
            database_operations=[],
        ),
    ]
