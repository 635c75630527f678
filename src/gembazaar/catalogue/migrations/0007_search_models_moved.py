"""SearchChange and SearchWord moved to the search app (search/0001); the tables and rows stay."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0001_initial'),
        ('catalogue', '0006_listing_price_table'),
    ]

    operations = [migrations.SeparateDatabaseAndState(database_operations=[], state_operations=[
        migrations.DeleteModel(
            name='SearchChange',
        ),
        migrations.DeleteModel(
            name='SearchWord',
        ),
    ])]
