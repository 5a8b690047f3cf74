"""The security headers every response carries, from the real settings
(cms/settings/base.py): HSTS, nosniff, Referrer-Policy, Permissions-Policy,
Cross-Origin-Opener-Policy and a Content-Security-Policy, nonce-based on the
public site and the admin's own policy under /admin/
(docs/decisions/0020-security-headers.md)."""

import json
import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from patterns.factories import PatternIndexPageFactory, PatternPageFactory

ONE_YEAR = 365 * 24 * 60 * 60
NONCE = re.compile(r"'nonce-([A-Za-z0-9+/=]+)'")


def directives(response):
    """The Content-Security-Policy as {directive: [sources]}."""
    header = response.headers.get("Content-Security-Policy", "")
    assert header, f"no Content-Security-Policy on {response.status_code} {response.request['PATH_INFO']}"
    parsed = {}
    for part in header.split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


def assert_common_headers(response):
    """HSTS, nosniff, Referrer-Policy, Permissions-Policy and COOP, as on every response."""
    path = response.request["PATH_INFO"]
    assert response.headers.get("Strict-Transport-Security") == f"max-age={ONE_YEAR}; includeSubDomains; preload", path
    assert response.headers.get("X-Content-Type-Options") == "nosniff", path
    assert response.headers.get("Referrer-Policy") == "strict-origin-when-cross-origin", path
    assert response.headers.get("Cross-Origin-Opener-Policy") == "same-origin", path
    permissions = response.headers.get("Permissions-Policy", "")
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "browsing-topics=()"):
        assert feature in permissions, f"{path}: {feature} missing from Permissions-Policy {permissions!r}"


def assert_public_policy(response):
    path = response.request["PATH_INFO"]
    policy = directives(response)
    assert policy["default-src"] == ["'self'"], path
    assert policy["object-src"] == ["'none'"], path
    assert policy["base-uri"] == ["'none'"], path
    assert policy["frame-ancestors"] == ["'none'"], path
    assert policy["form-action"] == ["'self'"], path
    # No inline script or style runs on the public site except a script carrying the nonce.
    assert "'unsafe-inline'" not in policy["script-src"], path
    assert "'unsafe-eval'" not in policy["script-src"], path
    assert "'unsafe-inline'" not in policy["style-src"], path


@pytest.fixture
def pattern(home_page):
    return PatternPageFactory(parent=PatternIndexPageFactory(parent=home_page), title="Report a missed bin")


@pytest.fixture
def failing_urls(settings):
    """The site's own URLs plus one view that fails, for the 500 page."""
    settings.ROOT_URLCONF = "tests.core.failing_urls"


PUBLIC_RESPONSES = {
    "home page": ("/", 200),
    "Welsh home page": ("/cy/", 200),
    "404 page": ("/no-such-page/", 404),
    "400 page": ("/search/?q=bin&page=abc", 400),
    "RSS feed": ("/feeds/rss/", 200),
    "Atom feed": ("/feeds/atom/", 200),
    "CSV export": ("/export/casestudies.csv", 200),
    "API": ("/api/v2/items/", 200),
    "robots.txt": ("/robots.txt", 200),
}


@pytest.mark.smoke
@pytest.mark.parametrize(("path", "status"), PUBLIC_RESPONSES.values(), ids=PUBLIC_RESPONSES.keys())
def test_every_public_response_carries_the_security_headers(client, home_page, path, status):
    response = client.get(path, secure=True)

    assert response.status_code == status
    assert_common_headers(response)
    assert_public_policy(response)


def test_an_item_page_carries_the_security_headers(client, pattern):
    response = client.get(pattern.url, secure=True)

    assert response.status_code == 200
    assert_common_headers(response)
    assert_public_policy(response)


def test_the_403_page_carries_the_security_headers(home_page):
    # A form posted without its CSRF token: Django's own 403 page.
    response = Client(enforce_csrf_checks=True).post("/share/", {}, secure=True)

    assert response.status_code == 403
    assert_common_headers(response)
    assert_public_policy(response)


def test_the_500_page_carries_the_security_headers(home_page, failing_urls):
    response = Client(raise_request_exception=False).get("/fails/", secure=True)

    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()
    assert_common_headers(response)
    assert_public_policy(response)


def test_hsts_is_sent_only_over_https(client, home_page):
    # Over plain HTTP a browser ignores it, and a proxy in front decides the scheme (production.py).
    assert "Strict-Transport-Security" not in client.get("/").headers


@pytest.mark.smoke
def test_each_response_has_a_fresh_nonce_that_every_script_carries(client, pattern):
    nonces = []
    for _ in range(2):
        response = client.get(pattern.url)
        [nonce] = NONCE.findall(" ".join(directives(response)["script-src"]))
        scripts = BeautifulSoup(response.content.decode(), "html.parser").find_all("script")
        # The inline script that marks the page as having JavaScript, the front end's
        # module and the JSON-LD data block: all of them carry the nonce.
        assert len(scripts) >= 3
        assert {script.get("nonce") for script in scripts} == {nonce}, scripts
        assert any(script.get("type") == "application/ld+json" for script in scripts)
        nonces.append(nonce)

    assert len(nonces[0]) >= 22  # 16 random bytes, base64
    assert nonces[0] != nonces[1]


def test_the_search_page_scripts_carry_the_nonce(client, home_page):
    response = client.get("/search/", {"q": "bin"})

    [nonce] = NONCE.findall(" ".join(directives(response)["script-src"]))
    scripts = BeautifulSoup(response.content.decode(), "html.parser").find_all("script")
    sources = [script.get("src", "") for script in scripts]
    assert any(source.endswith("search-autocomplete.js") for source in sources), sources
    assert {script.get("nonce") for script in scripts} == {nonce}


@pytest.mark.parametrize("path", ["/admin/", "/admin/pages/", "/admin/reports/site-history/"])
def test_admin_responses_carry_the_admin_policy(admin_client, home_page, path):
    response = admin_client.get(path, secure=True)

    assert response.status_code == 200
    assert_common_headers(response)
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    # The page editor's preview is framed by the admin itself, and by nothing else.
    assert policy["frame-ancestors"] == ["'self'"]
    # Wagtail's admin writes a few inline scripts of its own (inline panels, date
    # pickers, the translation editor), which no nonce can reach: inline scripts are
    # allowed there, but no eval and no script from another site.
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert not NONCE.search(response.headers["Content-Security-Policy"])


def test_the_admin_login_page_carries_the_admin_policy(client, home_page):
    response = client.get("/admin/login/", secure=True)

    assert response.status_code == 200
    assert_common_headers(response)
    assert directives(response)["frame-ancestors"] == ["'self'"]


def test_a_page_preview_in_the_admin_gets_the_public_policy_framed_by_the_admin(admin_client, pattern):
    # A preview shows what an editor wrote to the person reviewing it: the strict public
    # policy applies, except that the page editor's preview panel may frame it.
    response = admin_client.get(f"/admin/pages/{pattern.pk}/view_draft/", secure=True)

    assert response.status_code == 200
    assert_common_headers(response)
    policy = directives(response)
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    [nonce] = NONCE.findall(" ".join(policy["script-src"]))
    scripts = BeautifulSoup(response.content.decode(), "html.parser").find_all("script")
    assert scripts
    assert {script.get("nonce") for script in scripts} == {nonce}


# What the providers' oEmbed endpoints answer for a video, as Wagtail keeps it.
VIDEO_EMBEDS = {
    "YouTube": (
        "https://www.youtube.com/watch?v=M7lc1UVf-VE",
        '<iframe width="200" height="113" src="https://www.youtube.com/embed/M7lc1UVf-VE?feature=oembed"'
        ' frameborder="0" allowfullscreen title="A video"></iframe>',
    ),
    "Vimeo": (
        "https://vimeo.com/76979871",
        '<iframe src="https://player.vimeo.com/video/76979871?app_id=122963" width="640" height="360"'
        ' frameborder="0" allow="fullscreen; picture-in-picture" title="A video"></iframe>',
    ),
}


@pytest.mark.parametrize(("url", "html"), VIDEO_EMBEDS.values(), ids=VIDEO_EMBEDS.keys())
def test_a_video_embed_comes_from_a_host_the_policy_frames(client, home_page, url, html):
    # The embed as Wagtail keeps it after asking the provider once, so no request leaves the test.
    Embed.objects.create(url=url, max_width=960, hash=get_embed_hash(url, 960, None), type="video", html=html)
    page = PatternPageFactory(
        parent=PatternIndexPageFactory(parent=home_page),
        how_it_works=json.dumps([{"type": "embed", "value": {"embed": url, "caption": "The service in use"}}]),
    )

    response = client.get(page.url)

    [frame] = BeautifulSoup(response.content.decode(), "html.parser").find_all("iframe")
    source = urlsplit(frame["src"])
    assert f"{source.scheme}://{source.netloc}" in directives(response)["frame-src"]
