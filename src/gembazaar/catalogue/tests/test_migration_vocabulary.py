"""Catalogue migrations 0012 and 0014 rewrite what the corrected vocabulary no longer has: S and
HF treatment codes, jade stored as one species with two varieties, clarity on opaque material."""

import pytest
from django.core.management import call_command
from django.db import connection

from gembazaar.catalogue.models import GemSpec
from gembazaar.search.schema import missing_search_triggers
from gembazaar.testing import make_gem_listing


@pytest.mark.django_db(transaction=True)
def test_retired_codes_and_jade_are_rewritten():
    stabilised = make_gem_listing(gem={"species": "turquoise", "variety": "", "clarity": "", "treatments": "I"})
    residue = make_gem_listing(gem={"species": "corundum", "variety": "ruby", "clarity": "", "treatments": "H"})
    jadeite = make_gem_listing(gem={"species": "jadeite", "variety": "", "clarity": "", "treatments": "N"})
    unnamed_jade = make_gem_listing(gem={"species": "nephrite", "variety": "", "clarity": "", "treatments": "W"})
    lapis = make_gem_listing(gem={"species": "lapis_lazuli", "variety": "", "clarity": "", "treatments": "N"})

    call_command("migrate", "catalogue", "0011", verbosity=0)
    with connection.cursor() as cursor:  # as the old vocabulary stored them
        for pk, species, variety, treatments in ((stabilised.pk, "turquoise", "", "S,W"),
                                                 (residue.pk, "corundum", "ruby", "HF"),
                                                 (jadeite.pk, "jade", "jadeite", "N"),
                                                 (unnamed_jade.pk, "jade", "", "W")):
            cursor.execute("UPDATE catalogue_gemspec SET species = %s, variety = %s, treatments = %s "
                           "WHERE listing_id = %s", [species, variety, treatments, pk])
        cursor.execute("UPDATE catalogue_gemspec SET clarity = 'EC' WHERE listing_id = %s", [lapis.pk])
    call_command("migrate", verbosity=0)

    def stored(listing):
        spec = GemSpec.objects.get(pk=listing.pk)
        return spec.species, spec.variety, spec.treatments

    assert stored(stabilised) == ("turquoise", "", "I,W")
    assert stored(residue) == ("corundum", "ruby", "F,H")
    assert stored(jadeite) == ("jadeite", "", "N")
    assert stored(unnamed_jade) == ("jade", "", "W")  # the seller must say which on the next edit
    assert GemSpec.objects.get(pk=lapis.pk).clarity == ""  # opaque: no clarity grade (0014)
    assert missing_search_triggers() == []
