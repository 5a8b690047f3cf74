"""/api/v2/: every content type with its own fields, the taxonomy, and nothing that is not public."""

import json
import re

import pytest

pytestmark = [pytest.mark.smoke, pytest.mark.django_db]

PAGE_TYPES = {
    "pattern": ("patterns.PatternPage", {"status", "when_to_use", "how_it_works", "examples", "related_patterns"}),
    "standard": ("patterns.ServiceStandardPage", {"source_standard", "points", "crosswalk_notes"}),
    "method": ("patterns.MethodPage", {"purpose", "steps", "time_needed", "template_downloads"}),
    "factory": ("casestudies.FactoryPage", {"description", "members", "roadmap_items", "formed_because"}),
    "case_study": ("casestudies.CaseStudyPage", {"phase", "benefits", "partners", "code_repositories", "factory"}),
}
SHARED_FIELDS = {"summary", "service_areas", "authorities", "licence", "change_log", "review_by", "last_reviewed"}


def get(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.parametrize("key", PAGE_TYPES)
def test_each_type_is_listed_with_its_own_fields(client, collection, key):
    page_type, own_fields = PAGE_TYPES[key]
    data = get(client, "/api/v2/pages/", type=page_type, fields="*")

    assert [item["id"] for item in data["items"]] == [collection[key].pk]
    item = data["items"][0]
    assert own_fields | SHARED_FIELDS <= set(item)
    assert item["meta"]["type"] == page_type
    detail = get(client, f"/api/v2/pages/{collection[key].pk}/")
    assert own_fields | SHARED_FIELDS <= set(detail)


def test_a_case_study_gives_its_ledger_partners_and_taxonomy(client, collection):
    data = get(client, f"/api/v2/pages/{collection['case_study'].pk}/")

    assert [
        (line["title"], line["cashable_saving_per_year_gbp"], line["confidence"]) for line in data["benefits"]
    ] == [
        ("Fewer paper forms", 12500, "audited"),
        ("Faster answers", None, "self-reported"),
    ]
    assert {"name": "Leeds City Council", "gss_code": "E08000035"} in data["authorities"]
    assert data["partners"][0]["authority"] == {"name": "Leeds City Council", "gss_code": "E08000035"}
    assert data["service_areas"] == [{"lgsl_code": 90524, "slug": "parking-permits", "label": "Parking permits"}]
    assert data["licence"]["spdx_id"] == "MIT"
    assert data["factory"]["title"] == "Northern factory"
    assert data["patterns_used"][0]["id"] == collection["pattern"].pk
    assert data["phase"] == "beta"
    assert data["problem"].startswith("<p")


def test_a_standard_gives_its_crosswalk_and_a_factory_its_roadmap(client, collection):
    standard = get(client, f"/api/v2/pages/{collection['standard'].pk}/")
    assert [(point["number"], point["relationship"]) for point in standard["points"]] == [
        (1, "equivalent"),
        (2, "equivalent"),
    ]
    assert standard["points"][0]["source_points"] == [{"number": 1, "title": "Source point 1"}]
    assert standard["source_standard"]["name"]

    factory = get(client, f"/api/v2/pages/{collection['factory'].pk}/")
    assert [member["role"] for member in factory["members"]] == ["lead", "partner"]
    assert len(factory["roadmap_items"]) == 1
    assert {"title", "status", "looking_for_partners", "service_area"} <= set(factory["roadmap_items"][0])


def test_no_drafts_owners_or_email_addresses(client, collection):
    listing = client.get("/api/v2/pages/", {"type": "casestudies.CaseStudyPage", "fields": "*"})
    factory = client.get(f"/api/v2/pages/{collection['factory'].pk}/")

    assert [item["title"] for item in listing.json()["items"]] == ["Parking permits online"]
    assert client.get(f"/api/v2/pages/{collection['draft'].pk}/").status_code == 404
    for response in (listing, factory):
        text = response.content.decode()
        assert "factory@example.org" not in text
        assert "Factory coordinator" not in text
        assert "content_owner" not in text
        assert "contact_email" not in text


def test_welsh_pages_through_locale(client, collection):
    from cms.core.management.commands.setup_site import ensure_welsh_locale

    ensure_welsh_locale()  # every page gets its Welsh version, as `make run` sets up

    welsh = get(client, "/api/v2/pages/", type="patterns.PatternPage", locale="cy")
    english = get(client, "/api/v2/pages/", type="patterns.PatternPage", locale="en")
    assert [item["meta"]["locale"] for item in welsh["items"]] == ["cy"]
    assert welsh["items"][0]["id"] == collection["pattern"].get_translation(welsh_locale()).pk
    assert [item["id"] for item in english["items"]] == [collection["pattern"].pk]


def welsh_locale():
    from wagtail.models import Locale

    return Locale.objects.get(language_code="cy")


def test_taxonomy_endpoints(client, collection):
    councils = get(client, "/api/v2/authorities/", gss_code="E08000035")
    assert [(item["name"], item["gss_code"]) for item in councils["items"]] == [("Leeds City Council", "E08000035")]
    areas = get(client, "/api/v2/service-areas/", lgsl_code=90524)
    assert [(item["lgsl_code"], item["label"]) for item in areas["items"]] == [(90524, "Parking permits")]
    licences = get(client, "/api/v2/licences/", spdx_id="MIT")
    assert licences["meta"]["total_count"] == 1
    assert client.get("/api/v2/licences/", {"locale": "fr"}).status_code == 400
    assert client.get("/api/v2/authorities/", {"limit": "many"}).status_code == 400


def test_pagination(client, collection):
    first = get(client, "/api/v2/pages/", limit=2, offset=0)
    second = get(client, "/api/v2/pages/", limit=2, offset=2)
    assert len(first["items"]) == 2
    assert first["meta"]["total_count"] == second["meta"]["total_count"]
    assert not {item["id"] for item in first["items"]} & {item["id"] for item in second["items"]}
    # Past what a database integer holds: a 400, not a server error.
    for path in ("/api/v2/pages/", "/api/v2/authorities/"):
        response = client.get(path, {"offset": "99999999999999999999"})
        assert response.status_code == 400
        assert "offset" in response.json()["message"]


def test_the_pages_json_ld_matches_the_api(client, collection):
    for key in PAGE_TYPES:
        data = get(client, f"/api/v2/pages/{collection[key].pk}/")
        html = client.get(collection[key].url).content.decode()
        (script,) = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
        json_ld = json.loads(script)

        assert json_ld["name"] == data["title"]
        assert json_ld["url"] == data["meta"]["html_url"]
        assert json_ld["description"] == data["summary"]
        assert json_ld["inLanguage"] == data["meta"]["locale"]
        if data["licence"]:
            assert json_ld["license"] == data["licence"]["url"]
        councils = sorted(contributor["name"] for contributor in json_ld.get("contributor", []))
        assert councils == sorted(authority["name"] for authority in data["authorities"])


def test_a_method_gives_its_templates_to_download(client, collection):
    method = get(client, f"/api/v2/pages/{collection['method'].pk}/")

    assert [(download["label"], download["file_extension"]) for download in method["template_downloads"]] == [
        ("Workshop plan", "odt")
    ]
    address = method["template_downloads"][0]["url"]
    assert re.match(r"^http://testserver/documents/\d+/workshop-plan[\w-]*\.odt$", address), address
