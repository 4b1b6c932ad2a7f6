"""Tables as the covenant, complete (issue #14, part 1).

The member organisations get a model of their own, ``TableMember``, over the table Django made
for the plain many-to-many (``consultations_table_member_organisations``): no row moves. Each
member gets a legal basis and its own data categories; the table's one list is copied onto
each of its members and then removed. The table gets a chair, a meeting rhythm, and when (or
why not) the subject is informed.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# The reason for tables that already did not inform the subject: the covenant must now say why.
_REASON_UNKNOWN = "Reden nog vast te leggen (overgenomen uit de eerdere configuratie)."


def categories_to_members(apps, schema_editor):
    Table = apps.get_model("cases", "Table")
    TableMember = apps.get_model("cases", "TableMember")
    for table in Table.objects.all():
        TableMember.objects.filter(table=table).update(
            data_categories=sorted(set(table.data_categories or []))
        )
    Table.objects.filter(subject_informed=False, subject_not_informed_reason="").update(
        subject_not_informed_reason=_REASON_UNKNOWN
    )


def categories_to_table(apps, schema_editor):
    """Back: the table gets the union of its members' categories (the old rule read it so)."""
    Table = apps.get_model("cases", "Table")
    TableMember = apps.get_model("cases", "TableMember")
    for table in Table.objects.all():
        codes: set[str] = set()
        for categories in TableMember.objects.filter(table=table).values_list(
            "data_categories", flat=True
        ):
            codes.update(categories or [])
        table.data_categories = sorted(codes)
        table.save(update_fields=["data_categories"])


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0004_privilege_request_table_in_cases"),
        ("cases", "0006_case_visit"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="TableMember",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("organisation", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="table_memberships", to="accounts.organisation", verbose_name="organisation")),
                        ("table", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="members", to="cases.table", verbose_name="case table")),
                    ],
                    options={
                        "verbose_name": "member organisation",
                        "verbose_name_plural": "member organisations",
                        "db_table": "consultations_table_member_organisations",
                        "ordering": ["organisation__name"],
                        "unique_together": {("table", "organisation")},
                    },
                ),
                migrations.AlterField(
                    model_name="table",
                    name="member_organisations",
                    field=models.ManyToManyField(blank=True, related_name="tables", through="cases.TableMember", to="accounts.organisation", verbose_name="member organisations"),
                ),
            ],
            database_operations=[],
        ),
        migrations.AddField(
            model_name="tablemember",
            name="legal_basis",
            field=models.CharField(blank=True, choices=[("avg_6_1_e", "GDPR art. 6(1)(e): public task"), ("avg_6_1_c", "GDPR art. 6(1)(c): legal obligation"), ("wpg_16", "Police Data Act art. 16 (covenant)"), ("wjsg_39f", "Judicial Data Act art. 39f"), ("wmo", "Social Support Act (Wmo 2015)"), ("jeugdwet", "Youth Act"), ("consent", "Consent of the person")], max_length=32, verbose_name="legal basis"),
        ),
        migrations.AddField(
            model_name="tablemember",
            name="data_categories",
            field=models.JSONField(blank=True, default=list, help_text="Codes: justice, police, care, housing, school, municipal", verbose_name="data categories this member may see"),
        ),
        migrations.AddField(
            model_name="table",
            name="chair",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="chaired_tables", to=settings.AUTH_USER_MODEL, verbose_name="chair"),
        ),
        migrations.AddField(
            model_name="table",
            name="meeting_rhythm",
            field=models.CharField(choices=[("weekly", "Weekly"), ("fortnightly", "Every two weeks"), ("monthly", "Monthly"), ("as_needed", "As needed")], default="as_needed", max_length=16, verbose_name="meeting rhythm"),
        ),
        migrations.AddField(
            model_name="table",
            name="meeting_weekday",
            field=models.PositiveSmallIntegerField(blank=True, choices=[(0, "Monday"), (1, "Tuesday"), (2, "Wednesday"), (3, "Thursday"), (4, "Friday"), (5, "Saturday"), (6, "Sunday")], null=True, verbose_name="meeting day"),
        ),
        migrations.AddField(
            model_name="table",
            name="subject_informed_when",
            field=models.CharField(blank=True, choices=[("at_acceptance", "When the case is accepted"), ("within_four_weeks", "Within four weeks of acceptance"), ("at_plan", "When the plan of action is set")], max_length=24, verbose_name="when the subject is informed"),
        ),
        migrations.AddField(
            model_name="table",
            name="subject_not_informed_reason",
            field=models.TextField(blank=True, verbose_name="why the subject is not informed"),
        ),
        migrations.RunPython(categories_to_members, categories_to_table),
        migrations.RemoveField(
            model_name="table",
            name="data_categories",
        ),
    ]
