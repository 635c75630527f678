"""Vocabulary corrections of issue 14: treatment codes as AGTA writes them, jade as two minerals.

- `S` (stabilisation) is not an AGTA code: AGTA files it under `I` (impregnation).
- Heating with a visible residue is the two codes `H F`, not a code `HF`.
- 24K gold may be 995 fine as well as 999 (the constraint on karat and fineness follows).
- A rough natural diamond records its Kimberley Process certificate (`kp_certificate`).
- Jade is two minerals: jade/jadeite becomes species jadeite, jade/nephrite nephrite; a jade whose
  mineral was never stated keeps the code `jade`, shown as "jadeite or nephrite not stated" and
  refused on the next write until the seller says which.
"""

from django.db import migrations, models

from gembazaar.catalogue import vocab
from gembazaar.core.sqlite_triggers import keep_sqlite_triggers

FORWARD_CODES = {"S": ("I",), "HF": ("H", "F")}


def _normalised(codes: list[str], order: dict[str, int]) -> str:
    unique = dict.fromkeys(codes)
    return ",".join(sorted(unique, key=lambda code: order.get(code, len(order))))


def forwards(apps, schema_editor):
    GemSpec = apps.get_model("catalogue", "GemSpec")
    order = vocab.TREATMENT_ORDER
    for spec in GemSpec.objects.filter(treatments__regex=r"(^|,)(S|HF)(,|$)").iterator(chunk_size=2000):
        codes = [new for code in spec.treatments.split(",") for new in FORWARD_CODES.get(code, (code,))]
        spec.treatments = _normalised(codes, order)
        spec.save(update_fields=["treatments"])
    GemSpec.objects.filter(species="jade", variety="jadeite").update(species="jadeite", variety="")
    GemSpec.objects.filter(species="jade", variety="nephrite").update(species="nephrite", variety="")


def backwards(apps, schema_editor):
    GemSpec = apps.get_model("catalogue", "GemSpec")
    GemSpec.objects.filter(species="jadeite").update(species="jade", variety="jadeite")
    GemSpec.objects.filter(species="nephrite").update(species="jade", variety="nephrite")
    # H,F and I stay as they are: the old vocabulary accepted them too.


KEEP_TRIGGERS, RESTORE_TRIGGERS = keep_sqlite_triggers("catalogue_gemspec", "catalogue_jewelryspec",
                                                      "catalogue_listing")


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0011_gemspec_imitates")]

    operations = [
        KEEP_TRIGGERS,
        migrations.RunPython(forwards, backwards, elidable=False),
        migrations.RemoveConstraint(
            model_name='gemspec',
            name='gem_variety_of_species',
        ),
        migrations.RemoveConstraint(
            model_name='jewelryspec',
            name='jewelry_fineness_fits_metal',
        ),
        migrations.RemoveConstraint(
            model_name='jewelryspec',
            name='jewelry_karat_agrees',
        ),
        migrations.AddField(
            model_name='gemspec',
            name='kp_certificate',
            field=models.CharField(blank=True, max_length=40, verbose_name='Kimberley Process certificate'),
        ),
        migrations.AlterField(
            model_name='gemspec',
            name='imitates',
            field=models.CharField(blank=True, choices=[('ruby', 'Ruby'), ('blue_sapphire', 'Blue sapphire'), ('pink_sapphire', 'Pink sapphire'), ('yellow_sapphire', 'Yellow sapphire'), ('padparadscha', 'Padparadscha sapphire'), ('colour_change_sapphire', 'Colour-change sapphire'), ('star_sapphire', 'Star sapphire'), ('star_ruby', 'Star ruby'), ('emerald', 'Emerald'), ('aquamarine', 'Aquamarine'), ('morganite', 'Morganite'), ('heliodor', 'Heliodor'), ('goshenite', 'Goshenite'), ('red_beryl', 'Red beryl'), ('alexandrite', 'Alexandrite'), ('cats_eye', "Cat's-eye chrysoberyl"), ('kunzite', 'Kunzite'), ('hiddenite', 'Hiddenite'), ('tanzanite', 'Tanzanite'), ('peridot', 'Peridot'), ('amethyst', 'Amethyst'), ('citrine', 'Citrine'), ('ametrine', 'Ametrine'), ('smoky_quartz', 'Smoky quartz'), ('rose_quartz', 'Rose quartz'), ('rock_crystal', 'Rock crystal'), ('rutilated_quartz', 'Rutilated quartz'), ('agate', 'Agate'), ('carnelian', 'Carnelian'), ('onyx', 'Onyx'), ('rubellite', 'Rubellite'), ('indicolite', 'Indicolite'), ('paraiba', 'Paraíba tourmaline'), ('watermelon', 'Watermelon tourmaline'), ('chrome_tourmaline', 'Chrome tourmaline'), ('green_tourmaline', 'Green tourmaline'), ('pyrope', 'Pyrope'), ('almandine', 'Almandine'), ('rhodolite', 'Rhodolite'), ('spessartine', 'Spessartine'), ('tsavorite', 'Tsavorite'), ('hessonite', 'Hessonite'), ('demantoid', 'Demantoid'), ('imperial_topaz', 'Imperial topaz'), ('pink_topaz', 'Pink topaz'), ('blue_topaz', 'Blue topaz'), ('sherry_topaz', 'Sherry topaz'), ('spinel', 'Spinel'), ('zircon', 'Zircon'), ('moonstone', 'Moonstone'), ('labradorite', 'Labradorite'), ('opal', 'Opal'), ('lapis_lazuli', 'Lapis lazuli'), ('turquoise', 'Turquoise'), ('jadeite', 'Jadeite (jade)'), ('nephrite', 'Nephrite (jade)'), ('pargasite', 'Pargasite'), ('scapolite', 'Scapolite'), ('diopside', 'Diopside'), ('diamond', 'Diamond')], max_length=30, verbose_name='imitates'),
        ),
        migrations.AlterField(
            model_name='gemspec',
            name='species',
            field=models.CharField(choices=[('corundum', 'Corundum'), ('beryl', 'Beryl'), ('chrysoberyl', 'Chrysoberyl'), ('spodumene', 'Spodumene'), ('zoisite', 'Zoisite'), ('olivine', 'Olivine'), ('quartz', 'Quartz'), ('chalcedony', 'Chalcedony'), ('tourmaline', 'Tourmaline'), ('garnet', 'Garnet'), ('topaz', 'Topaz'), ('spinel', 'Spinel'), ('zircon', 'Zircon'), ('feldspar', 'Feldspar'), ('opal', 'Opal'), ('lapis_lazuli', 'Lapis lazuli'), ('turquoise', 'Turquoise'), ('jadeite', 'Jadeite (jade)'), ('nephrite', 'Nephrite (jade)'), ('jade', 'Jade (jadeite or nephrite not stated)'), ('pargasite', 'Pargasite'), ('scapolite', 'Scapolite'), ('diopside', 'Diopside'), ('diamond', 'Diamond'), ('glass', 'Glass'), ('plastic', 'Plastic / resin'), ('cubic_zirconia', 'Cubic zirconia'), ('synthetic_spinel', 'Synthetic spinel'), ('synthetic_corundum', 'Synthetic corundum'), ('howlite', 'Howlite'), ('material_not_stated', 'Material not stated')], max_length=30, verbose_name='species'),
        ),
        migrations.AlterField(
            model_name='gemspec',
            name='variety',
            field=models.CharField(blank=True, choices=[('ruby', 'Ruby'), ('blue_sapphire', 'Blue sapphire'), ('pink_sapphire', 'Pink sapphire'), ('yellow_sapphire', 'Yellow sapphire'), ('padparadscha', 'Padparadscha sapphire'), ('colour_change_sapphire', 'Colour-change sapphire'), ('star_sapphire', 'Star sapphire'), ('star_ruby', 'Star ruby'), ('emerald', 'Emerald'), ('aquamarine', 'Aquamarine'), ('morganite', 'Morganite'), ('heliodor', 'Heliodor'), ('goshenite', 'Goshenite'), ('red_beryl', 'Red beryl'), ('alexandrite', 'Alexandrite'), ('cats_eye', "Cat's-eye chrysoberyl"), ('kunzite', 'Kunzite'), ('hiddenite', 'Hiddenite'), ('tanzanite', 'Tanzanite'), ('peridot', 'Peridot'), ('amethyst', 'Amethyst'), ('citrine', 'Citrine'), ('ametrine', 'Ametrine'), ('smoky_quartz', 'Smoky quartz'), ('rose_quartz', 'Rose quartz'), ('rock_crystal', 'Rock crystal'), ('rutilated_quartz', 'Rutilated quartz'), ('agate', 'Agate'), ('carnelian', 'Carnelian'), ('onyx', 'Onyx'), ('rubellite', 'Rubellite'), ('indicolite', 'Indicolite'), ('paraiba', 'Paraíba tourmaline'), ('watermelon', 'Watermelon tourmaline'), ('chrome_tourmaline', 'Chrome tourmaline'), ('green_tourmaline', 'Green tourmaline'), ('pyrope', 'Pyrope'), ('almandine', 'Almandine'), ('rhodolite', 'Rhodolite'), ('spessartine', 'Spessartine'), ('tsavorite', 'Tsavorite'), ('hessonite', 'Hessonite'), ('demantoid', 'Demantoid'), ('imperial_topaz', 'Imperial topaz'), ('pink_topaz', 'Pink topaz'), ('blue_topaz', 'Blue topaz'), ('sherry_topaz', 'Sherry topaz'), ('moonstone', 'Moonstone'), ('labradorite', 'Labradorite')], max_length=30, verbose_name='variety'),
        ),
        migrations.AlterField(
            model_name='listing',
            name='origin_locality',
            field=models.CharField(blank=True, choices=[('swat_mingora', 'Mingora (Fizagat)'), ('swat_shamozai', 'Shamozai'), ('swat_charbagh', 'Charbagh'), ('swat_makhad', 'Makhad'), ('swat_gujar_killi', 'Gujar Killi'), ('swat_alpurai', 'Alpurai'), ('shangla_bazar_kot', 'Bazar Kot'), ('mohmand', 'Mohmand'), ('bajaur', 'Bajaur'), ('khaltaro', 'Khaltaro'), ('hunza_karimabad', 'Karimabad'), ('hunza_aliabad', 'Aliabad'), ('hunza_ganesh', 'Ganesh'), ('hunza_hachinder', 'Hachinder'), ('hunza_dorkhan', 'Dorkhan'), ('nagar', 'Nagar'), ('nangimali', 'Nangimali'), ('chitta_katha', 'Chitta Katha'), ('dunganar', 'Dunganar'), ('katlang_ghundao', 'Ghundao Hill, Katlang'), ('shigar', 'Shigar'), ('dassu', 'Dassu'), ('yuno', 'Yuno'), ('braldu', 'Braldu'), ('haramosh_shengus', 'Shengus, Haramosh'), ('stak_nala', 'Stak Nala'), ('sapat_gali', 'Sapat Gali'), ('chilas', 'Chilas'), ('dir', 'Dir'), ('mansehra', 'Mansehra'), ('sar_e_sang', 'Sar-e-Sang'), ('panjshir', 'Panjshir'), ('nuristan', 'Nuristan'), ('jegdalek', 'Jegdalek'), ('kuh_i_lal', 'Kuh-i-Lal')], max_length=40, verbose_name='locality'),
        ),
        migrations.AddConstraint(
            model_name='gemspec',
            constraint=models.CheckConstraint(condition=models.Q(('variety', ''), models.Q(('species', 'corundum'), ('variety__in', ['ruby', 'blue_sapphire', 'pink_sapphire', 'yellow_sapphire', 'padparadscha', 'colour_change_sapphire', 'star_sapphire', 'star_ruby'])), models.Q(('species', 'beryl'), ('variety__in', ['emerald', 'aquamarine', 'morganite', 'heliodor', 'goshenite', 'red_beryl'])), models.Q(('species', 'chrysoberyl'), ('variety__in', ['alexandrite', 'cats_eye'])), models.Q(('species', 'spodumene'), ('variety__in', ['kunzite', 'hiddenite'])), models.Q(('species', 'zoisite'), ('variety__in', ['tanzanite'])), models.Q(('species', 'olivine'), ('variety__in', ['peridot'])), models.Q(('species', 'quartz'), ('variety__in', ['amethyst', 'citrine', 'ametrine', 'smoky_quartz', 'rose_quartz', 'rock_crystal', 'rutilated_quartz'])), models.Q(('species', 'chalcedony'), ('variety__in', ['agate', 'carnelian', 'onyx'])), models.Q(('species', 'tourmaline'), ('variety__in', ['rubellite', 'indicolite', 'paraiba', 'watermelon', 'chrome_tourmaline', 'green_tourmaline'])), models.Q(('species', 'garnet'), ('variety__in', ['pyrope', 'almandine', 'rhodolite', 'spessartine', 'tsavorite', 'hessonite', 'demantoid'])), models.Q(('species', 'topaz'), ('variety__in', ['imperial_topaz', 'pink_topaz', 'blue_topaz', 'sherry_topaz'])), models.Q(('species', 'feldspar'), ('variety__in', ['moonstone', 'labradorite'])), _connector='OR'), name='gem_variety_of_species'),
        ),
        migrations.AddConstraint(
            model_name='jewelryspec',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('fineness__in', (999, 995, 916, 875, 750, 585, 417, 375)), ('metal', 'gold')), models.Q(('fineness__in', (999, 925)), ('metal', 'silver')), models.Q(('fineness__in', (950, 900, 850)), ('metal', 'platinum')), models.Q(('fineness__in', (950, 500)), ('metal', 'palladium')), _connector='OR'), name='jewelry_fineness_fits_metal'),
        ),
        migrations.AddConstraint(
            model_name='jewelryspec',
            constraint=models.CheckConstraint(condition=models.Q(('karat__isnull', True), models.Q(('fineness__in', (999, 995)), ('karat', 24), ('metal', 'gold')), models.Q(('fineness__in', (916,)), ('karat', 22), ('metal', 'gold')), models.Q(('fineness__in', (875,)), ('karat', 21), ('metal', 'gold')), models.Q(('fineness__in', (750,)), ('karat', 18), ('metal', 'gold')), models.Q(('fineness__in', (585,)), ('karat', 14), ('metal', 'gold')), models.Q(('fineness__in', (417,)), ('karat', 10), ('metal', 'gold')), models.Q(('fineness__in', (375,)), ('karat', 9), ('metal', 'gold')), _connector='OR'), name='jewelry_karat_agrees'),
        ),
        RESTORE_TRIGGERS,
    ]
