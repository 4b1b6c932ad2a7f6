"""Fill ``Case.triaged_at`` and ``Case.plan_at`` (cases.0009) from the triage decisions and the
status changes already stored."""

from django.db import migrations
from django.db.models import Min, OuterRef, Subquery


def fill(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    StatusChange = apps.get_model("cases", "StatusChange")
    TriageDecision = apps.get_model("consultations", "TriageDecision")
    first_decision = (
        TriageDecision.objects.filter(case=OuterRef("pk"))
        .exclude(outcome="more_information")
        .order_by()
        .values("case")
        .annotate(first=Min("decided_at"))
        .values("first")
    )
    first_plan = (
        StatusChange.objects.filter(case=OuterRef("pk"), to_status="plan_van_aanpak")
        .order_by()
        .values("case")
        .annotate(first=Min("at"))
        .values("first")
    )
    Case.objects.filter(triaged_at__isnull=True).update(triaged_at=Subquery(first_decision))
    Case.objects.filter(plan_at__isnull=True).update(plan_at=Subquery(first_plan))


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_case_first_moments"),
        ("consultations", "0003_meetings_triage_minutes"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]
