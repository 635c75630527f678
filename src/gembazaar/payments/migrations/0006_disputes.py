# A slot of issue 16's work, kept in this order so the parts built side by side never fork the
# migration graph; filled in by its part (see payments/models/__init__.py).
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("payments", "0005_invoices"),
    ]

    operations = []
