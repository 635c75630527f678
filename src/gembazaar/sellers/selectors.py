from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce

from .models import ReturnsPolicy, Seller, SellerDocument, SellerMember, SellerStatusEvent

PUBLIC_LISTING_STATUSES = ["active", "reserved"]


def sellers_verified() -> QuerySet[Seller]:
    """Sellers in good standing, with how many listings each has on sale."""
    return (
        Seller.objects.filter(status=Seller.Status.VERIFIED)
        .annotate(listing_count=Count("listings", filter=Q(listings__status__in=PUBLIC_LISTING_STATUSES)))
        .order_by("trade_name")
    )


def seller_get_public(*, slug: str, with_count: bool = True) -> Seller:
    """A verified seller's public profile; raises Seller.DoesNotExist otherwise.

    `with_count=False` skips counting its listings on sale (a GROUP BY over all of them, about
    0.3 s for a seller with 50,000): the storefront page takes the count from its paginator."""
    if not with_count:
        return Seller.objects.select_related("returns_policy").get(slug=slug, status=Seller.Status.VERIFIED)
    return sellers_verified().select_related("returns_policy").get(slug=slug)


def seller_returns_policy(*, seller: Seller) -> ReturnsPolicy | None:
    """The seller's own returns policy, or None when the marketplace minimum applies."""
    return ReturnsPolicy.objects.filter(seller=seller).first()


def sellers_directory() -> QuerySet[Seller]:
    """Verified sellers in a total order (name, then id), so pages never overlap or skip."""
    return sellers_verified().order_by("trade_name", "id")


# --- Verification: the applicant's page and the council console ---------------------------------

VERIFICATION_QUEUE_STATUSES = [Seller.Status.APPLIED, Seller.Status.UNDER_REVIEW]


def _owners_prefetch() -> Prefetch:
    owners = SellerMember.objects.filter(role=SellerMember.Role.OWNER).select_related("user").order_by("id")
    return Prefetch("members", queryset=owners, to_attr="owner_members")


def seller_owned_by(*, user) -> Seller | None:
    """The business this person owns (their application), or None."""
    if not user.is_authenticated:
        return None
    return (Seller.objects.filter(members__user=user, members__role=SellerMember.Role.OWNER)
            .order_by("-created_at", "-id").first())


def seller_documents_current(*, seller: Seller) -> list[SellerDocument]:
    """The latest document of each kind (earlier uploads stay on file for the audit)."""
    latest: dict[str, SellerDocument] = {}
    for document in SellerDocument.objects.filter(seller=seller).order_by("kind", "-uploaded_at", "-id"):
        latest.setdefault(document.kind, document)
    order = list(SellerDocument.Kind.values)
    return sorted(latest.values(), key=lambda document: order.index(document.kind))


def seller_status_events(*, seller: Seller) -> QuerySet[SellerStatusEvent]:
    """The seller's audit trail, newest first."""
    return SellerStatusEvent.objects.filter(seller=seller).select_related("actor").order_by("-at", "-id")


def seller_latest_event(*, seller: Seller) -> SellerStatusEvent | None:
    return seller_status_events(seller=seller).first()


def seller_document_get_for_download(*, user, document_id: int) -> SellerDocument:
    """A document for council staff or the business's owners; raises SellerDocument.DoesNotExist for
    anyone else, exactly as for a document that does not exist."""
    if not user.is_authenticated or not user.is_active:
        raise SellerDocument.DoesNotExist
    documents = SellerDocument.objects.select_related("seller")
    if not user.is_council_staff:
        documents = documents.filter(seller__members__user=user, seller__members__role=SellerMember.Role.OWNER)
    return documents.get(pk=document_id)


def sellers_verification_queue() -> QuerySet[Seller]:
    """Applications waiting for the council, the longest-waiting first, with their owners and document count."""
    return (
        Seller.objects.filter(status__in=VERIFICATION_QUEUE_STATUSES)
        .annotate(waiting_since=Coalesce("applied_at", "created_at"),
                  document_count=Count("documents", distinct=True))
        .prefetch_related(_owners_prefetch())
        .order_by("waiting_since", "id")
    )


def seller_status_counts() -> dict[str, int]:
    """How many sellers are in each status (every status present, zero included)."""
    counts = dict.fromkeys(Seller.Status.values, 0)
    for row in Seller.objects.order_by().values("status").annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    return counts


def sellers_for_council(*, status: str = "", query: str = "") -> QuerySet[Seller]:
    """Every seller for the council's list, by name, optionally in one status or matching a search."""
    sellers = Seller.objects.prefetch_related(_owners_prefetch()).order_by("trade_name", "id")
    if status:
        sellers = sellers.filter(status=status)
    query = query.strip()
    if query:
        sellers = sellers.filter(Q(trade_name__icontains=query) | Q(legal_name__icontains=query)
                                 | Q(council_membership_no__icontains=query) | Q(tax_number__icontains=query)
                                 | Q(city__icontains=query) | Q(slug__icontains=query))
    return sellers


def seller_get_for_council(*, seller_id: int) -> Seller:
    """A seller with its owners, for the council's application page; raises Seller.DoesNotExist."""
    return Seller.objects.prefetch_related(_owners_prefetch()).get(pk=seller_id)
