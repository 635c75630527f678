"""The Content-Security-Policy: sent on every page and API answer, and no template breaks it.

The browser test (tests/browser/test_csp.py) loads the key pages in Chromium and fails on any
violation; these checks catch the cheap cases on every run, without a browser.
"""

import re
from pathlib import Path

import pytest

import gembazaar

ROOT = Path(gembazaar.__file__).parent
TEMPLATES = [path for path in ROOT.rglob("templates/**/*.html") if "email" not in path.parts]


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("path", ["/", "/search/?q=emerald", "/api/v1/listings", "/api/v1/docs", "/no-such-page/"])
def test_every_answer_carries_the_strict_policy(client, db, path):
    policy = directives(client.get(path))
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"] and policy["form-action"][0] == "'self'"
    assert policy["default-src"] == ["'self'"]


def test_the_nul_refusal_page_carries_it_too(client, db):
    response = client.get("/search/?q=a%00b")
    assert response.status_code == 400 and "script-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_template_holds_inline_script_handlers_or_style_attributes(template):
    html = template.read_text(encoding="utf-8")
    inline_scripts = [tag for tag in re.findall(r"<script\b[^>]*>", html)
                      if "src=" not in tag and 'type="application/json"' not in tag]
    assert inline_scripts == []
    assert re.findall(r"\son[a-z]+\s*=", html) == []  # onclick=, onchange= …
    assert re.findall(r"\sstyle\s*=", html) == [] and "<style" not in html
    assert "javascript:" not in html


@pytest.mark.parametrize("path", ["/", "/search/?q=emerald", "/gems/", "/api/v1/openapi.json"])
def test_pages_and_answers_are_compressed_for_clients_that_accept_gzip(client, db, path):
    import gzip

    compressed = client.get(path, headers={"Accept-Encoding": "gzip"})
    plain = client.get(path)
    assert compressed["Content-Encoding"] == "gzip" and "Accept-Encoding" in compressed["Vary"]
    assert gzip.decompress(compressed.content)[:200] == plain.content[:200]
    assert "Content-Encoding" not in plain
