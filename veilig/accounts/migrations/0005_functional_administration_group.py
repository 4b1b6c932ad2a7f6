"""The permission set of the functional administrator: the group "Functioneel beheer".

Users with the role ``admin`` (active, staff) get exactly this group's permissions
(``veilig.accounts.permissions``); they are not made members of it. A superuser may change the
group's permissions in /beheer/; nobody else can. The lists are copied here on purpose: a
migration must mean the same thing whenever it runs.
"""

from django.db import migrations

GROUP = "Functioneel beheer"
ALL = ("view", "add", "change", "delete")
# (app label, model, verbs). No deletion of users, organisations or case tables: the access log
# and the cases refer to them. Deciding a privilege request is its "change" permission.
PERMISSIONS = [
    ("accounts", "user", ("view", "add", "change")),
    ("accounts", "organisation", ("view", "add", "change")),
    ("accounts", "userrole", ALL),
    ("accounts", "privilegerequest", ("view", "change")),
    ("cases", "table", ("view", "add", "change")),
    ("signals", "category", ALL),
    ("signals", "routingrule", ALL),
    ("signals", "team", ALL),
    ("signals", "teammembership", ALL),
    ("signals", "earlywarningrule", ALL),
    ("geo", "area", ("view", "change")),
    ("events", "eventsource", ALL),
]


def _create_permissions(apps):
    """On a new database the permissions are made after all migrations (post_migrate): make
    them now for the apps named above, so that the group can hold them."""
    from django.contrib.auth.management import create_permissions

    for label in sorted({label for label, _model, _verbs in PERMISSIONS}):
        config = apps.get_app_config(label)
        original = getattr(config, "models_module", None)  # none in a migration's apps
        config.models_module = original or True
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = original


def create_group(apps, schema_editor):
    _create_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP)
    group.permissions.set(
        Permission.objects.get(content_type__app_label=label, codename=f"{verb}_{model}")
        for label, model, verbs in PERMISSIONS
        for verb in verbs
    )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_privilege_request_table_in_cases"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("cases", "0004_case_tables_from_consultations"),
        ("signals", "0002_seed_categories_and_rules"),
        ("geo", "0002_area_name_allowed_characters"),
        ("events", "0004_import_progress_in_database"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
