"""The shipping models move here from the orders app: their tables (orders_shippingzone,
orders_shippingrate) already exist with their rows, so this only takes them over in Django's state.
Nothing is created, copied or renamed; orders/0004 lets go of them the same way. The content
types follow the models, so staff permissions and admin history on zones and rates are kept."""

import django.db.models.deletion
from django.db import migrations, models


MOVED = ("shippingzone", "shippingrate")


def content_types_to(app_label: str, from_label: str):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")  # noqa: N806
        ContentType.objects.filter(app_label=from_label, model__in=MOVED).update(app_label=app_label)
    return move


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('sellers', '0003_invitations'),
        ('orders', '0003_cart_last_checkout'),  # the tables exist from here on
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [migrations.SeparateDatabaseAndState(database_operations=[], state_operations=[
        migrations.CreateModel(
            name='ShippingZone',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.SlugField(max_length=20, unique=True, verbose_name='code')),
                ('name', models.CharField(max_length=80, verbose_name='name')),
                ('countries', models.TextField(blank=True, verbose_name='countries')),
                ('is_rest_of_world', models.BooleanField(default=False, verbose_name='rest of world')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
            ],
            options={
                'db_table': 'orders_shippingzone',
                'ordering': ['position', 'code'],
                'constraints': [models.UniqueConstraint(condition=models.Q(('is_rest_of_world', True)), fields=('is_rest_of_world',), name='shipping_zone_one_rest_of_world')],
            },
        ),
        migrations.CreateModel(
            name='ShippingRate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('method', models.CharField(choices=[('standard', 'Standard'), ('express', 'Express')], max_length=10, verbose_name='method')),
                ('price', models.DecimalField(decimal_places=3, max_digits=12, verbose_name='price')),
                ('currency', models.CharField(default='USD', max_length=3, verbose_name='currency')),
                ('days_min', models.PositiveSmallIntegerField(default=3, verbose_name='days (min)')),
                ('days_max', models.PositiveSmallIntegerField(default=10, verbose_name='days (max)')),
                ('seller', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='shipping_rates', to='sellers.seller')),
                ('zone', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='rates', to='shipping.shippingzone')),
            ],
            options={
                'db_table': 'orders_shippingrate',
                'ordering': ['zone__position', 'method'],
                'constraints': [models.UniqueConstraint(fields=('zone', 'seller', 'method'), name='shipping_rate_unique'), models.UniqueConstraint(condition=models.Q(('seller__isnull', True)), fields=('zone', 'method'), name='shipping_rate_default_unique'), models.CheckConstraint(condition=models.Q(('price__gte', 0)), name='shipping_rate_price_not_negative'), models.CheckConstraint(condition=models.Q(('method__in', ['standard', 'express'])), name='shipping_rate_method_valid'), models.CheckConstraint(condition=models.Q(('days_max__gte', models.F('days_min'))), name='shipping_rate_days_order')],
            },
        ),
    ]),
        migrations.RunPython(content_types_to("shipping", "orders"), content_types_to("orders", "shipping")),
    ]
