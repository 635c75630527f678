"""Catalogue migration 0011: an imitation stored as the gem it imitates becomes its own material
imitating that gem, both ways, with the search triggers intact after SQLite's table rebuild."""

import pytest
from django.core.management import call_command
from django.db import connection

from gembazaar.catalogue.models import GemSpec
from gembazaar.search.schema import missing_search_triggers
from gembazaar.testing import make_gem_listing


@pytest.mark.django_db(transaction=True)
def test_an_old_imitation_becomes_material_not_stated_imitating_its_variety_and_back():
    glass = make_gem_listing(gem={"nature": "imitation"})  # glass imitating emerald, as now stored
    natural = make_gem_listing()

    call_command("migrate", "catalogue", "0010", verbosity=0)
    with connection.cursor() as cursor:  # as an earlier version stored it: the gem it imitates
        cursor.execute("UPDATE catalogue_gemspec SET species = 'corundum', variety = 'ruby' WHERE listing_id = %s",
                       [glass.pk])
    call_command("migrate", verbosity=0)

    old = GemSpec.objects.get(pk=glass.pk)
    assert (old.species, old.variety, old.imitates) == ("material_not_stated", "", "ruby")
    assert old.name == "Imitation ruby (material not stated)"
    untouched = GemSpec.objects.get(pk=natural.pk)
    assert (untouched.species, untouched.variety, untouched.imitates) == ("beryl", "emerald", "")
    assert missing_search_triggers() == []

    call_command("migrate", "catalogue", "0010", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT species, variety FROM catalogue_gemspec WHERE listing_id = %s", [glass.pk])
        assert cursor.fetchone() == ("corundum", "ruby")
    call_command("migrate", verbosity=0)
    assert missing_search_triggers() == []
