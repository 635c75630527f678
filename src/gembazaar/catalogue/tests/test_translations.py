"""The Urdu, Arabic and Chinese catalogues: complete, compiling, placeholders intact; the storefront
renders translated (right-to-left in Urdu and Arabic)."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"
PLACEHOLDER = re.compile(r"%\([A-Za-z_][A-Za-z0-9_]*\)[-#0 +]*\d*(?:\.\d+)?[sdifrxXoeEgGc]|%%|%[sdifr]")

NAV_LABELS = {
    "ur": ["زیورات", "جواہرات"],
    "ar": ["المجوهرات", "الأحجار الكريمة"],
    "zh-hans": ["珠宝", "宝石"],
}
# Every language the picker offers besides English; its catalogue's folder is the locale name.
CATALOGUES = ["ur", "ar", "zh-hans"]
FOLDER = {code: translation.to_locale(code) for code in CATALOGUES}


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["ur", "ar"])
def test_home_page_is_rtl_and_translated(client, lang):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE=lang)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'dir="rtl"' in html
    assert f'lang="{lang}"' in html
    assert any(label in html for label in NAV_LABELS[lang])


def test_default_language_stays_english(client, db):
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'dir="ltr"' in html


@pytest.mark.parametrize("lang", CATALOGUES)
def test_gettext_returns_the_catalogue(lang):
    with translation.override(lang):
        assert translation.gettext("Jewelry") == NAV_LABELS[lang][0]


def _unquote(chunks: list[str]) -> str:
    text = "".join(chunks)
    return bytes(text, "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")


def _parse_po(path: Path) -> list[dict]:
    """A tiny .po reader: flags, msgid, msgid_plural and every msgstr / msgstr[i]."""
    entries, entry, field = [], None, None

    def finish():
        if entry is not None and "msgid" in entry:
            entries.append(entry)

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            finish()
            entry, field = None, None
            continue
        if entry is None:
            entry = {"flags": set(), "chunks": {}}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry["chunks"][field].append(line[1:-1])
        else:
            field, _, rest = line.partition(" ")
            entry["chunks"][field] = [rest.strip()[1:-1]]
            entry["msgid"] = True
    finish()
    for entry in entries:
        entry.update({key: _unquote(chunks) for key, chunks in entry.pop("chunks").items()})
    return entries


@pytest.mark.parametrize("lang", CATALOGUES)
def test_translations_keep_python_format_placeholders(lang):
    entries = _parse_po(LOCALE_DIR / FOLDER[lang] / "LC_MESSAGES" / "django.po")
    assert len(entries) > 100
    problems = []
    for entry in entries:
        if "python-format" not in entry["flags"] or not entry["msgid"]:
            continue
        sources = [entry["msgid"]] + ([entry["msgid_plural"]] if "msgid_plural" in entry else [])
        expected = set().union(*(PLACEHOLDER.findall(source) for source in sources))
        for key, value in entry.items():
            if not key.startswith("msgstr") or not value:
                continue
            if set(PLACEHOLDER.findall(value)) != expected:
                problems.append((entry["msgid"], key, value))
    assert problems == []


@pytest.mark.parametrize("lang", CATALOGUES)
def test_header_is_not_fuzzy_and_has_plural_forms(lang):
    text = (LOCALE_DIR / FOLDER[lang] / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    header = text.split("\n\n", 1)[0]
    assert "#, fuzzy" not in header
    assert f'"Language: {FOLDER[lang]}\\n"' in header
    assert "Plural-Forms: nplurals=" in header


def test_every_offered_language_has_a_catalogue():
    """A language in the picker without a catalogue shows English to the reader who chose it."""
    offered = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
    assert offered == CATALOGUES  # add the new language to CATALOGUES (and NAV_LABELS) in this module
    assert all((LOCALE_DIR / FOLDER[code] / "LC_MESSAGES" / "django.po").exists() for code in offered)


@pytest.mark.parametrize("lang", CATALOGUES)
def test_the_catalogue_compiles_and_every_message_is_translated(lang):
    """A .po that msgfmt refuses ships stale translations without a word; an empty or fuzzy entry
    shows English to a reader who chose Urdu, Arabic or Chinese."""
    po = LOCALE_DIR / FOLDER[lang] / "LC_MESSAGES" / "django.po"
    if shutil.which("msgfmt") is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("msgfmt (gettext) is missing")
        pytest.skip("msgfmt (gettext) is missing")
    checked = subprocess.run(["msgfmt", "--check-format", "-o", os.devnull, str(po)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    entries = _parse_po(po)
    missing = [entry["msgid"] for entry in entries if entry["msgid"] and (
        "fuzzy" in entry["flags"] or not any(value for key, value in entry.items() if key.startswith("msgstr")))]
    assert missing == []
