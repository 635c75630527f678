"""End to end: a seller downloads nothing, uploads a CSV, sees the errors, fixes it, previews and imports."""

import os
import re

import pytest
from django.db import connections
from django.test import Client

from gembazaar.catalogue.models import Listing
from gembazaar.imports.tests.conftest import csv_bytes, gem_row, make_owner
from gembazaar.testing import make_seller

from .chromium import launch, require_chromium

SHOTS = os.environ.get("GEMBAZAAR_SCREENSHOTS", "")


@pytest.mark.browser
def test_seller_uploads_sees_row_errors_then_imports_a_valid_file(live_server, transactional_db, tmp_path):
    require_chromium()
    from playwright.sync_api import expect, sync_playwright

    seller = make_seller(trade_name="Katlang Topaz House")
    client = Client()
    client.force_login(make_owner(seller, "owner"))
    session = client.cookies["sessionid"].value
    bad, good = tmp_path / "bad.csv", tmp_path / "good.csv"
    bad.write_bytes(csv_bytes([gem_row("KT-1"), gem_row("KT-2", carat="heavy")]))
    good.write_bytes(csv_bytes([gem_row("KT-1"), gem_row("KT-2")]))

    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            context = browser.new_context(viewport={"width": 1200, "height": 1000})
            context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
            page = context.new_page()
            page.goto(live_server.url + "/seller/")
            page.get_by_role("link", name="Bulk import").click()
            expect(page.get_by_role("heading", name="Bulk import")).to_be_visible()
            if SHOTS:
                page.screenshot(path=f"{SHOTS}/import-home.png", full_page=True)

            page.get_by_label("Spreadsheet (CSV UTF-8 or XLSX)").set_input_files(str(bad))
            page.get_by_role("button", name="Upload and check").click()
            expect(page.locator("[data-status]")).to_have_text("Has errors")
            row = page.locator("table.imp-errors tbody tr").first
            expect(row.locator("td")).to_have_text(["3", "carat", "Enter a number."])
            # The preview writes the problem next to the bad value, in the row concerned.
            expect(page.locator("#imp-row-3 .imp-problem")).to_have_text("Problem: carat: Enter a number.")
            expect(page.locator("#imp-row-3 th")).to_have_accessible_description(
                re.compile(r"Problem: carat\s*: Enter a number\."))
            expect(page.locator("#imp-row-2 .imp-problem")).to_have_count(0)
            if SHOTS:
                page.screenshot(path=f"{SHOTS}/import-errors.png", full_page=True)
            # On a phone the wide preview scrolls sideways inside its box; the page does not widen.
            page.set_viewport_size({"width": 390, "height": 844})
            widths = page.evaluate("""() => {
                const box = document.querySelector('.imp-sample-wrap');
                return [document.documentElement.scrollWidth, box.scrollWidth, box.clientWidth];
            }""")
            assert widths[0] <= 390 and widths[1] > widths[2], widths
            if SHOTS:
                page.screenshot(path=f"{SHOTS}/import-errors-phone.png", full_page=True)
            page.set_viewport_size({"width": 1200, "height": 1000})

            page.get_by_role("link", name="All imports").click()
            page.get_by_label("Spreadsheet (CSV UTF-8 or XLSX)").set_input_files(str(good))
            page.get_by_role("button", name="Upload and check").click()
            expect(page.get_by_text("All 2 rows are valid.")).to_be_visible()
            expect(page.locator("table.imp-sample tbody tr")).to_have_count(2)
            if SHOTS:
                page.screenshot(path=f"{SHOTS}/import-valid.png")
            assert Listing.objects.count() == 0
            page.get_by_role("button", name="Import 2 listings").click()
            expect(page.get_by_text("Done: 2 created, 0 updated, 0 pictures added.")).to_be_visible()
            if SHOTS:
                page.screenshot(path=f"{SHOTS}/import-done.png", full_page=True)
            assert Listing.objects.filter(seller=seller, status="draft").count() == 2

            # A job still running shows a progress bar and follows the job live (htmx polls every second).
            from gembazaar.imports.models import ImportJob

            job = ImportJob.objects.filter(seller=seller).first()
            ImportJob.objects.filter(pk=job.pk).update(status="validating", total_rows=400, processed_rows=100)
            page.goto(f"{live_server.url}/seller/import/jobs/{job.pk}/")
            expect(page.locator("progress")).to_have_attribute("value", "25")
            if SHOTS:
                page.screenshot(path=f"{SHOTS}/import-progress.png")
            ImportJob.objects.filter(pk=job.pk).update(status="committed", processed_rows=400)
            expect(page.locator("[data-status]")).to_have_text("Imported", timeout=5000)
            expect(page.locator("progress")).to_have_count(0)
        finally:
            browser.close()
            # Inside Playwright's event loop the ORM used a connection of its own context: close it,
            # or PostgreSQL refuses to drop the test database.
            connections.close_all()
