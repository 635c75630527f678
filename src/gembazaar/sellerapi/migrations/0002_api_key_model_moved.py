"""SellerApiKey moved to the sellers app (sellers/0004); the table and its rows stay."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('sellers', '0004_api_keys_moved_here'),
        ('sellerapi', '0001_initial'),
    ]

    operations = [migrations.SeparateDatabaseAndState(database_operations=[], state_operations=[
        migrations.DeleteModel(
            name='SellerApiKey',
        ),
    ])]
