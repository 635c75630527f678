"""Imitations become their own material imitating a variety (issue 14).

Until now glass imitating a ruby was stored as species corundum, variety ruby, so a corundum
filter returned glass and its HS code was wrong. The variety (or species) moves to `imitates`;
the species becomes what the stone is. The material of an old row was never recorded, so it
becomes "material not stated": shown as such to buyers, and the seller must name it on the next edit.
"""

from django.db import migrations, models

from gembazaar.catalogue import vocab
from gembazaar.core.sqlite_triggers import keep_sqlite_triggers

MATERIAL_NOT_STATED = vocab.MATERIAL_NOT_STATED


def forwards(apps, schema_editor):
    GemSpec = apps.get_model("catalogue", "GemSpec")
    for spec in GemSpec.objects.filter(nature=vocab.IMITATION).iterator(chunk_size=2000):
        spec.imitates = spec.variety or spec.species
        spec.species, spec.variety = MATERIAL_NOT_STATED, ""
        spec.save(update_fields=["imitates", "species", "variety"])


def backwards(apps, schema_editor):
    GemSpec = apps.get_model("catalogue", "GemSpec")
    for spec in GemSpec.objects.filter(nature=vocab.IMITATION).iterator(chunk_size=2000):
        owner = vocab.VARIETY_TO_SPECIES.get(spec.imitates)
        spec.species, spec.variety = (owner, spec.imitates) if owner else (spec.imitates, "")
        spec.imitates = ""
        spec.save(update_fields=["imitates", "species", "variety"])


KEEP_TRIGGERS, RESTORE_TRIGGERS = keep_sqlite_triggers("catalogue_gemspec")


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0010_listingimage_thumbnail_webp")]

    operations = [
        KEEP_TRIGGERS,
        migrations.AddField(
            model_name="gemspec", name="imitates",
            field=models.CharField(blank=True, max_length=30, verbose_name="imitates"),
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
        migrations.AlterField(
            model_name='gemspec',
            name='imitates',
            field=models.CharField(blank=True, choices=[('ruby', 'Ruby'), ('blue_sapphire', 'Blue sapphire'), ('pink_sapphire', 'Pink sapphire'), ('yellow_sapphire', 'Yellow sapphire'), ('padparadscha', 'Padparadscha sapphire'), ('colour_change_sapphire', 'Colour-change sapphire'), ('star_sapphire', 'Star sapphire'), ('star_ruby', 'Star ruby'), ('emerald', 'Emerald'), ('aquamarine', 'Aquamarine'), ('morganite', 'Morganite'), ('heliodor', 'Heliodor'), ('goshenite', 'Goshenite'), ('red_beryl', 'Red beryl'), ('alexandrite', 'Alexandrite'), ('cats_eye', "Cat's-eye chrysoberyl"), ('kunzite', 'Kunzite'), ('hiddenite', 'Hiddenite'), ('tanzanite', 'Tanzanite'), ('peridot', 'Peridot'), ('amethyst', 'Amethyst'), ('citrine', 'Citrine'), ('ametrine', 'Ametrine'), ('smoky_quartz', 'Smoky quartz'), ('rose_quartz', 'Rose quartz'), ('rock_crystal', 'Rock crystal'), ('rutilated_quartz', 'Rutilated quartz'), ('agate', 'Agate'), ('carnelian', 'Carnelian'), ('onyx', 'Onyx'), ('rubellite', 'Rubellite'), ('indicolite', 'Indicolite'), ('paraiba', 'Paraíba tourmaline'), ('watermelon', 'Watermelon tourmaline'), ('chrome_tourmaline', 'Chrome tourmaline'), ('green_tourmaline', 'Green tourmaline'), ('pyrope', 'Pyrope'), ('almandine', 'Almandine'), ('rhodolite', 'Rhodolite'), ('spessartine', 'Spessartine'), ('tsavorite', 'Tsavorite'), ('hessonite', 'Hessonite'), ('demantoid', 'Demantoid'), ('imperial_topaz', 'Imperial topaz'), ('pink_topaz', 'Pink topaz'), ('blue_topaz', 'Blue topaz'), ('sherry_topaz', 'Sherry topaz'), ('spinel', 'Spinel'), ('zircon', 'Zircon'), ('moonstone', 'Moonstone'), ('labradorite', 'Labradorite'), ('opal', 'Opal'), ('lapis_lazuli', 'Lapis lazuli'), ('turquoise', 'Turquoise'), ('jadeite', 'Jadeite'), ('nephrite', 'Nephrite'), ('pargasite', 'Pargasite'), ('scapolite', 'Scapolite'), ('diopside', 'Diopside'), ('diamond', 'Diamond')], max_length=30, verbose_name='imitates'),
        ),
        migrations.AlterField(
            model_name='gemspec',
            name='species',
            field=models.CharField(choices=[('corundum', 'Corundum'), ('beryl', 'Beryl'), ('chrysoberyl', 'Chrysoberyl'), ('spodumene', 'Spodumene'), ('zoisite', 'Zoisite'), ('olivine', 'Olivine'), ('quartz', 'Quartz'), ('chalcedony', 'Chalcedony'), ('tourmaline', 'Tourmaline'), ('garnet', 'Garnet'), ('topaz', 'Topaz'), ('spinel', 'Spinel'), ('zircon', 'Zircon'), ('feldspar', 'Feldspar'), ('opal', 'Opal'), ('lapis_lazuli', 'Lapis lazuli'), ('turquoise', 'Turquoise'), ('jade', 'Jade'), ('pargasite', 'Pargasite'), ('scapolite', 'Scapolite'), ('diopside', 'Diopside'), ('diamond', 'Diamond'), ('glass', 'Glass'), ('plastic', 'Plastic / resin'), ('cubic_zirconia', 'Cubic zirconia'), ('synthetic_spinel', 'Synthetic spinel'), ('synthetic_corundum', 'Synthetic corundum'), ('howlite', 'Howlite'), ('material_not_stated', 'Material not stated')], max_length=30, verbose_name='species'),
        ),
        migrations.AddConstraint(
            model_name='gemspec',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('imitates__gt', ''), ('nature', 'imitation')), models.Q(models.Q(('nature', 'imitation'), _negated=True), ('imitates', '')), _connector='OR'), name='gem_imitates_iff_imitation'),
        ),
        migrations.AddConstraint(
            model_name='gemspec',
            constraint=models.CheckConstraint(condition=models.Q(('nature', 'imitation'), models.Q(('species__in', ['glass', 'plastic', 'cubic_zirconia', 'synthetic_spinel', 'synthetic_corundum', 'howlite', 'material_not_stated']), _negated=True), _connector='OR'), name='gem_material_is_imitation'),
        ),
        RESTORE_TRIGGERS,
    ]
