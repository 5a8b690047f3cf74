"""Login protection: repeated failed logins lock the account out at that address, with a
clear page, and passwords are long (docs/decisions/0021-production-and-logins.md)."""

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

PASSWORD = "a-long-enough-passphrase"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        username="editor", password=PASSWORD, is_superuser=True, email="editor@example.org"
    )


def sign_in(client, username, password, address="192.0.2.10"):
    return client.post(
        reverse("wagtailadmin_login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_a_correct_password_signs_in(client, editor):
    response = sign_in(client, "editor", PASSWORD)

    assert response.status_code == 302
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_a_wrong_password_shows_the_login_form_again(client, editor):
    response = sign_in(client, "editor", "wrong")

    assert response.status_code == 200
    assert b"login-form" in response.content


def test_repeated_failures_lock_the_account_out_with_a_clear_page(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "editor", "wrong").status_code == 200

    locked = sign_in(client, "editor", "wrong")

    assert locked.status_code == 429
    text = locked.content.decode()
    assert "Too many failed sign-in attempts" in text
    assert "30 minutes" in text
    # Even the right password is refused while the lockout lasts.
    after = sign_in(client, "editor", PASSWORD)
    assert after.status_code == 429
    assert client.get(reverse("wagtailadmin_home")).status_code == 302


def test_the_lockout_holds_for_that_account_at_that_address_only(client, editor, django_user_model):
    django_user_model.objects.create_user(username="colleague", password=PASSWORD, is_superuser=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "editor", "wrong")

    # A colleague behind the same council network still signs in, and so does the
    # editor from another address.
    assert sign_in(client, "colleague", PASSWORD).status_code == 302
    client.logout()
    assert sign_in(client, "editor", PASSWORD, address="198.51.100.7").status_code == 302


def test_a_successful_login_clears_earlier_failures(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "editor", "wrong")
    assert sign_in(client, "editor", PASSWORD).status_code == 302
    client.logout()

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "editor", "wrong").status_code == 200


def test_an_address_set_by_the_client_does_not_escape_the_lockout(client, editor):
    """Without a trusted proxy, X-Forwarded-For is the client's to invent and is ignored."""
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(
            reverse("wagtailadmin_login"),
            {"username": "editor", "password": "wrong"},
            REMOTE_ADDR="192.0.2.10",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}",
        )

    assert response.status_code == 429


def test_the_failure_limit_and_cool_off_are_those_recorded():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 30 * 60
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"


@pytest.mark.parametrize("password", ["short-pass1", "password1234", "123456789012345"])
def test_short_common_or_numeric_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_twelve_character_passphrase_is_accepted():
    validate_password("tidy-lamp-42")
