"""Sign-up, sign-in, email confirmation, password reset and change, the account page. Thin.

Sign-in, sign-up, password-reset requests and confirmation re-sends are rate-limited
(see ratelimit.py); a limited request gets HTTP 429, its form again with the reason, and
Retry-After.
"""

from __future__ import annotations

import math
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import i18n as i18n_views
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from gembazaar.core.errors import DomainError

from . import ratelimit, selectors, services
from .forms import LoginForm, ProfileForm, ResetRequestForm, SignUpForm
from .language import normalize_language
from .permissions import is_council_staff
from .signup_hints import signup_email_hint
from .tokens import TokenExpired, read_email_confirmation_token


def _wait_text(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return ngettext("Please wait %(count)d minute and try again.", "Please wait %(count)d minutes and try again.",
                    minutes) % {"count": minutes}


def _limited(response: HttpResponse, seconds: int) -> HttpResponse:
    response.status_code = 429
    response["Retry-After"] = str(max(1, seconds))
    return response


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return resolve_url(fallback)


def _safe_next_path(request: HttpRequest, target: str | None) -> str:
    """A same-site address to come back to, reduced to its path and query; "" if none or not safe.

    What travels in a confirmation link, and what such a link may redirect to: another host, a
    scheme (javascript:, data:), a protocol-relative //host or a backslash trick are all refused.
    """
    target = (target or "").strip()
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                         require_https=request.is_secure()):
        return ""
    parts = urlsplit(target)
    path = urlunsplit(("", "", parts.path, parts.query, ""))
    if not path.startswith("/") or path.startswith(("//", "/\\")):
        return ""
    return path if url_has_allowed_host_and_scheme(path, allowed_hosts={request.get_host()}) else ""


def _login_account_key(login_name: str) -> str:
    # One budget per person, whether they type their username or their email (in any case).
    user = selectors.user_find_by_login(login=login_name) if login_name.strip() else None
    return f"user:{user.pk}" if user else f"login:{login_name.strip().lower()}"


def _with_preferred_language(response, user):
    """Signed in on a new device: the site switches to the language the person chose before (the
    one their emails are written in), as the language switcher would."""
    language = normalize_language(getattr(user, "preferred_language", ""))
    if language:
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
                            path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
                            secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                            samesite=settings.LANGUAGE_COOKIE_SAMESITE)
    return response


class SignInView(auth_views.LoginView):
    """Sign in with email or username; failed attempts are limited per account and per network."""

    form_class = LoginForm
    template_name = "accounts/login.html"

    def post(self, request, *args, **kwargs):
        self.account_key = _login_account_key(request.POST.get("username", ""))
        self.network = ratelimit.client_network(request)
        if ratelimit.LOGIN_ACCOUNT.is_limited(self.account_key) or ratelimit.LOGIN_IP.is_limited(self.network):
            wait = max(ratelimit.LOGIN_ACCOUNT.retry_after(self.account_key),
                       ratelimit.LOGIN_IP.retry_after(self.network))
            message = _("Too many failed sign-in attempts. %(wait)s If you have forgotten your password, "
                        "reset it.") % {"wait": _wait_text(wait)}
            form = self.get_form_class()(request, initial={"username": request.POST.get("username", "")})
            return _limited(self.render_to_response(self.get_context_data(form=form, limited_message=message)), wait)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        ratelimit.LOGIN_ACCOUNT.hit(self.account_key)
        ratelimit.LOGIN_IP.hit(self.network)
        return super().form_invalid(form)

    def form_valid(self, form):
        ratelimit.LOGIN_ACCOUNT.reset(self.account_key)
        response = super().form_valid(form)
        return _with_preferred_language(response, form.get_user())


class SignOutView(auth_views.LogoutView):
    """POST only (Django refuses a GET with 405), so no page or image can sign a person out."""


@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("account")
    next_url = _safe_next(request, "account")
    # Where the person was going (an invitation, say): kept through the confirmation link as well.
    next_path = _safe_next_path(request, request.POST.get("next") or request.GET.get("next"))
    if request.method != "POST":
        email_hint = signup_email_hint(next_path)
        form = SignUpForm(initial={"email": email_hint} if email_hint else None)
        return render(request, "accounts/signup.html", {"form": form, "next": next_url})
    network = ratelimit.client_network(request)
    if ratelimit.SIGNUP_IP.is_limited(network):
        wait = ratelimit.SIGNUP_IP.retry_after(network)
        message = _("Too many sign-ups from your network. %(wait)s") % {"wait": _wait_text(wait)}
        form = SignUpForm(initial={k: request.POST.get(k, "") for k in ("email", "full_name", "country")})
        return _limited(render(request, "accounts/signup.html",
                               {"form": form, "next": next_url, "limited_message": message}), wait)
    ratelimit.SIGNUP_IP.hit(network)
    form = SignUpForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_sign_up(email=data["email"], full_name=data["full_name"],
                                         password=data["password1"], country=data.get("country") or "",
                                         language=translation.get_language() or "", next_url=next_path)
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
            messages.success(request, _("Welcome to GemBazaar. We have sent a link to %(email)s: follow it to "
                                        "confirm your address, then buy or apply to sell.") % {"email": user.email})
            return redirect(next_url)
    return render(request, "accounts/signup.html", {"form": form, "next": next_url})


@require_http_methods(["GET"])
def email_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Follow the emailed link. GET changes state here on purpose: the link is the proof, and
    following it twice (or a mail scanner opening it first) is harmless.

    A link made at a sign-up that started elsewhere (an invitation) carries that address: the
    person signed in as the confirmed account goes straight there; anyone else is offered to sign
    in (or continue) towards it. The address is checked again here, same site only.
    """
    try:
        confirmation = read_email_confirmation_token(token)
    except TokenExpired:
        return render(request, "accounts/email_confirm.html", {"outcome": "expired"}, status=400)
    except signing.BadSignature:
        return render(request, "accounts/email_confirm.html", {"outcome": "invalid"}, status=400)
    if services.user_confirm_email(user_id=confirmation.user_id, email=confirmation.email):
        outcome = "confirmed"
    elif get_user_model().objects.filter(pk=confirmation.user_id, email__iexact=confirmation.email,
                                         email_confirmed=True).exists():
        outcome = "already"
    else:  # the account now has another address, or is gone
        return render(request, "accounts/email_confirm.html", {"outcome": "invalid"}, status=400)
    next_path = _safe_next_path(request, confirmation.next_url)
    if next_path and request.user.is_authenticated and request.user.pk == confirmation.user_id:
        messages.success(request, _("Your email address is confirmed."))
        return redirect(next_path)
    return render(request, "accounts/email_confirm.html", {"outcome": outcome, "next": next_path,
                                                           "has_business": _has_business(request)})


def _has_business(request: HttpRequest) -> bool:
    if not request.user.is_authenticated:
        return False
    return bool(selectors.seller_membership_acting(user=request.user, session=request.session)[1])


@login_required
@require_POST
def email_confirmation_resend(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.email_confirmed:
        messages.info(request, _("Your email address is already confirmed."))
        return redirect("account")
    key = f"user:{user.pk}"
    if ratelimit.CONFIRMATION_RESEND_USER.is_limited(key):
        wait = ratelimit.CONFIRMATION_RESEND_USER.retry_after(key)
        message = _("We have already sent you several links in the last hour. Check your spam folder. "
                    "%(wait)s") % {"wait": _wait_text(wait)}
        return _limited(render(request, "accounts/rate_limited.html", {"limited_message": message}), wait)
    ratelimit.CONFIRMATION_RESEND_USER.hit(key)
    services.email_confirmation_send(user=user, next_url=_safe_next_path(request, request.POST.get("next")))
    messages.success(request, _("We have sent a new link to %(email)s.") % {"email": user.email})
    return redirect(_safe_next(request, "account"))


@login_required
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    """The account page: profile, email status, password, seller memberships and roles."""
    user = request.user
    initial = {"first_name": user.first_name, "last_name": user.last_name, "country": user.country.code or "",
               "preferred_language": user.preferred_language}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.user_update_profile(user=user, first_name=form.cleaned_data["first_name"],
                                     last_name=form.cleaned_data["last_name"],
                                     country=form.cleaned_data["country"],
                                     # A form posted without the field (an old page) leaves it as it is.
                                     preferred_language=form.cleaned_data["preferred_language"]
                                     if "preferred_language" in request.POST else None)
        messages.success(request, _("Your details are saved."))
        return redirect("account")
    acting, memberships = selectors.seller_membership_acting(user=user, session=request.session)
    return render(request, "accounts/account.html", {
        "form": form,
        "memberships": memberships,
        "has_business": bool(memberships),
        "acting_seller_id": acting.seller_id if acting else None,
        "is_council_staff": is_council_staff(user),
    })


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switcher (/i18n/setlang/), and a signed-in person's choice is kept on the account.

    Django's view sets the language cookie and redirects; the account then remembers the language
    too, so emails (sent by workers, far from this cookie) are written in it.
    """
    response = i18n_views.set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        language = request.POST.get(i18n_views.LANGUAGE_QUERY_PARAMETER, "")
        if language and translation.check_for_language(language):
            services.user_language_switch(user=request.user, language=language)
    return response


@login_required
@require_POST
def seller_switch(request: HttpRequest) -> HttpResponse:
    """Choose which of your sellers you work for now (members of more than one)."""
    if not services.acting_seller_choose(user=request.user, session=request.session,
                                         seller_id=request.POST.get("seller")):
        raise Http404
    return redirect(_safe_next(request, "account"))


class ResetRequestView(auth_views.PasswordResetView):
    """Ask for a reset link; limited per network and per address so no inbox can be flooded."""

    form_class = ResetRequestForm
    template_name = "accounts/password_reset_form.html"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    email_template_name = "accounts/email/password_reset.txt"
    html_email_template_name = "accounts/email/password_reset.html"

    @property
    def extra_email_context(self):
        return {"site_url": settings.SITE_URL}

    def post(self, request, *args, **kwargs):
        network = ratelimit.client_network(request)
        address = request.POST.get("email", "").strip().lower()
        for limiter, ident in ((ratelimit.PASSWORD_RESET_IP, network), (ratelimit.PASSWORD_RESET_EMAIL, address)):
            if limiter.is_limited(ident):
                wait = limiter.retry_after(ident)
                message = _("Too many reset requests. Check your inbox and spam folder for the link we "
                            "sent. %(wait)s") % {"wait": _wait_text(wait)}
                form = self.get_form_class()(initial={"email": request.POST.get("email", "")})
                context = self.get_context_data(form=form, limited_message=message)
                return _limited(self.render_to_response(context), wait)
        ratelimit.PASSWORD_RESET_IP.hit(network)
        ratelimit.PASSWORD_RESET_EMAIL.hit(address)
        return super().post(request, *args, **kwargs)


class ResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        # The link reached the inbox, so the address is proven; and a person locked out by
        # someone guessing their password can sign in again at once.
        services.user_confirm_email(user_id=self.user.pk, email=self.user.email)
        ratelimit.LOGIN_ACCOUNT.reset(f"user:{self.user.pk}")
        return response


class ResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("account")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password is changed."))
        return response
