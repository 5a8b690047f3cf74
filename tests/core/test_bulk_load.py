"""A bulk load (the demo content) updates the reference index and the search index once,
at its end, and leaves them as saving page by page would have."""

import pytest
from wagtail.models import ReferenceIndex
from wagtail.search.backends import get_search_backend

from cms.core.bulk_load import indexes_updated_at_the_end
from cms.taxonomy.factories import AuthorityFactory, LicenceFactory
from patterns.factories import PatternIndexPageFactory, PatternPageFactory
from patterns.models import PatternPage

pytestmark = pytest.mark.django_db


def references_of(page):
    return set(
        ReferenceIndex.objects.filter(object_id=str(page.pk)).values_list(
            "content_type_id", "to_content_type_id", "to_object_id", "content_path"
        )
    )


def found(title):
    return {page.pk for page in get_search_backend("default").search(title, PatternPage)}


@pytest.fixture
def pattern_index(home_page):
    return PatternIndexPageFactory(parent=home_page)


def test_saves_in_a_bulk_load_are_indexed_once_at_its_end_as_saving_one_by_one_would(pattern_index):
    licence, other_licence = LicenceFactory(), LicenceFactory()
    one_by_one = PatternPageFactory(parent=pattern_index, title="Find a recycling centre", licence=licence)

    with indexes_updated_at_the_end():
        bulk = PatternPageFactory(parent=pattern_index, title="Book a bulky collection", licence=other_licence)
        bulk.licence = licence
        bulk.save()
        # Nothing yet: neither index has seen the page.
        assert references_of(bulk) == set()
        assert bulk.pk not in found("bulky")

    assert bulk.pk in found("bulky")
    assert one_by_one.pk in found("recycling")
    licence_references = {reference[1:3] for reference in references_of(bulk)}
    assert licence_references
    assert licence_references == {reference[1:3] for reference in references_of(one_by_one)}
    assert str(other_licence.pk) not in {to_object_id for _type, to_object_id in licence_references}


def test_a_child_item_saved_in_a_bulk_load_is_recorded_against_its_page(pattern_index):
    authority = AuthorityFactory()
    with indexes_updated_at_the_end():
        page = PatternPageFactory(parent=pattern_index, examples=[authority])

    assert str(authority.pk) in {to_object_id for _ct, _to_ct, to_object_id, _path in references_of(page)}


def test_a_bulk_load_that_fails_indexes_nothing_and_leaves_saving_as_usual(pattern_index):
    saved = []

    def failing_load():
        with indexes_updated_at_the_end():
            saved.append(PatternPageFactory(parent=pattern_index, title="Report a blocked drain"))
            raise RuntimeError("the load stopped")

    with pytest.raises(RuntimeError):
        failing_load()
    (page,) = saved
    assert page.pk not in found("drain")

    # After the block, each save indexes at once again.
    page.save()
    assert page.pk in found("drain")
