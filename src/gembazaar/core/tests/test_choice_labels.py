"""get_FOO_display() through QuickChoiceLabels: the reader's language, one translation per call."""

from unittest import mock

import pytest
from django.utils import translation
from django.utils.translation import trans_real

from gembazaar.catalogue.models import GemSpec
from gembazaar.testing import make_gem_listing

pytestmark = pytest.mark.django_db


def test_a_label_is_in_the_language_of_the_moment_and_an_unknown_value_shows_as_itself():
    spec = make_gem_listing().gem
    with translation.override("en"):
        english = spec.get_variety_display()
    with translation.override("ur"):
        urdu = spec.get_variety_display()
    assert english == "Emerald" and urdu not in ("", "Emerald")
    assert GemSpec(variety="no-such-variety").get_variety_display() == "no-such-variety"


def test_naming_a_stone_translates_its_own_label_not_every_choice():
    """Django's own get_FOO_display hashes every choice's lazy label, which translates each one:
    hundreds of translations per card for a variety."""
    spec = make_gem_listing().gem
    spec.get_variety_display()  # the field's table, once per process
    with translation.override("ar"), mock.patch("django.utils.translation._trans.gettext",
                                                wraps=trans_real.gettext) as spy:
        assert spec.name
    assert spy.call_count <= 2
