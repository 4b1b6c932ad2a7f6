"""Seed the signal category tree and the three standard early-warning rules (as data)."""

from django.db import migrations

# (code, name, restricted, event themes, children [(code, name)])
CATEGORIES = [
    (
        "overlast-jeugd",
        "Overlast jeugd",
        False,
        ["overlast_jeugd", "jeugdoverlast"],
        [
            ("overlast-jeugd-hangen", "Hinderlijk hangen"),
            ("overlast-jeugd-intimidatie", "Intimidatie"),
        ],
    ),
    (
        "drugsoverlast",
        "Drugsoverlast",
        False,
        ["drugs", "drugsoverlast"],
        [
            ("drugsoverlast-handel", "Handel op straat"),
            ("drugsoverlast-gebruik", "Gebruik op straat"),
        ],
    ),
    ("verward-gedrag", "Verward gedrag", False, ["verward_gedrag", "e33"], []),
    ("woninginbraak", "Woninginbraak", False, ["woninginbraak"], []),
    ("vernieling", "Vernieling", False, ["vernieling"], []),
    ("overlast-personen", "Overlast personen", False, ["overlast_personen"], []),
    (
        "woonoverlast",
        "Woonoverlast",
        False,
        ["woonoverlast"],
        [
            ("woonoverlast-geluid", "Geluid"),
            ("woonoverlast-vervuiling", "Vervuiling en stank"),
        ],
    ),
    ("ondermijning", "Ondermijning", False, ["ondermijning"], []),
    ("radicalisering", "Radicalisering", True, [], []),
    ("overig", "Overig", False, [], []),
]

RULES = [
    (
        "Adres of persoon: 3 signalen uit 2 bronnen in 30 dagen",
        "repeat_subject",
        {"min_count": 3, "min_sources": 2, "days": 30},
        "coordinator",
    ),
    (
        "Verward gedrag: 2 keer op hetzelfde adres in 14 dagen",
        "repeat_address_category",
        {"category": "verward-gedrag", "min_count": 2, "days": 14},
        "team",
    ),
    (
        "Woninginbraken: 3 binnen 200 m in 7 dagen",
        "spatial_burst",
        {"category": "woninginbraak", "min_count": 3, "radius_m": 200, "days": 7},
        "team",
    ),
]


def seed(apps, schema_editor):
    Category = apps.get_model("signals", "Category")
    Rule = apps.get_model("signals", "EarlyWarningRule")
    for position, (code, name, restricted, themes, children) in enumerate(CATEGORIES, start=1):
        parent, _ = Category.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "restricted": restricted,
                "event_themes": themes,
                "position": position * 10,
            },
        )
        for offset, (child_code, child_name) in enumerate(children, start=1):
            Category.objects.get_or_create(
                code=child_code,
                defaults={
                    "name": child_name,
                    "parent": parent,
                    "restricted": restricted,
                    "position": position * 10 + offset,
                },
            )
    for name, kind, parameters, recipient in RULES:
        Rule.objects.get_or_create(
            kind=kind, name=name, defaults={"parameters": parameters, "recipient": recipient}
        )


def unseed(apps, schema_editor):
    Rule = apps.get_model("signals", "EarlyWarningRule")
    Rule.objects.filter(name__in=[name for name, *_ in RULES]).delete()
    # Categories stay: signals may refer to them (PROTECT).


class Migration(migrations.Migration):
    dependencies = [("signals", "0001_teams_signals_routing_early_warning")]

    operations = [migrations.RunPython(seed, unseed)]
