"""The shipping zones and the platform's default flat rates (USD). Data: staff edit them in the admin."""

from decimal import Decimal

from django.db import migrations

ZONES = [
    ("pk", "Pakistan", "PK", False, 1),
    ("gulf", "Gulf", "AE,SA,KW,QA,BH,OM", False, 2),
    ("asia", "Asia", "AF,BD,BT,BN,KH,CN,HK,IN,ID,JP,KR,KG,KZ,LA,LK,MO,MM,MN,MV,MY,NP,PH,SG,TH,TJ,TM,TW,UZ,VN",
     False, 3),
    ("europe", "Europe", "AD,AL,AT,BA,BE,BG,BY,CH,CY,CZ,DE,DK,EE,ES,FI,FO,FR,GB,GI,GR,HR,HU,IE,IS,IT,LI,LT,LU,LV,"
     "MC,MD,ME,MK,MT,NL,NO,PL,PT,RO,RS,SE,SI,SK,SM,UA,VA", False, 4),
    ("north-america", "North America", "US,CA,MX", False, 5),
    ("rest-of-world", "Rest of world", "", True, 6),
]
# (zone, method, price USD, days min, days max)
RATES = [
    ("pk", "standard", "3.00", 2, 5), ("pk", "express", "8.00", 1, 2),
    ("gulf", "standard", "25.00", 5, 9), ("gulf", "express", "45.00", 2, 4),
    ("asia", "standard", "30.00", 6, 12), ("asia", "express", "55.00", 3, 5),
    ("europe", "standard", "35.00", 7, 14), ("europe", "express", "65.00", 3, 5),
    ("north-america", "standard", "35.00", 7, 14), ("north-america", "express", "65.00", 3, 5),
    ("rest-of-world", "standard", "45.00", 10, 21), ("rest-of-world", "express", "85.00", 4, 7),
]


def seed(apps, schema_editor):
    seed_into(apps.get_model("orders", "ShippingZone"), apps.get_model("orders", "ShippingRate"))


def seed_into(Zone, Rate):  # noqa: N803 (model classes)
    """Also called by gembazaar.testing with today's models (they moved to the shipping app)."""
    zones = {}
    for code, name, countries, row, position in ZONES:
        zones[code], _ = Zone.objects.get_or_create(
            code=code, defaults={"name": name, "countries": countries, "is_rest_of_world": row, "position": position})
    for code, method, price, dmin, dmax in RATES:
        Rate.objects.get_or_create(zone=zones[code], seller=None, method=method,
                                   defaults={"price": Decimal(price), "currency": "USD",
                                             "days_min": dmin, "days_max": dmax})


def unseed(apps, schema_editor):
    apps.get_model("orders", "ShippingZone").objects.filter(code__in=[z[0] for z in ZONES]).delete()


class Migration(migrations.Migration):
    dependencies = [("orders", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
