"""Every checkout placed before payments existed gets its payment (later ones get it when placed:
payments/receivers.py), due its grand total in its currency under its reference."""

from django.db import migrations


def open_payments(apps, schema_editor):
    Checkout, Payment = apps.get_model("orders", "Checkout"), apps.get_model("payments", "Payment")
    missing = Checkout.objects.filter(payments__isnull=True)
    Payment.objects.bulk_create(
        [Payment(checkout=checkout, provider="bank_transfer", reference=checkout.reference,
                 amount_due=checkout.grand_total, currency=checkout.currency, created_at=checkout.created_at)
         for checkout in missing.only("pk", "reference", "grand_total", "currency", "created_at").iterator()],
        batch_size=1000, ignore_conflicts=True)


class Migration(migrations.Migration):

    dependencies = [
        ("payments", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(open_payments, migrations.RunPython.noop, elidable=True),
    ]
