from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render

from accounts import services
from accounts.forms import ProfileForm, SignUpForm, ThrottledLoginForm
from config.http import safe_next_url


def signup(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
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
    return render(request, "accounts/signup.html", {"form": form, "next": safe_next_url(request)})


class SpindleLoginView(LoginView):
    form_class = ThrottledLoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


@login_required
def profile(request):
    user = request.user
    form = ProfileForm(request.POST or None, initial={"name": user.name, "email": user.email})
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
    return render(request, "accounts/profile.html", {"form": form})
