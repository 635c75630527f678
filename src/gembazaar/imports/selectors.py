"""Reads of import jobs, always scoped by the acting seller (another seller's job → DoesNotExist → 404)."""

from __future__ import annotations

from django.db.models import QuerySet

from gembazaar.sellers.models import Seller

from .models import ImportJob


def import_jobs_for_seller(*, seller: Seller) -> QuerySet[ImportJob]:
    return ImportJob.objects.filter(seller=seller).select_related("created_by")


def import_job_get_for_seller(*, seller: Seller, job_id: int) -> ImportJob:
    return import_jobs_for_seller(seller=seller).get(pk=job_id)
