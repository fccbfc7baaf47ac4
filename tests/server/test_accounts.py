"""Facilitator accounts: signing up (when allowed), the log-in throttle, the password reset
by e-mail, and the settings that drive them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from game.accounts import FACILITATORS_GROUP
from tests.conftest import PROJECT_DIR
from tests.services import redis_test_url

pytestmark = pytest.mark.django_db

PASSWORD = "rahasia-sekali"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """The throttle's counters live in the cache, which outlives a test in this process."""
    cache.clear()
    yield
    cache.clear()


def sign_in(client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


# Signing up


def test_sign_up_creates_an_active_facilitator_in_the_facilitators_group_and_signs_in(
    client, settings
):
    settings.MUFAKAT_SIGNUP = True

    response = client.post(
        reverse("signup"),
        {
            "username": "bu-sari",
            "email": "sari@sekolah.example",
            "password1": "Merdeka-Belajar-2025",
            "password2": "Merdeka-Belajar-2025",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse(settings.LOGIN_REDIRECT_URL)
    user = get_user_model().objects.get(username="bu-sari")
    assert user.is_active and not user.is_staff and not user.is_superuser
    assert user.email == "sari@sekolah.example"
    assert list(user.groups.values_list("name", flat=True)) == [FACILITATORS_GROUP]
    assert signed_in(client)


def test_sign_up_goes_on_to_a_safe_next_page_only(client, settings):
    settings.MUFAKAT_SIGNUP = True
    form = {"email": "a@b.example", "password1": "Merdeka-Belajar-2025"}
    form["password2"] = form["password1"]

    inside = client.post(
        reverse("signup"), {**form, "username": "a", "next": "/facilitate/scenarios/"}
    )
    client.logout()
    outside = client.post(
        reverse("signup"),
        {**form, "username": "b", "email": "b@b.example", "next": "https://evil.example/"},
    )

    assert inside["Location"] == "/facilitate/scenarios/"
    assert outside["Location"] == reverse(settings.LOGIN_REDIRECT_URL)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"password2": "something-else-entirely"}, "password2"),
        ({"password1": "12345678", "password2": "12345678"}, "password2"),
        ({"email": "not-an-address"}, "email"),
        ({"email": "taken@sekolah.example"}, "email"),
        ({"username": "guru"}, "username"),
    ],
    ids=["passwords-differ", "weak-password", "bad-email", "email-taken", "username-taken"],
)
def test_sign_up_refuses_bad_details_next_to_the_field(client, settings, change, field):
    settings.MUFAKAT_SIGNUP = True
    get_user_model().objects.create_user("guru", "taken@sekolah.example", PASSWORD)
    form = {
        "username": "baru",
        "email": "baru@sekolah.example",
        "password1": "Merdeka-Belajar-2025",
        "password2": "Merdeka-Belajar-2025",
        **change,
    }

    response = client.post(reverse("signup"), form)

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert 'aria-invalid="true"' in response.content.decode()
    assert not get_user_model().objects.filter(username="baru").exists()


def test_with_sign_up_closed_only_administrators_create_accounts(client, settings):
    settings.MUFAKAT_SIGNUP = False

    page = client.get(reverse("signup"))
    attempt = client.post(
        reverse("signup"),
        {
            "username": "penyusup",
            "email": "p@example.com",
            "password1": "Merdeka-Belajar-2025",
            "password2": "Merdeka-Belajar-2025",
        },
    )

    assert page.status_code == attempt.status_code == 403
    assert "registration/signup_closed.html" in [t.name for t in page.templates]
    assert not get_user_model().objects.filter(username="penyusup").exists()


def test_templates_tell_the_login_page_whether_sign_up_is_open(client, settings):
    settings.MUFAKAT_SIGNUP = False
    assert client.get(reverse("login")).context["signup_open"] is False
    settings.MUFAKAT_SIGNUP = True
    assert client.get(reverse("login")).context["signup_open"] is True


# The log-in throttle


def test_the_fifth_failure_for_a_username_from_one_address_blocks_further_attempts(
    client, settings
):
    settings.MUFAKAT_LOGIN_FAILURES = 5
    settings.MUFAKAT_LOGIN_WINDOW_SECONDS = 900
    get_user_model().objects.create_user("guru", password=PASSWORD)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    answers = [sign_in(client, "guru", f"tebakan-{n}") for n in range(5)]
    right_password_too_late = sign_in(client, "guru", PASSWORD)

    codes = [[e.code for e in a.context["form"].non_field_errors().as_data()] for a in answers]
    assert codes == [["invalid_login"]] * 4 + [["throttled"]]
    refused = right_password_too_late.context["form"]
    assert [e.code for e in refused.non_field_errors().as_data()] == ["throttled"]
    assert "Wait 15 minutes" in right_password_too_late.content.decode()
    assert not signed_in(client)


def test_the_block_is_per_username_and_address(client, settings):
    settings.MUFAKAT_LOGIN_FAILURES = 3
    get_user_model().objects.create_user("guru", password=PASSWORD)
    get_user_model().objects.create_user("bu-sari", password=PASSWORD)
    for n in range(3):
        sign_in(client, "guru", f"tebakan-{n}", address="10.0.0.1")

    assert sign_in(client, "GURU", PASSWORD, address="10.0.0.1").status_code == 200
    assert sign_in(client, "bu-sari", PASSWORD, address="10.0.0.1").status_code == 302
    client.logout()
    assert sign_in(client, "guru", PASSWORD, address="10.0.0.2").status_code == 302


def test_a_successful_log_in_forgets_earlier_failures(client, settings):
    settings.MUFAKAT_LOGIN_FAILURES = 3
    get_user_model().objects.create_user("guru", password=PASSWORD)

    for n in range(2):
        sign_in(client, "guru", f"tebakan-{n}")
    assert sign_in(client, "guru", PASSWORD).status_code == 302
    client.logout()
    for n in range(2):
        sign_in(client, "guru", f"tebakan-{n}")

    assert sign_in(client, "guru", PASSWORD).status_code == 302


class Clock:
    """The in-memory cache's idea of the time, moved by the test instead of by sleeping."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def time(self) -> float:
        return self.now


def test_the_block_lifts_when_the_window_ends(client, settings, monkeypatch):
    from django.core.cache.backends import base, locmem

    clock = Clock()
    monkeypatch.setattr(base, "time", clock)  # when an entry expires
    monkeypatch.setattr(locmem, "time", clock)  # whether it has
    settings.MUFAKAT_LOGIN_FAILURES = 2
    settings.MUFAKAT_LOGIN_WINDOW_SECONDS = 900
    get_user_model().objects.create_user("guru", password=PASSWORD)
    for n in range(2):
        sign_in(client, "guru", f"tebakan-{n}")
    clock.now += 899
    assert sign_in(client, "guru", PASSWORD).status_code == 200

    clock.now += 2

    assert sign_in(client, "guru", PASSWORD).status_code == 302


@pytest.mark.redis
def test_with_redis_the_failures_are_counted_where_every_server_process_sees_them(client, settings):
    import redis

    prefix = f"mufakat-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_test_url(),
            "KEY_PREFIX": prefix,
        }
    }
    settings.MUFAKAT_LOGIN_FAILURES = 3
    get_user_model().objects.create_user("guru", password=PASSWORD)
    server = redis.Redis.from_url(redis_test_url())
    try:
        for n in range(3):
            sign_in(client, "guru", f"tebakan-{n}")

        keys = server.keys(f"{prefix}:*")
        assert len(keys) == 1
        assert int(server.get(keys[0])) == 3
        assert 0 < server.ttl(keys[0]) <= settings.MUFAKAT_LOGIN_WINDOW_SECONDS
        assert sign_in(client, "guru", PASSWORD).status_code == 200
    finally:
        for key in server.keys(f"{prefix}:*"):
            server.delete(key)
        server.close()


# Password reset


def test_password_reset_mails_a_link_that_sets_a_new_password(client):
    get_user_model().objects.create_user("guru", "guru@sekolah.example", PASSWORD)

    asked = client.post(reverse("password_reset"), {"email": "guru@sekolah.example"})

    assert asked.status_code == 302
    assert asked["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["guru@sekolah.example"]
    assert "Mufakat" in message.subject
    assert "\n" not in message.subject
    link = re.search(r"https?://testserver(/accounts/reset/\S+/)", message.body)
    assert link, message.body

    form_page = client.get(link[1], follow=True)
    assert form_page.context["validlink"] is True
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Gotong-Royong-2025", "new_password2": "Gotong-Royong-2025"},
    )
    assert done["Location"] == reverse("password_reset_complete")
    assert client.login(username="guru", password="Gotong-Royong-2025")


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client):
    response = client.post(reverse("password_reset"), {"email": "siapa@example.com"})

    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_a_used_reset_link_says_so_and_offers_a_new_one(client):
    get_user_model().objects.create_user("guru", "guru@sekolah.example", PASSWORD)
    client.post(reverse("password_reset"), {"email": "guru@sekolah.example"})
    link = re.search(r"(/accounts/reset/\S+/)", mail.outbox[0].body)[1]
    page = client.get(link, follow=True)
    client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "Gotong-Royong-2025", "new_password2": "Gotong-Royong-2025"},
    )

    again = client.get(link, follow=True)

    assert again.context["validlink"] is False
    assert reverse("password_reset") in again.content.decode()


@pytest.mark.parametrize(
    "name",
    ["password_reset", "password_reset_done", "password_reset_complete", "signup"],
)
def test_account_pages_are_the_games_own_not_the_admins(client, settings, name):
    settings.MUFAKAT_SIGNUP = True

    response = client.get(reverse(name))

    assert response.status_code == 200
    origin = response.templates[0].origin.name
    assert origin.startswith(str(PROJECT_DIR / "game" / "templates" / "registration"))
    assert 'lang="' in response.content.decode()


def test_signing_out_shows_the_games_page(client):
    get_user_model().objects.create_user("guru", password=PASSWORD)
    client.login(username="guru", password=PASSWORD)

    response = client.post(reverse("logout"))

    assert response.status_code == 200
    assert response.templates[0].origin.name.endswith("game/templates/registration/logged_out.html")
    assert not signed_in(client)


# Settings from the environment

PRINT = (
    "import json; from django.conf import settings; "
    "print(json.dumps({'signup': settings.MUFAKAT_SIGNUP, 'caches': settings.CACHES}))"
)


def read_settings(**variables: str) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DEBUG", "SECRET_KEY", "REDIS_URL", "MUFAKAT_SIGNUP")
    }
    env.update(DJANGO_SETTINGS_MODULE="config.settings", **variables)
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {PRINT}"],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_on_a_laptop_sign_up_is_open_and_the_cache_is_in_memory():
    found = read_settings()

    assert found["signup"] is True
    assert found["caches"]["default"]["BACKEND"] == (
        "django.core.cache.backends.locmem.LocMemCache"
    )


def test_in_production_sign_up_is_closed_unless_asked_for():
    production = {"DEBUG": "false", "SECRET_KEY": "x" * 50}

    assert read_settings(**production)["signup"] is False
    assert read_settings(**production, MUFAKAT_SIGNUP="true")["signup"] is True
    assert read_settings(MUFAKAT_SIGNUP="false")["signup"] is False


def test_with_redis_url_the_cache_is_redis():
    found = read_settings(REDIS_URL="redis://cache.internal:6379/0")

    assert found["caches"]["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert found["caches"]["default"]["LOCATION"] == "redis://cache.internal:6379/0"
