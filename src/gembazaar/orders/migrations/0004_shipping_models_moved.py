"""The shipping models moved to the shipping app (shipping/0001): Django's state lets go of them
here; the tables and their rows stay where they are, now owned by the shipping app."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('orders', '0003_cart_last_checkout'),
        ('shipping', '0001_initial'),
    ]

    operations = [migrations.SeparateDatabaseAndState(database_operations=[], state_operations=[
        migrations.DeleteModel(
            name='ShippingRate',
        ),
        migrations.DeleteModel(
            name='ShippingZone',
        ),
    ])]
