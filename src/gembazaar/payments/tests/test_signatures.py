"""Webhook signatures: genuine ones pass (any secret of a rotation, any of several v1s); a wrong,
stale, future, tampered or malformed one never does; and the scheme is Stripe's own, checked
against the official library both ways."""

from __future__ import annotations

import pytest
import stripe
from hypothesis import given
from hypothesis import strategies as st

from gembazaar.payments.signatures import SignatureError, header_for, parse_header, sign, verify

BODY = b'{"id": "evt_1", "type": "checkout.session.completed", "amount": "1250.00"}'
NOW = 1_800_000_000
OLD, NEW = "whsec_old_secret", "whsec_new_secret"


def test_a_genuine_webhook_passes():
    header = header_for(BODY, secrets=[NEW], timestamp=NOW)
    assert verify(BODY, header, secrets=[NEW], now=NOW + 10).timestamp == NOW


@pytest.mark.parametrize(("signed_with", "we_hold"), [([OLD], [NEW, OLD]), ([NEW], [NEW, OLD]),
                                                      ([OLD, NEW], [NEW]), ([NEW, OLD], [OLD])])
def test_every_secret_of_a_rotation_and_every_v1_is_tried(signed_with, we_hold):
    verify(BODY, header_for(BODY, secrets=signed_with, timestamp=NOW), secrets=we_hold, now=NOW)


@pytest.mark.parametrize("change", [
    lambda body, header: (body + b" ", header),  # a tampered body
    lambda body, header: (body.replace(b"1250.00", b"1.00"), header),  # the amount changed in flight
    lambda body, header: (body, header.replace("v1=", "v1=0", 1)),  # a tampered signature
    lambda body, header: (body, header.replace("v1=", "v0=")),  # another scheme only
    lambda body, header: (body, header.split(",")[0]),  # no signature
    lambda body, header: (body, ""),  # no header
    lambda body, header: (body, "t=abc,v1=00"),  # a malformed time
    lambda body, header: (body, "t=\u00b2,v1=00"),  # a digit to str.isdigit, not to int()
    lambda body, header: (body, "t=" + "9" * 400 + ",v1=00"),  # no clock shows that
    lambda body, header: (body, "v1=" + sign(body, secret=NEW, timestamp=NOW)),  # no time
])
def test_a_wrong_signature_is_refused(change):
    body, header = change(BODY, header_for(BODY, secrets=[NEW], timestamp=NOW))
    with pytest.raises(SignatureError):
        verify(body, header, secrets=[NEW], now=NOW)


@pytest.mark.parametrize("skew", [-301, 301, 86_400])
def test_a_stale_or_future_webhook_is_refused(skew):
    header = header_for(BODY, secrets=[NEW], timestamp=NOW)
    with pytest.raises(SignatureError, match="tolerance"):
        verify(BODY, header, secrets=[NEW], now=NOW + skew)
    verify(BODY, header, secrets=[NEW], now=NOW + (300 if skew > 0 else -300))  # the edge still passes


def test_a_secret_we_do_not_hold_or_none_at_all_is_refused():
    header = header_for(BODY, secrets=[OLD], timestamp=NOW)
    with pytest.raises(SignatureError):
        verify(BODY, header, secrets=[NEW], now=NOW)
    with pytest.raises(SignatureError, match="no signing secret"):
        verify(BODY, header, secrets=["", None], now=NOW)


def test_ours_and_stripes_agree_both_ways():
    ours = header_for(BODY, secrets=[NEW], timestamp=NOW)
    assert stripe.WebhookSignature.verify_header(BODY.decode(), ours, NEW, tolerance=None)
    theirs = f"t={NOW},v1={stripe.WebhookSignature._compute_signature(f'{NOW}.{BODY.decode()}', NEW)}"
    assert verify(BODY, theirs, secrets=[NEW], now=NOW).signatures == parse_header(theirs).signatures


@given(st.binary(max_size=512), st.text(min_size=1, max_size=40), st.integers(0, 2**33))
def test_any_body_signed_with_a_secret_verifies_and_one_flipped_byte_does_not(body, secret, at):
    header = header_for(body, secrets=[secret], timestamp=at)
    verify(body, header, secrets=[secret], now=at)
    if body:
        flipped = bytes([body[0] ^ 1]) + body[1:]
        with pytest.raises(SignatureError):
            verify(flipped, header, secrets=[secret], now=at)
