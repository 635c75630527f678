"""The buyer receives the invoice (PDF attached) once it is issued, in their language: orders'
own "paid" email cannot carry it (orders knows nothing of payments), so payments sends its own."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from gembazaar.accounts.language import content_language_header, email_language

from .models import Invoice
from .pdf.document import pdf_language
from .pdf.invoice import invoice_pdf


def send_invoice_email(*, invoice_id: int) -> int:
    """Email the buyer the invoice; returns how many were emailed (0 or 1)."""
    invoice = Invoice.objects.select_related("order__buyer").get(pk=invoice_id)
    buyer = invoice.order.buyer
    if not buyer.email:
        return 0
    context = {"invoice": invoice, "order": invoice.order, "buyer": buyer, "site_url": settings.SITE_URL}
    with email_language(buyer) as language:
        subject = " ".join(render_to_string("payments/email/invoice_subject.txt", context).split())
        message = EmailMessage(subject, render_to_string("payments/email/invoice_body.txt", context), to=[buyer.email],
                               headers=content_language_header(language))
        message.attach(f"invoice-{invoice.number}.pdf",
                       invoice_pdf(invoice, language=pdf_language(None, default=language)), "application/pdf")
        message.send()
    return 1


@shared_task(name="payments.send_invoice_email")
def send_invoice_email_task(invoice_id: int) -> int:
    return send_invoice_email(invoice_id=invoice_id)
