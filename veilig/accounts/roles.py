"""The roles of DESIGN.md. A user holds one or more of them within one organisation."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Process director")
    PARTNER = "partner", _("Chain partner professional")
    TEAM_MEMBER = "team_member", _("Neighbourhood team member")
    ANALYST = "analyst", _("Information analyst")
    POLICY = "policy", _("Policy officer")
    PRIVACY_OFFICER = "privacy_officer", _("Privacy officer")
    ADMIN = "admin", _("Functional administrator")


class PartnerType(models.TextChoices):
    MUNICIPALITY = "gemeente", _("Municipality")
    POLICE = "politie", _("Police")
    PROSECUTION = "om", _("Public Prosecution Service")
    PROBATION = "reclassering", _("Probation service")
    MENTAL_HEALTH = "ggz", _("Mental health care")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")
    CHILD_PROTECTION = "rvdk", _("Child protection (RvdK / youth protection)")
    HOUSING = "woningcorporatie", _("Housing corporation")
    SOCIAL_TEAM = "sociaal_wijkteam", _("Social neighbourhood team")
    EDUCATION = "onderwijs", _("Education")
    OTHER = "overig", _("Other")
