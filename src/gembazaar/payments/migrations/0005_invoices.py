# A slot of issue 16's work, kept in this order so the parts built side by side never fork the
# migration graph; filled in by its part (see payments/models/__init__.py): invoices and their
# gap-free per-seller numbers.
import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("payments", "0004_payouts"),
    ]

    operations = [
        migrations.CreateModel(
            name="InvoiceCounter",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                ("last_number", models.PositiveIntegerField(default=0, verbose_name="last number")),
                ("seller", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                             to="sellers.seller")),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("seller", "year"),
                                                        name="invoice_counter_one_per_seller_year")],
            },
        ),
        migrations.CreateModel(
            name="Invoice",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                ("sequence", models.PositiveIntegerField(verbose_name="sequence")),
                ("number", models.CharField(max_length=30, unique=True, verbose_name="invoice number")),
                ("issued_at", models.DateTimeField(db_index=True, default=django.utils.timezone.now,
                                                   verbose_name="issued at")),
                ("snapshot", models.JSONField(verbose_name="what the invoice says")),
                ("order", models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name="invoice",
                                               to="orders.order")),
                ("seller", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="invoices",
                                             to="sellers.seller")),
            ],
            options={
                "ordering": ["-issued_at", "-id"],
                "constraints": [
                    models.UniqueConstraint(fields=("seller", "year", "sequence"), name="invoice_sequence_once"),
                    models.CheckConstraint(condition=models.Q(("sequence__gte", 1)),
                                           name="invoice_sequence_positive"),
                ],
            },
        ),
    ]
