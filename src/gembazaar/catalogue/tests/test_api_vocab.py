"""GET /api/v1/vocabularies and /api/v1/vocabularies/{name}: the codes the API speaks."""

import json

import pytest

from gembazaar.catalogue import vocab

URL = "/api/v1/vocabularies"


def as_json(data):
    # Labels are lazy translations; compare with what a client receives.
    return json.loads(json.dumps(data, default=str))


def test_every_vocabulary_is_served_whole(client):
    response = client.get(URL)

    assert response.status_code == 200
    assert response.json() == as_json(vocab.all_vocabularies())


def test_the_response_schema_names_every_vocabulary():
    # If vocab.py gains a vocabulary, the explicit schema must gain it too or it is dropped.
    from gembazaar.catalogue.schemas import VocabulariesOut

    assert set(VocabulariesOut.model_fields) == set(vocab.all_vocabularies())


def test_treatments_carry_their_disclosure_duty(client):
    treatments = {t["code"]: t for t in client.get(URL).json()["treatments"]}

    assert treatments["N"]["must_disclose"] is False
    assert treatments["H"]["must_disclose"] is True
    assert treatments["O"]["label"] == "Oiling / resin infusion"


def test_species_list_their_varieties(client):
    species = {s["code"]: s for s in client.get(URL).json()["species"]}

    assert {"code": "emerald", "label": "Emerald", "clarity_type": "III"} in species["beryl"]["varieties"]


@pytest.mark.parametrize("name", ["treatments", "localities", "metals", "karats", "species"])
def test_one_vocabulary(client, name):
    response = client.get(f"{URL}/{name}")

    assert response.status_code == 200
    assert response.json() == {"name": name, "items": as_json(vocab.all_vocabularies()[name])}


def test_an_unknown_vocabulary_is_not_found_and_the_message_lists_the_valid_names(client):
    response = client.get(f"{URL}/gemstones")

    assert response.status_code == 404
    body = response.json()
    assert body["code"] == "not_found"
    assert body["field"] == "name"
    assert "gemstones" in body["message"]
    for name in vocab.all_vocabularies():
        assert name in body["message"]


def test_vocabularies_need_no_database(client):
    # This module has no django_db mark: any query would raise "Database access not allowed".
    assert client.get(URL).status_code == 200
    assert client.get(f"{URL}/metals").status_code == 200
