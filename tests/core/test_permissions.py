"""Who can do what to a factory's pages, checked through the admin as each kind of user.

Factory A and factory B each have a live factory page, a live case study and
a case study that is still a draft. Every role tries every action on every one
of those pages over HTTP, and the outcome must match the table below.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Page, PageLogEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from casestudies.factories import (
    CaseStudyIndexPageFactory,
    CaseStudyPageFactory,
    FactoryIndexPageFactory,
    FactoryPageFactory,
)
from casestudies.management.commands.create_factory_group import ensure_factory_group
from cms.core.permissions import MODERATORS, NATIONAL_EDITORS, ensure_national_groups, ensure_review_workflow
from tests.casestudies.admin_forms import PUBLISH, case_study_form_data, factory_form_data, form_errors

ACTIONS = ("view draft", "edit", "publish", "delete", "move", "revisions", "preview")

# Y: allowed, -: refused. Factory editors change their own factory's pages and send
# them for review; moderators publish, delete and move; national editors change
# every page but, like factory editors, delete only what was never published.
#
#                 role                page                 view draft  edit  publish  delete  move  revisions  preview
MATRIX = [
    ("anonymous", "A factory", "- - - - - - -"),
    ("anonymous", "A case study", "- - - - - - -"),
    ("anonymous", "A draft", "- - - - - - -"),
    ("factory A editor", "A factory", "Y Y - - - Y Y"),
    ("factory A editor", "A case study", "Y Y - - - Y Y"),
    ("factory A editor", "A draft", "Y Y - Y Y Y Y"),
    ("factory A editor", "B factory", "- - - - - - -"),
    ("factory A editor", "B case study", "- - - - - - -"),
    ("factory A editor", "B draft", "- - - - - - -"),
    ("factory B editor", "A factory", "- - - - - - -"),
    ("factory B editor", "A case study", "- - - - - - -"),
    ("factory B editor", "A draft", "- - - - - - -"),
    ("factory B editor", "B factory", "Y Y - - - Y Y"),
    ("factory B editor", "B case study", "Y Y - - - Y Y"),
    ("factory B editor", "B draft", "Y Y - Y Y Y Y"),
    ("moderator", "A factory", "Y Y Y Y Y Y Y"),
    ("moderator", "A case study", "Y Y Y Y Y Y Y"),
    ("moderator", "A draft", "Y Y Y Y Y Y Y"),
    ("moderator", "B case study", "Y Y Y Y Y Y Y"),
    ("national editor", "A factory", "Y Y - - - Y Y"),
    ("national editor", "A case study", "Y Y - - - Y Y"),
    ("national editor", "A draft", "Y Y - Y Y Y Y"),
    ("national editor", "B case study", "Y Y - - - Y Y"),
]


def expected(row):
    return dict(zip(ACTIONS, (mark == "Y" for mark in row.split()), strict=True))


@pytest.fixture
def site(home_page):
    """Two factories, each with a live page, a live case study and a draft case study; the groups and workflow."""
    factory_index = FactoryIndexPageFactory(parent=home_page)
    case_study_index = CaseStudyIndexPageFactory(parent=home_page)
    groups = ensure_national_groups()
    ensure_review_workflow(groups[MODERATORS])
    pages = {}
    for name in ("A", "B"):
        factory = FactoryPageFactory(
            parent=factory_index, title=f"Factory {name}", slug=f"factory-{name.lower()}", members=1
        )
        factory.save_revision().publish()
        case_study = CaseStudyPageFactory(
            parent=case_study_index, factory=factory, title=f"Case study of {name}", partners=1
        )
        case_study.save_revision().publish()
        draft = CaseStudyPageFactory(
            parent=case_study_index, factory=factory, title=f"Unpublished work of {name}", partners=1, live=False
        )
        draft.save_revision()
        pages |= {f"{name} factory": factory, f"{name} case study": case_study, f"{name} draft": draft}
        groups[f"factory {name} editor"] = ensure_factory_group(factory)[0]
    groups["moderator"] = groups[MODERATORS]
    groups["national editor"] = groups[NATIONAL_EDITORS]
    return pages, groups


def user_in(group, name):
    user = get_user_model().objects.create_user(username=name.replace(" ", "-"), password="not-used")
    user.groups.add(group)
    return user


def publish_data(page, title):
    """The edit form as the editor's browser would post it: a new title and a change log note."""
    change_log = inline_formset([{"date": datetime.date.today().isoformat(), "note": "Brought up to date."}])
    if hasattr(page, "partners"):
        data = case_study_form_data(
            factory=page.factory, partners=[], title=title, slug=page.slug, change_log=change_log, **PUBLISH
        )
        rows, relation, field = page.partners.all(), "partners", "authority"
    else:
        data = factory_form_data(members=[], title=title, slug=page.slug, change_log=change_log, **PUBLISH)
        rows, relation, field = page.members.all(), "members", "authority"
    data = {name: value for name, value in data.items() if not name.startswith(f"{relation}-")}
    existing = [{"id": row.pk, field: row.authority_id, "role": row.role} for row in rows]
    return data | nested_form_data({relation: inline_formset(existing, initial=len(existing))})


def allowed(response):
    """The admin answers a refusal with a redirect (to the log-in page or the dashboard) or a 403."""
    return response.status_code == 200


def try_every_action(client, page):
    """What happened when the client tried each action on the page, in an order that keeps each one meaningful."""
    url = lambda name, *args: reverse(f"wagtailadmin_pages:{name}", args=[page.pk, *args])  # noqa: E731
    page = page.specific
    outcome = {}
    draft = client.get(url("view_draft"))
    outcome["view draft"] = allowed(draft) and page.title in draft.content.decode()
    outcome["edit"] = allowed(client.get(url("edit")))
    revision = page.latest_revision
    outcome["revisions"] = allowed(client.get(url("history"))) and allowed(
        client.get(url("revisions_view", revision.pk))
    )
    preview_title = f"{page.title} (preview)"
    posted = client.post(url("preview_on_edit"), publish_data(page, preview_title))
    outcome["preview"] = (
        allowed(posted) and posted.json()["is_valid"] and preview_title in client.get(url("preview_on_edit")).text
    )
    outcome["move"] = allowed(client.get(url("move")))

    new_title = f"{page.title}, updated"
    response = client.post(url("edit"), publish_data(page, new_title))
    if response.status_code == 200:
        pytest.fail(f"the edit form was refused: {form_errors(response)}")
    published = Page.objects.get(pk=page.pk)
    outcome["publish"] = published.live and published.title == new_title

    client.post(url("delete"))
    outcome["delete"] = not Page.objects.filter(pk=page.pk).exists()
    return outcome


ROLES = list(dict.fromkeys(role for role, _page, _row in MATRIX))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, site, role):
    """One role's rows of the matrix. A row's actions change only its own page, so the
    rows of one role share the site (building it is most of the time each test takes)."""
    pages, groups = site
    if role != "anonymous":
        client.force_login(user_in(groups[role], role))
    wrong = {}
    rows = [(page, row) for who, page, row in MATRIX if who == role]
    # Factory pages last: deleting one leaves its case studies without a factory to save with.
    for page_name, row in sorted(rows, key=lambda page_and_row: page_and_row[0].endswith("factory")):
        outcome, wanted = try_every_action(client, pages[page_name]), expected(row)
        if outcome != wanted:
            wrong[page_name] = {action: outcome[action] for action in ACTIONS if outcome[action] != wanted[action]}

    assert not wrong, f"{role}: allowed (True) or refused (False) unexpectedly: {wrong}"


@pytest.mark.django_db
def test_a_factory_editor_lists_only_their_own_factorys_case_studies(client, site):
    pages, groups = site
    client.force_login(user_in(groups["factory A editor"], "factory A editor"))

    listing = client.get(reverse("wagtailadmin_explore", args=[pages["A case study"].get_parent().pk])).text

    assert "Case study of A" in listing
    assert "Unpublished work of A" in listing
    assert "Case study of B" not in listing
    assert "Unpublished work of B" not in listing


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "sees_b"), [("factory A editor", False), ("moderator", True), ("national editor", True)]
)
def test_admin_lists_show_a_factory_editor_only_their_own_case_studies(client, site, role, sees_b):
    pages, groups = site
    for name in ("A", "B"):
        PageLogEntry.objects.log_action(pages[f"{name} draft"], "wagtail.edit")
    client.force_login(user_in(groups[role], role))

    found = {
        "site history": client.get(reverse("wagtailadmin_reports:site_history")).text,
        "page search": client.get(reverse("wagtailadmin_pages:search"), {"q": "Unpublished work"}).text,
        "search results": client.get(reverse("wagtailadmin_pages:search_results"), {"q": "Unpublished work"}).text,
        "chooser search": client.get(reverse("wagtailadmin_choose_page_search"), {"q": "Unpublished work"}).text,
        "chooser listing": client.get(
            reverse("wagtailadmin_choose_page_child", args=[pages["A case study"].get_parent().pk])
        ).text,
    }

    for view, text in found.items():
        assert "Unpublished work of A" in text, view
        assert ("Unpublished work of B" in text) is sees_b, view
    assert ("Case study of B" in found["chooser listing"]) is sees_b


@pytest.mark.django_db
def test_a_factory_editor_adds_a_case_study_for_their_factory_and_no_other(client, site):
    pages, groups = site
    client.force_login(user_in(groups["factory A editor"], "factory A editor"))
    parent = pages["A case study"].get_parent()
    add_url = reverse("wagtailadmin_pages:add", args=["casestudies", "casestudypage", parent.pk])
    partner = pages["A case study"].partners.first().authority
    submit = {"action-submit": "action-submit"}

    form = client.get(add_url).context["form"]
    assert list(form.fields["factory"].queryset) == [pages["A factory"]]

    refused = client.post(
        add_url,
        case_study_form_data(factory=pages["B factory"], partners=[(partner, "lead")], slug="for-b", **submit),
    )
    assert refused.status_code == 200
    assert "factory" in form_errors(refused)

    created = client.post(
        add_url,
        case_study_form_data(factory=pages["A factory"], partners=[(partner, "lead")], slug="for-a", **submit),
    )
    assert created.status_code == 302, form_errors(created)
    new_page = Page.objects.get(slug="for-a")
    assert not new_page.live
    assert new_page.current_workflow_state.status == "in_progress"
    assert client.get(reverse("wagtailadmin_pages:edit", args=[new_page.pk])).status_code == 200


@pytest.mark.django_db
def test_factory_groups_have_no_page_permission_elsewhere(site):
    _pages, groups = site
    for name in ("factory A editor", "factory B editor"):
        held = {(p.page.specific_class.__name__, p.permission.codename) for p in groups[name].page_permissions.all()}
        assert held == {("FactoryPage", "change_page"), ("CaseStudyIndexPage", "add_page")}
    assert not Group.objects.filter(name__in=["Factory A editors"]).exclude(pk=groups["factory A editor"].pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["national editor", "moderator"])
def test_national_groups_can_start_a_welsh_translation(client, site, role):
    from wagtail.models import Locale

    pages, groups = site
    Locale.objects.get_or_create(language_code="cy")
    client.force_login(user_in(groups[role], role))

    response = client.get(reverse("wagtail_localize:submit_page_translation", args=[pages["A factory"].pk]))

    assert response.status_code == 200
    assert "Cymraeg" in response.text or "Welsh" in response.text
