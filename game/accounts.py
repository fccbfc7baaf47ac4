"""Facilitator accounts: signing up (when the site allows it), the facilitators group, and a
log-in throttle that makes guessing a password slow.

Teachers sign up themselves on a laptop or a school server that allows it
(``MUFAKAT_SIGNUP``); otherwise an administrator creates their account in ``/admin/``. Log
in, log out and the password reset flow are Django's own views with the game's templates.
"""

from __future__ import annotations

import hashlib
from typing import Any, ClassVar

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, login
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.contrib.auth.models import AbstractUser, Group
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

# Every new facilitator joins this group; administrators grant the role's permissions to it.
FACILITATORS_GROUP = "facilitators"


def accounts_context(request: HttpRequest) -> dict[str, Any]:
    """Template context: whether the log-in page should offer a link to sign up."""
    return {"signup_open": settings.MUFAKAT_SIGNUP}


# The log-in throttle


def client_address(request: HttpRequest | None) -> str:
    """The address the request came from, as the server sees it (a proxy must pass it on)."""
    if request is None:
        return ""
    return request.META.get("REMOTE_ADDR", "")


def _throttle_key(username: str, address: str) -> str:
    # Hashed, so any username (spaces, non-ASCII) makes a valid key and none is stored.
    digest = hashlib.sha256(f"{username.casefold()}\0{address}".encode()).hexdigest()
    return f"login-failures:{digest}"


def login_failures(*, username: str, address: str) -> int:
    return int(cache.get(_throttle_key(username, address), 0))


def login_blocked(*, username: str, address: str) -> bool:
    """True once this username has failed too often from this address within the window."""
    return login_failures(username=username, address=address) >= settings.MUFAKAT_LOGIN_FAILURES


def record_login_failure(*, username: str, address: str) -> int:
    """Count one failed attempt; returns the count so far in the current window.

    The window starts at the first failure and is not extended by later ones, so a blocked
    teacher knows the wait is at most ``MUFAKAT_LOGIN_WINDOW_SECONDS``.
    """
    key = _throttle_key(username, address)
    cache.add(key, 0, timeout=settings.MUFAKAT_LOGIN_WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # the window ended between add and incr: start a new one
        cache.set(key, 1, timeout=settings.MUFAKAT_LOGIN_WINDOW_SECONDS)
        return 1


def clear_login_failures(*, username: str, address: str) -> None:
    cache.delete(_throttle_key(username, address))


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's log-in form, refusing a username+address pair after too many failures.

    A blocked pair is refused before the password is checked, so a guesser learns nothing
    more, even with the right password, until the window ends.
    """

    error_messages: ClassVar[dict[str, Any]] = {
        **AuthenticationForm.error_messages,
        "throttled": _(
            "Too many failed attempts to sign in as this user from your network. "
            "Wait %(minutes)d minutes and try again, or reset your password."
        ),
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        if not username:
            return super().clean()
        address = client_address(self.request)
        if login_blocked(username=username, address=address):
            raise self._throttled()
        try:
            cleaned = super().clean()
        except ValidationError as error:
            if getattr(error, "code", None) == "invalid_login":
                record_login_failure(username=username, address=address)
                if login_blocked(username=username, address=address):
                    raise self._throttled() from None
            raise
        clear_login_failures(username=username, address=address)
        return cleaned

    def _throttled(self) -> ValidationError:
        minutes = max(1, round(settings.MUFAKAT_LOGIN_WINDOW_SECONDS / 60))
        return ValidationError(
            self.error_messages["throttled"], code="throttled", params={"minutes": minutes}
        )


# Signing up


class SignUpForm(UserCreationForm):
    """Username, e-mail (for the password reset) and a password checked by the validators."""

    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("Used only to send you a link if you forget your password."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")

    def clean_email(self) -> str:
        email = get_user_model().objects.normalize_email(self.cleaned_data["email"])
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise ValidationError(
                _("An account with this e-mail address already exists."), code="email_taken"
            )
        return email


def sign_up(*, username: str, email: str, password: str) -> AbstractUser:
    """Create a facilitator: an active user (not staff) in the facilitators group."""
    with transaction.atomic():
        user = get_user_model().objects.create_user(username, email=email, password=password)
        group, _created = Group.objects.get_or_create(name=FACILITATORS_GROUP)
        user.groups.add(group)
    return user


@sensitive_post_parameters("password1", "password2")
@csrf_protect
@never_cache
def signup(request: HttpRequest) -> HttpResponse:
    """/accounts/signup/: a new facilitator account, signed in at once."""
    if not settings.MUFAKAT_SIGNUP:
        return render(request, "registration/signup_closed.html", status=403)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    if request.method == "POST":
        form = SignUpForm(request.POST)
        if form.is_valid():
            user = sign_up(
                username=form.cleaned_data["username"],
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
            )
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
    else:
        form = SignUpForm()
    return render(
        request,
        "registration/signup.html",
        {"form": form, "next": next_url},
        status=400 if form.is_bound else 200,
    )
