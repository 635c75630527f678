"""Loads the shipped duty-rate table (shipping/data/duty_rates.csv)."""

from django.db import migrations

from gembazaar.shipping import duty_table


def load(apps, schema_editor):
    duty_table.load(apps.get_model("shipping", "DutyRate"), apps.get_model("shipping", "DutyRateChange"),
                    duty_table.read_rows())


class Migration(migrations.Migration):
    dependencies = [("shipping", "0002_duty_rates")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
