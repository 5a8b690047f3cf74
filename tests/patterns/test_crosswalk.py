"""A standard's crosswalk to its source: the table on the page and crosswalk.json say the same thing."""

import pytest
from bs4 import BeautifulSoup

from patterns.factories import ServiceStandardPageFactory, StandardPointFactory
from patterns.models import Relationship


@pytest.fixture
def adapted_standard(standard_index, govuk_standard):
    """Points 1-5 of an adapted standard, using every relationship; source points 5-14 are left out."""
    source = {point.number: point for point in govuk_standard.points.all()}
    page = ServiceStandardPageFactory(parent=standard_index, source_standard=govuk_standard, title="Adapted standard")
    for number, relationship, title, source_numbers in [
        (1, Relationship.EQUIVALENT, "Understand residents", [1]),
        (2, Relationship.MERGED, "Solve whole problems in every channel", [2, 3]),
        (3, Relationship.SPLIT, "Make it simple", [4]),
        (4, Relationship.SPLIT, "Keep it simple", [4]),
        (5, Relationship.ADDED, "Publish what it costs", []),
    ]:
        StandardPointFactory(
            page=page,
            number=number,
            title=title,
            relationship=relationship,
            source_points=[source[n] for n in source_numbers],
        )
    return page


def table_rows(response):
    soup = BeautifulSoup(response.content, "html.parser")
    rows = []
    for row in soup.select("table.fc-crosswalk tbody tr"):
        point_cell = row.find("th")
        rows.append(
            {
                "point": int(point_cell["data-point"]) if point_cell["data-point"] else None,
                "point_text": " ".join(point_cell.get_text(" ").split()),
                "relationship": row["data-relationship"],
                "relationship_text": row.select_one(".govuk-tag").get_text(strip=True),
                "source_points": [
                    (int(item["data-source-point"]), " ".join(item.get_text(" ").split()))
                    for item in row.select("[data-source-point]")
                ],
            }
        )
    return rows


@pytest.mark.django_db
def test_crosswalk_json_lists_every_point_with_its_source_points(client, adapted_standard):
    response = client.get(adapted_standard.url + "crosswalk.json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = response.json()
    assert data["standard"]["title"] == "Adapted standard"
    assert data["source_standard"] == {
        "name": "GOV.UK Service Standard",
        "version": "2019, 14 points",
        "url": "https://www.gov.uk/service-manual/service-standard",
    }
    mapped = [
        (row["point"]["number"], row["relationship"], [source["number"] for source in row["source_points"]])
        for row in data["rows"]
        if row["point"]
    ]
    assert mapped == [
        (1, "equivalent", [1]),
        (2, "merged", [2, 3]),
        (3, "split", [4]),
        (4, "split", [4]),
        (5, "added", []),
    ]
    removed = [row for row in data["rows"] if row["point"] is None]
    assert [row["relationship"] for row in removed] == ["removed"] * 10
    assert [row["source_points"][0]["number"] for row in removed] == list(range(5, 15))
    assert removed[-1]["source_points"][0]["title"] == "Operate a reliable service"
    assert set(data["relationships"]) == {"equivalent", "merged", "split", "added", "removed"}


@pytest.mark.django_db
def test_crosswalk_json_matches_the_table_on_the_page(client, adapted_standard):
    data = client.get(adapted_standard.url + "crosswalk.json").json()
    rows = table_rows(client.get(adapted_standard.url))

    assert len(rows) == len(data["rows"]) == 15
    for row, json_row in zip(rows, data["rows"], strict=True):
        assert row["relationship"] == json_row["relationship"]
        assert row["relationship_text"] == json_row["relationship"].capitalize()
        if json_row["point"]:
            assert row["point"] == json_row["point"]["number"]
            assert row["point_text"] == f"{json_row['point']['number']}. {json_row['point']['title']}"
        else:
            assert row["point"] is None
        assert row["source_points"] == [
            (source["number"], f"{source['number']}. {source['title']}") for source in json_row["source_points"]
        ]


@pytest.mark.django_db
def test_the_page_links_to_its_crosswalk_json(client, adapted_standard):
    soup = BeautifulSoup(client.get(adapted_standard.url).content, "html.parser")

    json_url = adapted_standard.url + "crosswalk.json"
    assert soup.select_one(f'link[rel="alternate"][type="application/json"][href="{json_url}"]') is not None
    assert soup.find("a", string="Download the crosswalk as JSON")["href"] == json_url


@pytest.mark.django_db
def test_only_live_standards_have_a_crosswalk(client, adapted_standard):
    url = adapted_standard.url + "crosswalk.json"
    assert client.get(url).status_code == 200
    adapted_standard.unpublish()

    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_other_json_addresses_under_a_page_are_not_found(client, adapted_standard, pattern_index):
    assert client.get(adapted_standard.url + "points.json").status_code == 404
    assert client.get(pattern_index.url + "crosswalk.json").status_code == 404
