from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy

from accounts import forms, services
from config.http import safe_next_url


def signup(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = forms.SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.register_student(
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
            )
        except services.EmailTaken:
            form.add_error("email", "An account with this email already exists. Log in?")
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Welcome to Spindle, {user.get_short_name()}!")
            return redirect(safe_next_url(request) or "home")
    context = {"form": form, "next": safe_next_url(request)}
    return render(request, "accounts/signup.html", context, status=400 if form.errors else 200)


class FormErrorsAre400:
    """A form view whose invalid form re-renders with its errors and status 400, as ours do."""

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class SpindleLoginView(FormErrorsAre400, auth_views.LoginView):
    form_class = forms.ThrottledLoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(FormErrorsAre400, auth_views.PasswordChangeView):
    form_class = forms.PasswordChangeForm
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordResetView(FormErrorsAre400, auth_views.PasswordResetView):
    form_class = forms.PasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"


class PasswordResetConfirmView(FormErrorsAre400, auth_views.PasswordResetConfirmView):
    form_class = forms.SetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")


@login_required
def profile(request):
    user = request.user
    form = forms.ProfileForm(request.POST or None, initial={"name": user.name, "email": user.email})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_profile(
                user=user, name=form.cleaned_data["name"], email=form.cleaned_data["email"]
            )
        except services.EmailTaken:
            form.add_error("email", "Another account already uses this email.")
        else:
            messages.success(request, "Your profile was saved.")
            return redirect("accounts:profile")
    return render(
        request, "accounts/profile.html", {"form": form}, status=400 if form.errors else 200
    )
