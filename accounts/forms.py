from __future__ import annotations

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation

from accounts import services
from accounts.models import User
from config.forms import CleanTextMixin


class SignUpForm(CleanTextMixin, forms.Form):
    name = forms.CharField(max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password1 = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label="Password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("An account with this email already exists. Log in?")
        return email

    def clean(self) -> dict:
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", "The two passwords differ.")
        elif password1:
            candidate = User(email=cleaned.get("email", ""), name=cleaned.get("name", ""))
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class ProfileForm(CleanTextMixin, forms.Form):
    name = forms.CharField(max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(widget=forms.EmailInput(attrs={"autocomplete": "email"}))


class ThrottledLoginMixin:
    """Refuses to check passwords after too many failures (see accounts.services).

    The client address is REMOTE_ADDR, which config.middleware.ClientAddressMiddleware has set
    from our trusted proxies' X-Forwarded-For when there are any.
    """

    def clean(self) -> dict:
        if self.has_error("username"):  # bad input: no password is checked, nothing to count
            return super().clean()
        email = self.data.get("username", "")
        client_ip = self.request.META.get("REMOTE_ADDR", "") if self.request else ""
        try:
            services.check_login_allowed(email=email, client_ip=client_ip)
        except services.LoginThrottled as throttled:
            raise forms.ValidationError(str(throttled), code="throttled") from None
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            # A wrong password counts; a right one refused (a student at the admin) does not.
            if self.get_user() is None:
                services.record_login_failure(email=email, client_ip=client_ip)
            raise
        if self.get_user() is not None:
            services.clear_login_failures(email=email)
        return cleaned


class ThrottledLoginForm(CleanTextMixin, ThrottledLoginMixin, auth_forms.AuthenticationForm):
    """The site's login form."""


class ThrottledAdminLoginForm(CleanTextMixin, ThrottledLoginMixin, AdminAuthenticationForm):
    """The admin's login form (accounts.admin installs it), throttled like the site's."""


# Django's password forms, refusing control characters like every form of ours.


class PasswordChangeForm(CleanTextMixin, auth_forms.PasswordChangeForm):
    pass


class PasswordResetForm(CleanTextMixin, auth_forms.PasswordResetForm):
    pass


class SetPasswordForm(CleanTextMixin, auth_forms.SetPasswordForm):
    pass
