"""Code lists of the casework: themes, statuses, scopes, data categories, legal bases."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Theme(models.TextChoices):
    ICO = "ico", _("ICO (integrated case consultation)")
    RADICALISATION = "radicalisering", _("Radicalisation")
    PGA = "pga", _("PGA / Top-X")
    CONFUSED_PERSONS = "verwarde_personen", _("Confused persons")
    DOMESTIC_VIOLENCE = "huiselijk_geweld", _("Domestic violence")
    YOUTH = "jeugd", _("Youth")
    NUISANCE = "overlast", _("Nuisance")


class Status(models.TextChoices):
    REGISTERED = "aangemeld", _("Registered")
    TRIAGE = "in_triage", _("In triage")
    ACCEPTED = "geaccepteerd", _("Accepted (to a table)")
    BILATERAL = "bilateraal", _("Bilateral")
    LOCAL = "lokaal_opgepakt", _("Picked up locally")
    NOT_ACCEPTED = "niet_opgepakt", _("Not picked up")
    PLAN = "plan_van_aanpak", _("Plan of action")
    MONITORING = "monitoring", _("Monitoring")
    STEPPED_DOWN = "afgeschaald", _("Stepped down")
    CLOSED = "afgesloten", _("Closed")


# The workflow: from each status, the statuses a case may move to.
TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.REGISTERED: frozenset({Status.TRIAGE}),
    Status.TRIAGE: frozenset(
        {Status.ACCEPTED, Status.BILATERAL, Status.LOCAL, Status.NOT_ACCEPTED}
    ),
    Status.ACCEPTED: frozenset({Status.PLAN, Status.CLOSED}),
    Status.BILATERAL: frozenset({Status.CLOSED}),
    Status.LOCAL: frozenset({Status.CLOSED}),
    Status.NOT_ACCEPTED: frozenset(),
    Status.PLAN: frozenset({Status.MONITORING, Status.STEPPED_DOWN, Status.CLOSED}),
    Status.MONITORING: frozenset({Status.PLAN, Status.STEPPED_DOWN, Status.CLOSED}),
    Status.STEPPED_DOWN: frozenset({Status.CLOSED}),
    Status.CLOSED: frozenset(),
}
# Transitions that need a written reason.
NEEDS_REASON = frozenset({Status.NOT_ACCEPTED, Status.STEPPED_DOWN, Status.CLOSED})
OPEN_STATUSES = frozenset(TRANSITIONS) - {Status.NOT_ACCEPTED, Status.CLOSED}
FINAL_STATUSES = frozenset({Status.NOT_ACCEPTED, Status.CLOSED})
# The statuses a triage decision leaves a case in (only triage moves a case there).
TRIAGE_OUTCOME_STATUSES = frozenset(
    {Status.ACCEPTED, Status.BILATERAL, Status.LOCAL, Status.NOT_ACCEPTED}
)


class Scope(models.TextChoices):
    PARTICIPANTS = "participants", _("All participants of the case")
    COORDINATION = "coordination", _("Process direction and the source")
    SOURCE = "source", _("Own organisation only")


class DataCategory(models.TextChoices):
    JUSTICE = "justice", _("Justice")
    POLICE = "police", _("Police")
    CARE = "care", _("Care")
    HOUSING = "housing", _("Housing")
    SCHOOL = "school", _("School")
    MUNICIPAL = "municipal", _("Municipal")


class LegalBasis(models.TextChoices):
    AVG_6_1_E = "avg_6_1_e", _("GDPR art. 6(1)(e): public task")
    AVG_6_1_C = "avg_6_1_c", _("GDPR art. 6(1)(c): legal obligation")
    WPG_16 = "wpg_16", _("Police Data Act art. 16 (covenant)")
    WJSG_39F = "wjsg_39f", _("Judicial Data Act art. 39f")
    WMO_5_1 = "wmo", _("Social Support Act (Wmo 2015)")
    JEUGDWET = "jeugdwet", _("Youth Act")
    CONSENT = "consent", _("Consent of the person")


class MeetingRhythm(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")
    MONTHLY = "monthly", _("Monthly")
    AS_NEEDED = "as_needed", _("As needed")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class SubjectInformedWhen(models.TextChoices):
    """When a table informs the subject that their case is discussed (AVG art. 13/14)."""

    AT_ACCEPTANCE = "at_acceptance", _("When the case is accepted")
    WITHIN_FOUR_WEEKS = "within_four_weeks", _("Within four weeks of acceptance")
    AT_PLAN = "at_plan", _("When the plan of action is set")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")
