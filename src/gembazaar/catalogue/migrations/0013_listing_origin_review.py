"""An origin the locality vocabulary does not know for the stone is held for the council (issue 14).

Existing natural stones claiming such a place (a ruby from Mingora) are held too, one UPDATE per
locality, so the council's queue starts with what is already listed.
"""

from django.db import migrations, models
from django.db.models import Q

from gembazaar.catalogue import vocab
from gembazaar.core.sqlite_triggers import keep_sqlite_triggers

KEEP_TRIGGERS, RESTORE_TRIGGERS = keep_sqlite_triggers("catalogue_listing")
# Variety → the variety a locality lists for it (validation.VARIETY_FAMILY, frozen here).
FAMILY = {"star_ruby": "ruby", "star_sapphire": "blue_sapphire"}


def hold_unusual_origins(apps, schema_editor):
    Listing = apps.get_model("catalogue", "Listing")
    GemSpec = apps.get_model("catalogue", "GemSpec")
    for place in vocab.LOCALITIES:
        known = set(place.known_for)
        varieties = known | {variety for variety, family in FAMILY.items() if family in known}
        usual = Q(variety__in=varieties) | Q(species__in=known)
        unusual = GemSpec.objects.filter(nature="natural").exclude(usual).values("listing_id")
        Listing.objects.filter(origin_locality=place.code, pk__in=unusual).update(origin_review="held")


class Migration(migrations.Migration):

    dependencies = [
        ('catalogue', '0012_vocabulary_corrections'),
        ('sellers', '0004_api_keys_moved_here'),
    ]

    operations = [
        KEEP_TRIGGERS,
        migrations.AddField(
            model_name='listing',
            name='origin_review',
            field=models.CharField(blank=True, choices=[('', 'Nothing to review'), ('held', 'Held for council review'), ('accepted', 'Accepted by the council')], default='', max_length=10, verbose_name='origin review'),
        ),
        migrations.AddIndex(
            model_name='listing',
            index=models.Index(condition=models.Q(('origin_review', 'held')), fields=['updated_at'], name='listing_origin_held_idx'),
        ),
        migrations.RunPython(hold_unusual_origins, migrations.RunPython.noop, elidable=False),
        RESTORE_TRIGGERS,
    ]
