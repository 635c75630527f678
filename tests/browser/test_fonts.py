"""End to end: Urdu and Arabic pages draw their letters with the faces we serve (Nastaliq, Naskh),
fetched from our own origin, on a machine that need not have any Noto font of its own.

With GEMBAZAAR_SCREENSHOTS=<dir>, the test saves fonts-ur.png and fonts-ar.png there to look at.
"""

import os

import pytest

from .chromium import launch, require_chromium

TIMEOUT_MS = 10_000
SHOTS = os.environ.get("GEMBAZAAR_SCREENSHOTS", "")
NASTALIQ, NASKH = "GemBazaar Nastaliq", "GemBazaar Naskh"
PAGES = {  # language: (the body's family, its preloaded file, a word to draw)
    "ur": (NASTALIQ, "noto-nastaliq-urdu-arabic-400-normal.", "پاکستان"),
    "ar": (NASKH, "noto-naskh-arabic-arabic-400-normal.", "العربية"),
}

FONT_STATE = """async ([family, sample]) => {
  // Awaited by name: the browser loads a face lazily, when text first needs it, so `ready` alone
  // can resolve before a face the page uses has even been asked for.
  await Promise.all([document.fonts.load(`16px "${family}"`, sample),
                     document.fonts.load('16px "GemBazaar Naskh"', "ہر بیچنے والے")]);
  await document.fonts.ready;
  const named = (name) => [...document.fonts].filter((face) => face.family.replace(/"/g, "") === name);
  const font = (selector) => getComputedStyle(document.querySelector(selector)).fontFamily;
  return {
    check: document.fonts.check(`16px "${family}"`, sample),
    loaded: named(family).filter((face) => face.status === "loaded").map((face) => face.weight),
    naskhLoaded: named("GemBazaar Naskh").some((face) => face.status === "loaded"),
    naskhCheck: document.fonts.check('16px "GemBazaar Naskh"', "ہر بیچنے والے"),
    body: font("body"), heading: font("h1"), topbar: font(".topbar"), picker: font(".picker select"),
  };
}"""


def _open(browser, live_server, language: str):
    """The home page in `language` (the cookie the language picker sets), and the fonts it fetched."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    fonts, problems = [], []
    page.on("request", lambda request: request.resource_type == "font" and fonts.append(request.url))
    page.on("console", lambda message: "Content Security Policy" in message.text and problems.append(message.text))
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == language
    return page, fonts, problems


@pytest.fixture
def browser():
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            yield browser
        finally:
            browser.close()


@pytest.mark.browser
@pytest.mark.parametrize("language", ["ur", "ar"])
def test_urdu_and_arabic_pages_use_the_served_face(browser, live_server, transactional_db, language):
    family, preloaded, sample = PAGES[language]
    page, fonts, problems = _open(browser, live_server, language)

    state = page.evaluate(FONT_STATE, [family, sample])

    assert state["body"].startswith(f'"{family}"') and state["heading"].startswith(f'"{family}"'), state
    assert state["check"] and "400" in state["loaded"], state  # drawn with the served face, not a fallback
    # The compact top bar (and its pickers) use the served Naskh in both languages.
    assert state["topbar"].startswith(f'"{NASKH}"') and state["picker"].startswith(f'"{NASKH}"'), state
    assert state["naskhLoaded"] and state["naskhCheck"], state
    assert fonts and all(url.startswith(live_server.url + "/static/gembazaar/fonts/") for url in fonts), fonts
    assert sum(preloaded in url for url in fonts) == 1, fonts  # preloaded, and the preload reused
    if language == "ar":
        assert not any("nastaliq" in url for url in fonts), fonts  # the Urdu face is never fetched
    assert problems == []
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/fonts-{language}.png")


@pytest.mark.browser
def test_an_english_page_fetches_no_font(browser, live_server, transactional_db):
    # Its language picker lists اردو and العربية, which the system fonts draw.
    page, fonts, problems = _open(browser, live_server, "en")
    page.evaluate("document.fonts.ready.then(() => true)")

    assert fonts == [] and problems == []
