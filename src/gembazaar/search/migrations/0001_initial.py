"""The search models move here from the catalogue: their tables (catalogue_searchchange, filled by
the catalogue's triggers, and catalogue_searchword) exist with their rows, so this only takes them
over in Django's state; their content types follow them."""

import django.utils.timezone
from django.db import migrations, models


MOVED = ('searchchange', 'searchword')


def content_types_to(app_label: str, from_label: str):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")  # noqa: N806
        ContentType.objects.filter(app_label=from_label, model__in=MOVED).update(app_label=app_label)
    return move


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('catalogue', '0006_listing_price_table'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [migrations.SeparateDatabaseAndState(database_operations=[], state_operations=[
        migrations.CreateModel(
            name='SearchChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('listing_id', models.BigIntegerField(null=True)),
                ('seller_id', models.BigIntegerField(null=True)),
                ('token', models.BigIntegerField(default=0)),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
            ],
            options={
                'db_table': 'catalogue_searchchange',
            },
        ),
        migrations.CreateModel(
            name='SearchWord',
            fields=[
                ('word', models.CharField(max_length=30, primary_key=True, serialize=False)),
            ],
            options={
                'db_table': 'catalogue_searchword',
            },
        ),
    ]),
        migrations.RunPython(content_types_to('search', 'catalogue'), content_types_to('catalogue', 'search')),
    ]
