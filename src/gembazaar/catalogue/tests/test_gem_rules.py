"""Each domain rule of a stone's specification, with good and bad cases."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gembazaar.catalogue import vocab
from gembazaar.catalogue.validation import clean_gem, normalise_treatments
from gembazaar.catalogue.vocab import suggest_hs_code_for_spec
from gembazaar.testing import gem_data


def errors_of(**overrides) -> dict:
    with pytest.raises(ValidationError) as exc:
        clean_gem(gem_data(**overrides))
    return exc.value.message_dict


def test_a_valid_emerald_passes_and_is_normalised():
    cleaned = clean_gem(gem_data(treatments="o", carat="1.25"))
    assert cleaned["treatments"] == "O"
    assert cleaned["carat"] == Decimal("1.25")


@pytest.mark.parametrize(("species", "variety"), [
    ("corundum", "ruby"), ("corundum", "padparadscha"), ("beryl", "aquamarine"), ("topaz", "pink_topaz"),
    ("spinel", ""), ("diamond", ""),
])
def test_a_variety_of_its_own_species_is_accepted(species, variety):
    overrides = {"species": species, "variety": variety, "clarity": ""}
    assert clean_gem(gem_data(**overrides))["variety"] == variety


def test_a_variety_of_another_species_is_refused_naming_both():
    errors = errors_of(species="corundum", variety="emerald")
    assert "variety" in errors
    assert "Emerald" in errors["variety"][0] and "Beryl" in errors["variety"][0]


def test_unknown_species_and_variety_are_refused():
    assert "species" in errors_of(species="unobtainium")
    assert "variety" in errors_of(variety="kryptonite")


@pytest.mark.parametrize("carat", ["0", "-1.2", "1.2345", "abc", "", None, "NaN", "Infinity"])
def test_carat_must_be_positive_with_at_most_three_decimals(carat):
    assert "carat" in errors_of(carat=carat)


@pytest.mark.parametrize("carat", ["0.001", "1.5", "12.345", 3, Decimal("0.30")])
def test_carat_with_up_to_three_decimals_is_accepted(carat):
    unmeasured = {"length_mm": None, "width_mm": None, "depth_mm": None}  # no size to check the weight against
    assert clean_gem(gem_data(carat=carat, **unmeasured))["carat"] == Decimal(str(carat))


def test_carat_as_a_float_is_refused():
    assert "carat" in errors_of(carat=1.25)


@pytest.mark.parametrize("nature", ["", None, "real", "lab"])
def test_nature_is_mandatory_and_from_the_list(nature):
    assert "nature" in errors_of(nature=nature)


@pytest.mark.parametrize("nature", ["natural", "synthetic", "imitation", "composite"])
def test_each_nature_is_accepted(nature):
    assert clean_gem(gem_data(nature=nature))["nature"] == nature


def test_glass_filled_ruby_cannot_be_called_natural():
    errors = errors_of(species="corundum", variety="ruby", treatments="F", clarity="")
    assert "composite" in errors["nature"][0]


@pytest.mark.parametrize(("given", "stored"), [
    ("N", "N"), ("H", "H"), ("O,H", "H,O"), (["F", "H"], "F,H"), ("h f", "F,H"), ("H,H", "H"),
])
def test_treatment_codes_are_normalised_to_canonical_order(given, stored):
    assert normalise_treatments(given) == stored


@pytest.mark.parametrize("treatments", ["N,H", "N,O", ["N", "HP"]])
def test_not_enhanced_excludes_every_other_code(treatments):
    assert "cannot be combined" in errors_of(treatments=treatments)["treatments"][0]


@pytest.mark.parametrize("treatments", ["X", "H,Z", "heated"])
def test_unknown_treatment_codes_are_refused_by_name(treatments):
    assert "Unknown treatment" in errors_of(treatments=treatments)["treatments"][0]


def test_treatments_must_be_declared():
    assert "treatments" in errors_of(treatments="")


def test_clarity_scale_follows_the_species():
    assert "clarity" in errors_of(clarity="VVS1")  # a diamond grade on an emerald
    assert "clarity" in errors_of(species="diamond", variety="", clarity="EC")
    assert clean_gem(gem_data(species="diamond", variety="", clarity="VS2", diamond_colour="G"))["clarity"] == "VS2"


def test_diamond_colour_only_on_diamonds():
    assert "diamond_colour" in errors_of(diamond_colour="D")


def test_tone_and_saturation_ranges():
    assert "tone" in errors_of(tone=11)
    assert "saturation" in errors_of(saturation=0)
    cleaned = clean_gem(gem_data(tone=6, saturation="5"))
    assert (cleaned["tone"], cleaned["saturation"]) == (6, 5)


def test_dimensions_must_be_positive_millimetres():
    assert "length_mm" in errors_of(length_mm="-3")
    assert "width_mm" in errors_of(width_mm="abc")


def test_a_report_number_needs_its_lab():
    assert "lab" in errors_of(certificate_number="2107-078888")
    assert clean_gem(gem_data(lab="GRS", certificate_number="2107-078888"))["lab"] == "GRS"


def test_shape_is_required_and_known():
    assert "shape" in errors_of(shape="")
    assert "shape" in errors_of(shape="blob")


def test_unknown_phenomenon_is_refused():
    assert "phenomena" in errors_of(phenomena="glow")
    assert clean_gem(gem_data(phenomena="chatoyancy,asterism"))["phenomena"] == "asterism,chatoyancy"


def test_every_problem_is_reported_at_once():
    errors = errors_of(carat="0", nature="", treatments="N,H")
    assert {"carat", "nature", "treatments"} <= set(errors)


@pytest.mark.parametrize(("species", "variety", "shape", "nature", "expected"), [
    ("beryl", "emerald", "oval", "natural", "7103.91"),  # worked rubies, sapphires and emeralds
    ("corundum", "ruby", "cushion", "natural", "7103.91"),
    ("beryl", "aquamarine", "oval", "natural", "7103.99"),  # other beryl is "other worked"
    ("beryl", "emerald", "rough", "natural", "7103.10"),  # rough comes first
    ("beryl", "emerald", "oval", "synthetic", "7104"),
    ("glass", "", "octagon", "imitation", "7018.10"),  # glass imitation stones
    ("cubic_zirconia", "", "round", "imitation", "7104.90"),
    ("quartz", "", "oval", "imitation", "7103.99"),  # a natural gem imitating another: its own heading
    ("diamond", "", "round", "natural", "7102.39"),  # worked diamonds
    ("diamond", "", "rough", "natural", "7102.31"),  # rough: with a Kimberley Process certificate
])
def test_the_suggested_hs_code_follows_the_variety_where_the_tariff_does(species, variety, shape, nature, expected):
    spec = {"species": species, "variety": variety, "shape": shape, "nature": nature}
    assert suggest_hs_code_for_spec("gemstone", spec) == expected


# --- Imitations are their own material (CIBJO); glass-filled corundum is a composite -----------


def test_an_imitation_is_its_material_imitating_a_variety():
    cleaned = clean_gem(gem_data(species="glass", variety="", nature="imitation", imitates="ruby", clarity="EC"))
    assert (cleaned["species"], cleaned["imitates"]) == ("glass", "ruby")
    assert clean_gem(gem_data(species="quartz", variety="", nature="imitation", imitates="emerald"))["imitates"]


@pytest.mark.parametrize(("overrides", "field"), [
    ({"species": "glass", "variety": "", "nature": "imitation", "imitates": ""}, "imitates"),  # imitating what?
    ({"species": "glass", "variety": "", "nature": "imitation", "imitates": "unobtainium"}, "imitates"),
    ({"species": "beryl", "variety": "emerald", "nature": "imitation", "imitates": "emerald"}, "imitates"),
    ({"species": "material_not_stated", "variety": "", "nature": "imitation", "imitates": "ruby"}, "species"),
    ({"species": "glass", "variety": "", "nature": "natural", "imitates": ""}, "nature"),  # glass is no gem
    ({"species": "cubic_zirconia", "variety": "", "nature": "synthetic", "imitates": ""}, "nature"),
    ({"nature": "natural", "imitates": "ruby"}, "imitates"),  # only an imitation imitates
])
def test_an_imitation_that_does_not_say_what_it_is_is_refused_naming_the_field(overrides, field):
    assert field in errors_of(**overrides)


@pytest.mark.parametrize("variety", ["ruby", "star_ruby", "pink_sapphire", "blue_sapphire", "padparadscha", ""])
def test_glass_filled_corundum_of_any_colour_cannot_be_called_natural(variety):
    errors = errors_of(species="corundum", variety=variety, nature="natural", treatments="F", clarity="")
    assert "composite" in errors["nature"][0]
    assert clean_gem(gem_data(species="corundum", variety=variety, nature="composite", treatments="F", clarity=""))


def test_filling_other_species_is_a_treatment_not_a_composite():
    assert clean_gem(gem_data(species="beryl", variety="emerald", nature="natural", treatments="F"))


# --- Vocabulary corrections (issue 14, point 6) ------------------------------------------------


@pytest.mark.parametrize(("code", "hint"), [("S", "I (impregnation"), ("HF", "H,F")])
def test_codes_agta_does_not_have_are_refused_with_what_to_write(code, hint):
    errors = errors_of(treatments=code)
    assert f"{code} is not an AGTA code" in errors["treatments"][0] and hint in errors["treatments"][0]


@pytest.mark.parametrize(("variety", "clarity_type"), [
    ("amethyst", "II"), ("ametrine", "II"), ("green_tourmaline", "I"), ("rubellite", "III"), ("emerald", "III"),
])
def test_gia_clarity_types(variety, clarity_type):
    assert vocab.VARIETIES_BY_CODE[variety].clarity_type == clarity_type


def test_localities_are_where_the_trade_says_they_are():
    places = vocab.LOCALITIES_BY_CODE
    assert "Shangla" in str(places["swat_alpurai"].region)
    assert "Kohistan" in str(places["sapat_gali"].region)
    assert places["kuh_i_lal"].country == "AF" and "spinel" in places["kuh_i_lal"].known_for


def test_jade_is_two_minerals_and_lapis_a_rock():
    assert clean_gem(gem_data(species="jadeite", variety="", clarity=""))["species"] == "jadeite"
    assert clean_gem(gem_data(species="nephrite", variety="", clarity=""))["species"] == "nephrite"
    assert "jadeite or nephrite" in errors_of(species="jade", variety="", clarity="")["species"][0]
    assert vocab.SPECIES_BY_CODE["lapis_lazuli"].kind == "rock"


@pytest.mark.parametrize(("shape", "kp", "field_error"), [
    ("rough", "", True), ("rough", "PK-KP-2026-00123", False), ("round", "PK-KP-2026-00123", True),
    ("round", "", False),
])
def test_a_rough_natural_diamond_needs_its_kimberley_process_certificate(shape, kp, field_error):
    data = gem_data(species="diamond", variety="", shape=shape, clarity="", treatments="N", kp_certificate=kp)
    if field_error:
        assert "kp_certificate" in errors_of(**{k: v for k, v in data.items()})
    else:
        assert clean_gem(data)["kp_certificate"] == kp


@pytest.mark.parametrize(("species", "variety"), [("lapis_lazuli", ""), ("turquoise", ""), ("chalcedony", "agate"),
                                                  ("jadeite", "")])
def test_opaque_material_takes_no_clarity_grade(species, variety):
    errors = errors_of(species=species, variety=variety, clarity="EC")
    assert "opaque" in errors["clarity"][0]
    assert clean_gem(gem_data(species=species, variety=variety, clarity=""))["clarity"] == ""


# --- A weight its measurements cannot hold (issue 14, point 7) -----------------------------------


@pytest.mark.parametrize(("carat", "dimensions", "questioned"), [
    ("1.000", ("40", "40", "30"), True),  # the 1 ct ruby of 40 × 40 × 30 mm (about 340 ct)
    ("1.000", ("6.50", "5.00", "3.30"), False),  # a 1 ct oval ruby
    ("0.020", ("6.50", "5.00", "3.30"), True),  # far too light
    ("2.000", ("6.50", "5.00", "3.30"), False),  # a deep, bulging stone: within the generous tolerance
])
def test_a_weight_its_measurements_cannot_hold_is_questioned_until_confirmed(carat, dimensions, questioned):
    data = gem_data(species="corundum", variety="ruby", colour="red", clarity="", treatments="H", shape="oval",
                    carat=carat, length_mm=dimensions[0], width_mm=dimensions[1], depth_mm=dimensions[2])
    if not questioned:
        assert clean_gem(data)["size_confirmed"] is False
        return
    message = errors_of(**{k: v for k, v in data.items()})["carat"][0]
    assert "cannot both be right" in message and "size_confirmed" in message
    assert clean_gem({**data, "size_confirmed": True})["size_confirmed"] is True


def test_a_parcel_is_measured_by_one_of_its_stones():
    data = gem_data(species="olivine", variety="peridot", colour="green", clarity="", treatments="N",
                    shape="round", pieces=50, carat="12.500", length_mm="4.00", width_mm="4.00", depth_mm="2.50")
    assert clean_gem(data)["pieces"] == 50
