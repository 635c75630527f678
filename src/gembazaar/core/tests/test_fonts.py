"""The Urdu and Arabic faces are served by us (static/gembazaar/fonts), not expected on the visitor's
machine: every @font-face in site.css points at a WOFF2 file that exists, the OFL licences ship
with them, and an Urdu or Arabic page preloads the one face its text needs."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse

SITE_CSS = Path(__file__).resolve().parents[2] / "static" / "gembazaar" / "site.css"
FACES = {"ur": ("GemBazaar Nastaliq", "gembazaar/fonts/noto-nastaliq-urdu-arabic-400-normal.woff2"),
         "ar": ("GemBazaar Naskh", "gembazaar/fonts/noto-naskh-arabic-arabic-400-normal.woff2")}


def _font_faces() -> list[str]:
    return re.findall(r"@font-face\s*\{([^}]*)\}", SITE_CSS.read_text())


def _preloaded_fonts(html: str) -> list[str]:
    links = re.findall(r'<link rel="preload"[^>]*>', html)
    return [re.search(r'href="([^"]+)"', link).group(1) for link in links if 'as="font"' in link]


def test_every_font_face_is_a_served_woff2_file_that_swaps():
    faces = _font_faces()
    families = {re.search(r'font-family:\s*"([^"]+)"', face).group(1) for face in faces}

    assert families == {"GemBazaar Nastaliq", "GemBazaar Naskh"}
    assert len(faces) == 4  # weights 400 and 700 of each
    for face in faces:
        assert "font-display: swap" in face
        assert "unicode-range: U+0600-06FF" in face  # the Arabic-script subset only: Latin keeps the system stack
        urls = re.findall(r'url\("?([^")]+)"?\)', face)
        assert urls and all(url.endswith(".woff2") and not url.startswith(("/", "http")) for url in urls)
        for url in urls:  # relative to site.css, so the manifest storage rewrites it to the hashed name
            path = finders.find(f"gembazaar/{url}")
            assert path, url
            assert Path(path).read_bytes()[:4] == b"wOF2", url


def test_the_font_licences_ship_with_the_fonts():
    for name in ("LICENSE-noto-nastaliq-urdu.txt", "LICENSE-noto-naskh-arabic.txt"):
        path = finders.find(f"gembazaar/fonts/{name}")
        assert path, name
        assert "SIL Open Font License, Version 1.1" in Path(path).read_text(), name
    assert finders.find("gembazaar/fonts/README.md")  # where they come from, and how to update them


def test_the_served_face_comes_first_for_its_language():
    css = SITE_CSS.read_text()
    for language, (family, _file) in FACES.items():
        rule = re.search(rf":lang\({language}\)\s*\{{([^}}]*)\}}", css).group(1)
        stacks = re.findall(r"--font-(?:body|display):\s*([^;]+);", rule)
        assert len(stacks) == 2 and all(stack.startswith(f'"{family}"') for stack in stacks), language


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ur", "ar"])
def test_an_urdu_or_arabic_page_preloads_its_face_and_not_the_other(client, language):
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert f'<html lang="{language}"' in html
    other = "ar" if language == "ur" else "ur"
    assert _preloaded_fonts(html) == [static(FACES[language][1])]
    assert static(FACES[other][1]) not in html
    preload = re.search(r'<link rel="preload"[^>]*>', html).group(0)
    assert 'type="font/woff2"' in preload and "crossorigin" in preload  # else the preload is fetched twice


@pytest.mark.django_db
def test_other_languages_preload_no_font(client, settings):
    for language in [code for code, _name in settings.LANGUAGES if code not in FACES]:
        html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE=language).content.decode()

        assert f'<html lang="{language}"' in html
        assert _preloaded_fonts(html) == [], language
