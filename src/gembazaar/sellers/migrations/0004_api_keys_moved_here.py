"""SellerApiKey moves here from the sellerapi app: its table (sellerapi_sellerapikey) exists with
its rows, so this only takes it over in Django's state; its content type follows it."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


MOVED = ("sellerapikey",)


def content_types_to(app_label: str, from_label: str):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")  # noqa: N806
        ContentType.objects.filter(app_label=from_label, model__in=MOVED).update(app_label=app_label)
    return move


class Migration(migrations.Migration):

    dependencies = [
        ('sellerapi', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('sellers', '0003_invitations'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.SeparateDatabaseAndState(database_operations=[], state_operations=[
        migrations.CreateModel(
            name='SellerApiKey',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100, verbose_name='name')),
                ('prefix', models.CharField(db_index=True, max_length=8, verbose_name='prefix')),
                ('hashed_key', models.CharField(max_length=64, verbose_name='hashed key')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('last_used_at', models.DateTimeField(blank=True, null=True, verbose_name='last used at')),
                ('revoked_at', models.DateTimeField(blank=True, null=True, verbose_name='revoked at')),
                ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('seller', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='api_keys', to='sellers.seller')),
            ],
            options={
                'verbose_name': 'seller API key',
                'db_table': 'sellerapi_sellerapikey',
                'ordering': ['-created_at', '-id'],
            },
        ),
    ]),
        migrations.RunPython(content_types_to("sellers", "sellerapi"), content_types_to("sellerapi", "sellers")),
    ]
