from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .language import email_language

NAME_MAX_LENGTH = 150


def _country_field(**kwargs) -> forms.Field:
    # The model's CountryField gives every ISO 3166-1 country, named in the reader's language.
    field = get_user_model()._meta.get_field("country").formfield(**kwargs)
    field.choices = [("", _("Choose a country (optional)")), *list(field.choices)[1:]]
    return field


class SignUpForm(forms.Form):
    """Email, name, password twice and an optional country; checks the password against every validator."""

    email = forms.EmailField(label=_("Email address"), max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}))
    full_name = forms.CharField(label=_("Your name"), max_length=NAME_MAX_LENGTH,
                                widget=forms.TextInput(attrs={"autocomplete": "name"}))
    password1 = forms.CharField(label=_("Password"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                help_text=_("At least 8 characters; not a common password, not only digits, "
                                            "not like your name or email."))
    password2 = forms.CharField(label=_("Password again"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"] = _country_field(label=_("Country"), required=False)

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise ValidationError(_("An account with this email address already exists. Sign in, or reset "
                                    "your password if you have forgotten it."), code="email_taken")
        return email

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", ValidationError(_("The two passwords do not match."),
                                                        code="password_mismatch"))
        elif password1:
            # The similarity validator compares the password with the name and email being registered.
            first_name, _sep, last_name = cleaned.get("full_name", "").partition(" ")
            candidate = get_user_model()(email=cleaned.get("email", ""), first_name=first_name, last_name=last_name)
            try:
                password_validation.validate_password(password1, user=candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class LoginForm(AuthenticationForm):
    """Django's sign-in form, labelled for email or username."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Email or username")
        self.fields["username"].max_length = 254
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "maxlength": 254})
        self.error_messages["invalid_login"] = _("That email or username and password do not match an account. "
                                                 "Passwords are case-sensitive.")


class LanguageSelect(forms.Select):
    """Each language's name is marked as written in that language (lang="ur"), for screen readers."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value:
            option["attrs"]["lang"] = value
        return option


def language_choices() -> list[tuple[str, str]]:
    # Each language named in itself, as the switcher in the header does: a reader finds their own.
    return [("", _("Site default")),
            *[(code, translation.get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES]]


class ResetRequestForm(PasswordResetForm):
    email = forms.EmailField(label=_("Email address"), max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}))

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        # In the account holder's language; one without a preference gets the page's language.
        with email_language(context.get("user"), default=translation.get_language()):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)


class ProfileForm(forms.Form):
    """Name, country and language. A plain form, so a refused change never touches the signed-in user object."""

    first_name = forms.CharField(label=_("First name"), max_length=NAME_MAX_LENGTH, required=False,
                                 widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
    last_name = forms.CharField(label=_("Last name"), max_length=NAME_MAX_LENGTH, required=False,
                                widget=forms.TextInput(attrs={"autocomplete": "family-name"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"] = _country_field(label=_("Country"), required=False)
        self.fields["preferred_language"] = forms.ChoiceField(
            label=_("Language for emails"), required=False, choices=language_choices(), widget=LanguageSelect,
            help_text=_("We write to you in this language. Switching the site's language changes it too."))
