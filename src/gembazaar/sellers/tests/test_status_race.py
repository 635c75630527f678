"""Two council staff decide on the same application at the same moment: one decision wins."""

import threading

import pytest
from django.db import connection

from gembazaar.core.errors import DomainError
from gembazaar.sellers import services
from gembazaar.sellers.models import Seller, SellerStatusEvent
from gembazaar.testing import make_seller

from .conftest import make_council_user


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_approve_and_reject_leave_exactly_one_decision():
    seller = make_seller(status="under_review")
    staff = [make_council_user(f"council{i}") for i in range(8)]
    barrier = threading.Barrier(len(staff))
    outcomes: list[str] = []

    def decide(i: int) -> None:
        stale = Seller.objects.get(pk=seller.pk)  # each read the page while it was under review
        barrier.wait()
        try:
            if i % 2:
                services.seller_approve(seller=stale, actor=staff[i])
            else:
                services.seller_reject(seller=stale, actor=staff[i], reason="Documents do not match")
            outcomes.append("won")
        except DomainError as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(i,)) for i in range(len(staff))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("won") == 1
    assert set(outcomes) - {"won"} <= {"conflict", "invalid_transition"}
    assert SellerStatusEvent.objects.filter(seller=seller).count() == 1
    final = Seller.objects.get(pk=seller.pk)
    assert final.status == SellerStatusEvent.objects.get(seller=seller).to_status
