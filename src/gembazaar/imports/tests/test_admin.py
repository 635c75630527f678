"""Council staff can look at import jobs in the admin."""

import pytest
from django.urls import reverse

from gembazaar.accounts.models import User
from gembazaar.imports.services.jobs import import_job_create

from .conftest import csv_bytes, gem_row, upload

pytestmark = pytest.mark.django_db


def test_the_import_job_changelist_and_page_render(client, seller, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = import_job_create(seller=seller, user=None, kind="gem", mode="create",
                                upload=upload(csv_bytes([gem_row("SW-1", carat="x")])))
    client.force_login(User.objects.create_superuser(username="root", email="root@example.org", password="pw"))
    changelist = client.get(reverse("admin:imports_importjob_changelist") + "?q=" + seller.slug)
    assert changelist.status_code == 200 and "listings.csv" in changelist.content.decode()
    page = client.get(reverse("admin:imports_importjob_change", args=[job.pk]))
    assert page.status_code == 200 and "Enter a number." in page.content.decode()
