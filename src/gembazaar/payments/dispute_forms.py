"""The dispute pages' forms, and the one place that turns a posted step into a service call for
every door (the buyer's dispute centre, the seller centre, the council console): what each role
may press, and a refused step's error put beside its field."""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext_lazy as _

from gembazaar.core.errors import DomainError
from gembazaar.orders.rules import BUYER, SELLER, STAFF

from . import dispute_selectors as selectors
from . import disputes
from .models import Dispute, DisputeOfferKind, DisputeReason

TEXT = {"max_length": disputes.TEXT_MAX, "strip": True}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to PHOTOS_MAX pictures; their content is checked by the service (core.images)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(required=False, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > disputes.PHOTOS_MAX:
            raise forms.ValidationError(_("At most %(n)d photos at a time.") % {"n": disputes.PHOTOS_MAX})
        return [upload.read(disputes.UPLOAD_READ_MAX) for upload in files]


class DisputeOpenForm(forms.Form):
    reason = forms.ChoiceField(label=_("What went wrong"), choices=DisputeReason.choices)
    description = forms.CharField(label=_("Tell the seller and the council"), widget=forms.Textarea(attrs={"rows": 5}),
                                  **TEXT)
    photos = PhotosField(label=_("Photos"), help_text=_("Up to 5 JPEG, PNG or WebP pictures."))


class MessageForm(forms.Form):
    text = forms.CharField(label=_("Message"), required=False, widget=forms.Textarea(attrs={"rows": 3}), **TEXT)
    photos = PhotosField(label=_("Photos"), help_text=_("Up to 5 JPEG, PNG or WebP pictures."))


class OfferForm(forms.Form):
    kind = forms.ChoiceField(label=_("Offer"), choices=DisputeOfferKind.choices)
    amount = forms.CharField(label=_("Amount to refund"), required=False, max_length=30,
                             help_text=_("For a partial refund, in the order's currency."))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), **TEXT)


class WordsForm(forms.Form):
    text = forms.CharField(label=_("Why"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           **TEXT)


class LateCancelForm(forms.Form):
    reason = forms.CharField(label=_("Why"), required=False, max_length=1000, strip=True,
                             widget=forms.Textarea(attrs={"rows": 2}))


# Which steps each role may post, and the form that carries each step's input.
STEPS = {
    BUYER: ("message", "offer", "accept", "decline", "escalate", "withdraw"),
    SELLER: ("message", "offer", "accept", "decline", "escalate", "return_received"),
    STAFF: ("message",),
}
FORMS = {"message": MessageForm, "offer": OfferForm, "decline": WordsForm, "escalate": WordsForm,
         "withdraw": WordsForm}


@dataclass
class StepForms:
    """The forms a dispute page shows, bound with the refused step's input when there was one."""

    bound: dict = field(default_factory=dict)
    error: str = ""  # a refused step's message with no field of its own

    def get(self, step: str):
        return self.bound.get(step) or FORMS[step](prefix=step)

    @property
    def message(self):
        return self.get("message")

    @property
    def offer(self):
        return self.get("offer")

    @property
    def escalate(self):
        return self.get("escalate")

    @property
    def withdraw(self):
        return self.get("withdraw")

    @property
    def decline(self):
        return self.get("decline")


def step_perform(*, dispute: Dispute, step: str, role: str, actor, data, files) -> tuple[bool, StepForms]:
    """Run one posted step as `role`; returns (done, the forms to show again when refused)."""
    if step not in STEPS.get(role, ()):
        raise Dispute.DoesNotExist  # not a step of this door: as unknown as a stranger's dispute
    form = FORMS[step](data, files, prefix=step) if step in FORMS else None
    if form is not None and not form.is_valid():
        return False, StepForms(bound={step: form})
    values = form.cleaned_data if form is not None else {}
    try:
        _perform(dispute=dispute, step=step, role=role, actor=actor, values=values, data=data)
    except DomainError as exc:
        if form is not None and exc.field in form.fields:
            form.add_error(exc.field, exc.message)
            return False, StepForms(bound={step: form})
        return False, StepForms(bound={step: form} if form is not None else {}, error=exc.message)
    return True, StepForms()


def _perform(*, dispute: Dispute, step: str, role: str, actor, values: dict, data) -> None:
    if step == "message":
        disputes.dispute_message(dispute=dispute, actor=actor, role=role, text=values["text"],
                                 photos=values["photos"])
    elif step == "offer":
        disputes.dispute_offer_make(dispute=dispute, actor=actor, role=role, kind=values["kind"],
                                    amount=values["amount"] or None, note=values["note"])
    elif step in ("accept", "decline"):
        try:
            offer = selectors.dispute_offer_get(dispute=dispute, offer_id=int(data.get("offer", "")))
        except (ValueError, OverflowError):
            raise DomainError(str(_("This offer is no longer open.")), code="offer_not_pending", field="offer") \
                from None
        if step == "accept":
            disputes.dispute_offer_accept(offer=offer, actor=actor, role=role)
        else:
            disputes.dispute_offer_decline(offer=offer, actor=actor, role=role, note=values["text"])
    elif step == "escalate":
        disputes.dispute_escalate(dispute=dispute, actor=actor, role=role, text=values["text"])
    elif step == "withdraw":
        disputes.dispute_withdraw(dispute=dispute, actor=actor, text=values["text"])
    elif step == "return_received":
        disputes.dispute_return_received(dispute=dispute, actor=actor, role=role)


def page_context(*, dispute: Dispute, role: str, forms: StepForms | None = None) -> dict:
    """What every dispute page shows: the dispute, its timeline, the pending offer and the forms."""
    return {"dispute": dispute, "events": selectors.dispute_timeline(dispute=dispute),
            "pending_offer": selectors.dispute_pending_offer(dispute=dispute),
            "refundable": selectors.dispute_refundable(dispute=dispute), "role": role,
            "steps": STEPS.get(role, ()), "forms": forms or StepForms()}
