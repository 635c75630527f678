"""Bulk actions on a seller's listings (catalogue.bulk): the single action's rules for each listing,
only the seller's own listings, prices rounded per currency, large selections as a job in batches."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from gembazaar.catalogue import services
from gembazaar.catalogue.bulk import runs
from gembazaar.catalogue.bulk.services import listings_bulk_apply
from gembazaar.catalogue.bulk.tasks import listings_bulk_resume_stale_task
from gembazaar.catalogue.models import BulkJob, Listing
from gembazaar.core.errors import DomainError
from gembazaar.pricing.models import ListingPriceChange
from gembazaar.sellers.models import Seller
from gembazaar.testing import make_gem_listing, make_jewelry_listing, make_seller

pytestmark = pytest.mark.django_db


@pytest.fixture
def seller():
    return make_seller()


@pytest.fixture
def drafts(seller):
    return [make_gem_listing(seller=seller, publish=False) for _ in range(3)]


def ids(listings) -> list[int]:
    return [listing.pk for listing in listings]


def status_of(listing) -> str:
    return Listing.objects.values_list("status", flat=True).get(pk=listing.pk)


def price_of(listing) -> Decimal:
    return Listing.objects.get(pk=listing.pk).price


def reasons(job) -> dict[str, str]:
    return {problem["sku"]: problem["reason"] for problem in job.problems}


# --- The single action's rules, per listing -------------------------------------------------


def test_publishing_drafts_in_bulk_puts_each_on_sale(seller, drafts):
    job = listings_bulk_apply(seller=seller, action="publish", listing_ids=ids(drafts))
    assert (job.status, job.total, job.done_count, job.skipped_count) == ("done", 3, 3, 0)
    assert {status_of(listing) for listing in drafts} == {"active"}
    assert all(Listing.objects.get(pk=listing.pk).published_at for listing in drafts)


def test_a_listing_the_single_action_refuses_is_skipped_with_its_reason_and_the_rest_go_on(seller, drafts):
    sold = make_gem_listing(seller=seller, publish=False)
    Listing.objects.filter(pk=sold.pk).update(status="sold")
    empty = make_jewelry_listing(seller=seller, publish=False, quantity=0)
    on_sale = make_gem_listing(seller=seller)
    job = listings_bulk_apply(seller=seller, action="publish", listing_ids=ids([*drafts, sold, empty, on_sale]))
    assert (job.done_count, job.skipped_count) == (3, 3)
    assert reasons(job) == {sold.sku: "A sold listing cannot be published.", empty.sku: "Nothing in stock to sell.",
                            on_sale.sku: "Already on sale."}
    assert {p["code"] for p in job.problems} == {"invalid_transition", "out_of_stock", "unchanged"}
    assert (status_of(sold), status_of(empty)) == ("sold", "draft")


def test_an_unverified_seller_cannot_publish_in_bulk_and_nothing_is_recorded(seller, drafts):
    Seller.objects.filter(pk=seller.pk).update(status=Seller.Status.UNDER_REVIEW, verified_at=None)
    seller.refresh_from_db()
    with pytest.raises(DomainError) as exc:
        listings_bulk_apply(seller=seller, action="publish", listing_ids=ids(drafts))
    assert (exc.value.code, exc.value.field) == ("seller_not_verified", "action")
    assert {status_of(listing) for listing in drafts} == {"draft"}
    assert not BulkJob.objects.exists()


def test_unpublish_takes_active_listings_off_sale_and_leaves_reserved_ones(seller):
    active = [make_gem_listing(seller=seller) for _ in range(2)]
    reserved = make_gem_listing(seller=seller)
    Listing.objects.filter(pk=reserved.pk).update(status="reserved")
    draft = make_gem_listing(seller=seller, publish=False)
    job = listings_bulk_apply(seller=seller, action="unpublish", listing_ids=ids([*active, reserved, draft]))
    assert job.done_count == 2
    assert reasons(job) == {reserved.sku: "Only an active listing can be taken off sale.",
                            draft.sku: "Already a draft."}
    assert [status_of(listing) for listing in [*active, reserved]] == ["draft", "draft", "reserved"]


def test_archive_archives_every_status_the_single_action_archives(seller, drafts):
    active = make_gem_listing(seller=seller)
    archived = make_gem_listing(seller=seller, publish=False)
    services.listing_archive(listing=archived)
    job = listings_bulk_apply(seller=seller, action="archive", listing_ids=ids([*drafts, active, archived]))
    assert (job.done_count, reasons(job)) == (4, {archived.sku: "Already archived."})
    assert {status_of(listing) for listing in [*drafts, active]} == {"archived"}


# --- Only the seller's own listings ---------------------------------------------------------


def test_another_sellers_ids_in_the_selection_are_never_touched_nor_reported_done(seller, drafts):
    victim = make_gem_listing(publish=False, sku="THEIRS-1")
    before = Listing.objects.values("status", "updated_at", "pricing__price").get(pk=victim.pk)
    job = listings_bulk_apply(seller=seller, action="publish", listing_ids=[*ids(drafts), victim.pk, 99_999_999])
    assert Listing.objects.values("status", "updated_at", "pricing__price").get(pk=victim.pk) == before
    assert (job.total, job.done_count, job.ignored_count) == (3, 3, 2)
    assert victim.pk not in job.listing_ids
    assert [(p["listing_id"], p["code"], p["sku"], p["title"]) for p in job.problems] == [
        (victim.pk, "not_found", "", ""), (99_999_999, "not_found", "", "")]  # nothing of theirs is shown


def test_a_selection_of_only_another_sellers_listings_is_refused(seller):
    victim = make_gem_listing(publish=False)
    for selection in ({"listing_ids": [victim.pk]}, {"skus": [victim.sku]}):
        with pytest.raises(DomainError) as exc:
            listings_bulk_apply(seller=seller, action="archive", **selection)
        assert exc.value.code == "empty_selection" and exc.value.field == next(iter(selection))
    assert status_of(victim) == "draft"


def test_skus_select_only_the_sellers_own_listing_of_that_sku(seller):
    mine = make_gem_listing(seller=seller, publish=False, sku="EM-1")
    theirs = make_gem_listing(publish=False, sku="EM-1")
    job = listings_bulk_apply(seller=seller, action="archive", skus=["EM-1", "NOPE"])
    assert (status_of(mine), status_of(theirs)) == ("archived", "draft")
    assert (job.done_count, job.ignored_count, job.problems[0]["sku"]) == (1, 1, "NOPE")


def test_select_filtered_takes_every_listing_of_the_seller_with_that_status(seller, drafts):
    active = make_gem_listing(seller=seller)
    other_sellers_draft = make_gem_listing(publish=False)
    job = listings_bulk_apply(seller=seller, action="publish", filters={"status": "draft"})
    assert (job.total, job.done_count, job.selection) == (3, 3, {"by": "filters", "filters": {"status": "draft"}})
    assert sorted(job.listing_ids) == sorted(ids(drafts))
    assert (status_of(active), status_of(other_sellers_draft)) == ("active", "draft")


def test_an_empty_status_filter_selects_every_listing_of_the_seller(seller, drafts):
    active = make_gem_listing(seller=seller)
    job = listings_bulk_apply(seller=seller, action="archive", filters={"status": ""})
    assert job.total == 4 and status_of(active) == "archived"


@pytest.mark.parametrize(("selection", "field"), [
    ({}, "listing_ids"),
    ({"listing_ids": [1], "filters": {"status": "draft"}}, "filters"),
    ({"listing_ids": []}, "listing_ids"),
    ({"listing_ids": ["one"]}, "listing_ids"),
    ({"filters": {"kind": "jewelry"}}, "filters"),
    ({"filters": {"status": "gone"}}, "filters.status"),
    ({"filters": {"status": "sold"}}, "filters"),  # no sold listings: nothing matches
])
def test_a_wrong_selection_is_refused_naming_the_field(seller, drafts, selection, field):
    with pytest.raises(DomainError) as exc:
        listings_bulk_apply(seller=seller, action="archive", **selection)
    assert exc.value.field == field
    assert not BulkJob.objects.exists()


# --- Price changes --------------------------------------------------------------------------


@pytest.mark.parametrize(("price", "currency", "percent", "expected"), [
    ("1250.00", "USD", "-10", "1125.00"),
    ("999.99", "USD", "5", "1049.99"),        # 1049.9895: half up to the cent
    ("100.01", "USD", "-12.5", "87.51"),      # 87.50875
    ("12345", "JPY", "-10", "11111"),         # 11110.5: no minor unit, half up
    ("185000.00", "PKR", "2.5", "189625.00"),
    ("10.000", "KWD", "0.01", "10.001"),      # three minor digits
])
def test_a_percent_change_is_rounded_to_the_currencys_minor_unit(seller, price, currency, percent, expected):
    listing = make_gem_listing(seller=seller, price=Decimal(price), currency=currency)
    job = listings_bulk_apply(seller=seller, action="change_price", listing_ids=[listing.pk],
                              params={"mode": "percent", "percent": percent})
    assert job.done_count == 1, job.problems
    assert price_of(listing) == Decimal(expected)


def test_a_price_change_is_audited_with_who_made_it_and_the_reference_price_follows(seller):
    user = get_user_model().objects.create_user(username="owner", email="o@example.org", password="pw")
    listing = make_gem_listing(seller=seller, price=Decimal("1000.00"), currency="USD")
    job = listings_bulk_apply(seller=seller, action="change_price", listing_ids=[listing.pk], actor=user,
                              params={"mode": "percent", "percent": "-20"})
    change = ListingPriceChange.objects.get(listing=listing)
    assert (change.old_price, change.new_price, change.changed_by, change.cause) == (
        Decimal("1000.000"), Decimal("800.000"), user, "listing_edit")
    assert Listing.objects.get(pk=listing.pk).reference_price == Decimal("800.00")
    assert job.created_by == user


def test_a_fixed_price_applies_to_listings_in_its_currency_only(seller):
    dollars = make_gem_listing(seller=seller, price=Decimal("1250.00"), currency="USD")
    rupees = make_gem_listing(seller=seller, price=Decimal("350000"), currency="PKR")
    job = listings_bulk_apply(seller=seller, action="change_price", listing_ids=ids([dollars, rupees]),
                              params={"mode": "fixed", "amount": "999.50", "currency": "usd"})
    assert (price_of(dollars), price_of(rupees)) == (Decimal("999.50"), Decimal("350000"))
    assert reasons(job) == {rupees.sku: "Priced in PKR, not USD."}
    assert job.params == {"mode": "fixed", "amount": "999.50", "currency": "USD"}


def test_a_change_that_would_leave_no_price_is_refused_per_listing(seller):
    cheap = make_gem_listing(seller=seller, price=Decimal("0.01"), currency="USD")
    dear = make_gem_listing(seller=seller, price=Decimal("500.00"), currency="USD")
    job = listings_bulk_apply(seller=seller, action="change_price", listing_ids=ids([cheap, dear]),
                              params={"mode": "percent", "percent": "-99.99"})
    assert reasons(job) == {cheap.sku: "The new price would be zero or less."}
    assert (price_of(cheap), price_of(dear)) == (Decimal("0.01"), Decimal("0.05"))


def test_metal_linked_jewelry_sold_and_archived_listings_keep_their_price(seller):
    gold = make_jewelry_listing(seller=seller, price_mode="metal_linked")
    sold = make_gem_listing(seller=seller)
    Listing.objects.filter(pk=sold.pk).update(status="sold")
    archived = make_gem_listing(seller=seller)
    services.listing_archive(listing=archived)
    before = {listing.pk: price_of(listing) for listing in (gold, sold, archived)}
    job = listings_bulk_apply(seller=seller, action="change_price", listing_ids=list(before),
                              params={"mode": "percent", "percent": "10"})
    assert job.done_count == 0
    assert {p["code"] for p in job.problems} == {"metal_linked", "not_repriced"}
    assert {pk: Listing.objects.get(pk=pk).price for pk in before} == before


def test_an_unchanged_price_is_reported_not_counted(seller):
    listing = make_gem_listing(seller=seller, price=Decimal("1.00"), currency="USD")
    job = listings_bulk_apply(seller=seller, action="change_price", listing_ids=[listing.pk],
                              params={"mode": "percent", "percent": "0.1"})
    assert (job.done_count, job.problems[0]["code"]) == (0, "unchanged")


@pytest.mark.parametrize(("params", "field"), [
    ({}, "price.mode"),
    ({"mode": "half"}, "price.mode"),
    ({"mode": "percent"}, "price.percent"),
    ({"mode": "percent", "percent": "ten"}, "price.percent"),
    ({"mode": "percent", "percent": 10.0}, "price.percent"),   # a float is never money
    ({"mode": "percent", "percent": "0"}, "price.percent"),
    ({"mode": "percent", "percent": "-100"}, "price.percent"),
    ({"mode": "percent", "percent": "1000.01"}, "price.percent"),
    ({"mode": "percent", "percent": "5.125"}, "price.percent"),
    ({"mode": "percent", "percent": "NaN"}, "price.percent"),
    ({"mode": "fixed", "amount": "10"}, "price.currency"),
    ({"mode": "fixed", "amount": "10", "currency": "XYZ"}, "price.currency"),
    ({"mode": "fixed", "currency": "USD"}, "price.amount"),
    ({"mode": "fixed", "amount": "-5", "currency": "USD"}, "price.amount"),
    ({"mode": "fixed", "amount": "10.005", "currency": "USD"}, "price.amount"),
    ({"mode": "fixed", "amount": "10.5", "currency": "JPY"}, "price.amount"),
    ({"mode": "fixed", "amount": "1e20", "currency": "USD"}, "price.amount"),
])
def test_wrong_price_parameters_are_refused_naming_the_field_before_anything_changes(seller, params, field):
    listing = make_gem_listing(seller=seller, price=Decimal("100.00"), currency="USD")
    with pytest.raises(DomainError) as exc:
        listings_bulk_apply(seller=seller, action="change_price", listing_ids=[listing.pk], params=params)
    assert exc.value.field == field
    assert price_of(listing) == Decimal("100.00") and not BulkJob.objects.exists()


def test_an_unknown_action_is_refused_naming_the_field(seller, drafts):
    with pytest.raises(DomainError) as exc:
        listings_bulk_apply(seller=seller, action="delete", listing_ids=ids(drafts))
    assert exc.value.field == "action"


# --- Large selections: a job, batch by batch ------------------------------------------------


@pytest.fixture
def small_batches(settings):
    settings.LISTINGS_BULK_INLINE_MAX = 2
    settings.LISTINGS_BULK_BATCH_SIZE = 2


def test_a_large_selection_is_queued_and_runs_as_a_task_in_batches(seller, small_batches, monkeypatch,
                                                                   django_capture_on_commit_callbacks):
    listings = [make_gem_listing(seller=seller, publish=False) for _ in range(5)]
    seen = []
    apply_batch = runs._apply_batch

    def spy(job, batch, change):
        seen.append((BulkJob.objects.get(pk=job.pk).processed, len(batch)))
        return apply_batch(job, batch, change)

    monkeypatch.setattr(runs, "_apply_batch", spy)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = listings_bulk_apply(seller=seller, action="publish", filters={"status": "draft"})
    assert (job.status, job.total, job.processed, job.percent) == ("queued", 5, 0, 0)
    assert {status_of(listing) for listing in listings} == {"draft"}  # nothing before the task runs
    for callback in callbacks:
        callback()  # the task (run eagerly without a broker)
    job.refresh_from_db()
    assert (job.status, job.processed, job.done_count, job.percent) == ("done", 5, 5, 100)
    assert seen == [(0, 2), (2, 2), (4, 1)]  # progress counted after each committed batch
    assert {status_of(listing) for listing in listings} == {"active"}


def test_a_job_that_stops_keeps_its_committed_batches_and_a_redelivered_task_resumes_after_them(
        seller, small_batches, monkeypatch, django_capture_on_commit_callbacks):
    listings = [make_gem_listing(seller=seller, price=Decimal("100.00"), currency="USD") for _ in range(4)]
    apply_batch, calls = runs._apply_batch, []

    def dies_on_the_second_batch(job, batch, change):
        calls.append(batch)
        if len(calls) == 2:
            raise RuntimeError("worker killed")
        return apply_batch(job, batch, change)

    monkeypatch.setattr(runs, "_apply_batch", dies_on_the_second_batch)
    with django_capture_on_commit_callbacks(execute=True):
        job = listings_bulk_apply(seller=seller, action="change_price", listing_ids=ids(listings),
                                  params={"mode": "percent", "percent": "-10"})
    job.refresh_from_db()
    assert (job.status, job.processed, job.done_count) == ("failed", 2, 2)
    assert job.problems[-1]["code"] == "failed"
    assert [price_of(listing) for listing in listings] == [Decimal("90.00")] * 2 + [Decimal("100.00")] * 2

    # The same job, running with a worker gone silent: a redelivered task takes it over from batch 2.
    monkeypatch.setattr(runs, "_apply_batch", apply_batch)
    BulkJob.objects.filter(pk=job.pk).update(status="running", updated_at=timezone.now() - timedelta(hours=1))
    assert runs.bulk_job_run(job_id=job.pk).status == "done"
    assert [price_of(listing) for listing in listings] == [Decimal("90.00")] * 4  # never -10 % twice
    # Delivered once more after it finished: nothing changes.
    assert runs.bulk_job_run(job_id=job.pk).status == "done"
    assert [price_of(listing) for listing in listings] == [Decimal("90.00")] * 4


def test_a_running_job_with_a_live_worker_is_not_taken_over(seller, small_batches,
                                                            django_capture_on_commit_callbacks):
    listings = [make_gem_listing(seller=seller, publish=False) for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=False):
        job = listings_bulk_apply(seller=seller, action="publish", listing_ids=ids(listings))
    BulkJob.objects.filter(pk=job.pk).update(status="running")  # claimed a moment ago by another worker
    assert runs.bulk_job_run(job_id=job.pk).processed == 0
    assert {status_of(listing) for listing in listings} == {"draft"}


def test_small_selections_run_at_once_in_batches(seller, settings):
    settings.LISTINGS_BULK_BATCH_SIZE = 2
    listings = [make_gem_listing(seller=seller, publish=False) for _ in range(5)]
    job = listings_bulk_apply(seller=seller, action="publish", listing_ids=ids(listings))
    assert (job.status, job.processed, job.done_count) == ("done", 5, 5)
    assert job.finished_at is not None


def test_the_reasons_are_kept_up_to_the_setting_and_counted_in_full(seller, settings):
    settings.LISTINGS_BULK_MAX_REPORTED = 2
    listings = [make_gem_listing(seller=seller) for _ in range(3)]
    job = listings_bulk_apply(seller=seller, action="publish", listing_ids=ids(listings))
    assert (job.skipped_count, len(job.problems)) == (3, 2)


def test_a_job_left_running_by_a_killed_process_is_resumed_by_the_sweep(seller, drafts, settings):
    """An inline run (≤ LISTINGS_BULK_INLINE_MAX) has no queued task behind it: if its web process
    dies mid-run, only the sweep picks it up, from its last committed batch."""
    job = listings_bulk_apply(seller=seller, action="publish", listing_ids=ids(drafts))
    live = listings_bulk_apply(seller=seller, action="publish", listing_ids=ids(drafts))
    # As the killed process left it: running, nothing processed, the listings still drafts.
    BulkJob.objects.filter(pk=job.pk).update(status=BulkJob.Status.RUNNING, processed=0, done_count=0,
                                             finished_at=None, updated_at=timezone.now() - timedelta(hours=1))
    Listing.objects.filter(pk__in=ids(drafts)).update(status="draft")
    BulkJob.objects.filter(pk=live.pk).update(status=BulkJob.Status.RUNNING, updated_at=timezone.now())

    assert listings_bulk_resume_stale_task() == 1  # the live one (recent heartbeat) is left alone
    job.refresh_from_db()
    assert (job.status, job.processed, job.done_count) == (BulkJob.Status.DONE, 3, 3)
    assert {status_of(listing) for listing in drafts} == {"active"}
    assert BulkJob.objects.get(pk=live.pk).status == BulkJob.Status.RUNNING
