"""Case tables move from the consultations app to cases: the rows stay in consultations_table,
only Django's view of which app owns them changes."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('consultations', '0001_case_tables'),
        ('accounts', '0003_two_factor_recovery'),
        ('cases', '0003_action_case_status_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.CreateModel(
            name='Table',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.SlugField(max_length=40, unique=True, verbose_name='code')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('theme', models.CharField(choices=[('ico', 'ICO (integrated case consultation)'), ('radicalisering', 'Radicalisation'), ('pga', 'PGA / Top-X'), ('verwarde_personen', 'Confused persons'), ('huiselijk_geweld', 'Domestic violence'), ('jeugd', 'Youth'), ('overlast', 'Nuisance')], max_length=32, verbose_name='theme')),
                ('data_categories', models.JSONField(blank=True, default=list, help_text='Codes: justice, police, care, housing, school, municipal', verbose_name='data categories members may see')),
                ('retention_months', models.PositiveSmallIntegerField(default=60, verbose_name='retention (months)')),
                ('subject_informed', models.BooleanField(default=True, verbose_name='subject is informed')),
                ('member_organisations', models.ManyToManyField(blank=True, related_name='tables', to='accounts.organisation', verbose_name='member organisations')),
                ('representatives', models.ManyToManyField(blank=True, related_name='tables', to=settings.AUTH_USER_MODEL, verbose_name='representatives')),
            ],
            options={
                'verbose_name': 'case table',
                'verbose_name_plural': 'case tables',
                'db_table': 'consultations_table',
                'ordering': ['name'],
            },
        ),
        migrations.AlterField(
            model_name='case',
            name='table',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='cases', to='cases.table', verbose_name='case table'),
        ),
            ],
            database_operations=[],
        ),
    ]
