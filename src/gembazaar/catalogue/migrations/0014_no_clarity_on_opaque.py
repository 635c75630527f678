"""Opaque material takes no clarity grade (issue 14): grades stored on lapis, turquoise, agate,
onyx, jade or howlite before validation refused them are cleared, so the next edit passes."""

from django.db import migrations
from django.db.models import Q

from gembazaar.catalogue import vocab


def clear(apps, schema_editor):
    GemSpec = apps.get_model("catalogue", "GemSpec")
    opaque = Q(species__in=vocab.OPAQUE_SPECIES) | Q(variety__in=vocab.OPAQUE_VARIETIES)
    GemSpec.objects.filter(opaque).exclude(clarity="").update(clarity="")


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0013_listing_origin_review")]

    operations = [migrations.RunPython(clear, migrations.RunPython.noop, elidable=False)]
