"""Seed the FX history with the indicative table core.fx used before (source "indicative seed"),
so reference prices, search in other currencies and the demo work on a fresh database."""

from datetime import datetime, timezone
from decimal import Decimal

from django.db import migrations

SEED_AT = datetime(2026, 1, 1, tzinfo=timezone.utc)
SEED = {
    "PKR": "281.50", "EUR": "0.92", "GBP": "0.79", "AED": "3.6725", "SAR": "3.75", "CNY": "7.24", "JPY": "151.0",
    "HKD": "7.82", "THB": "35.9", "INR": "84.1", "CHF": "0.88", "SGD": "1.34", "AFN": "70.5", "KWD": "0.307",
    "USD": "1",
}


def seed(apps, schema_editor):
    FXRate = apps.get_model("pricing", "FXRate")
    FXRate.objects.bulk_create([FXRate(currency=c, per_usd=Decimal(v), source="indicative seed", effective_at=SEED_AT)
                                for c, v in SEED.items()])


def unseed(apps, schema_editor):
    apps.get_model("pricing", "FXRate").objects.filter(source="indicative seed").delete()


class Migration(migrations.Migration):
    dependencies = [("pricing", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
