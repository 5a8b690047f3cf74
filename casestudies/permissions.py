"""Who may change a factory's pages: its own group, national editors and moderators.

A factory's group holds Wagtail's own page permission ("change") on its
FactoryPage. Case studies are not below their factory in the page tree (they
live under the case studies section and name their factory in a foreign key),
so tree-based permissions alone cannot reach them: a case study takes the
"change" permission its editor holds on the case study's factory. Everything
else (publishing, deleting live pages, moving) stays with the tree, where
moderators hold it. See docs/decisions/0015-editor-permissions.md.
"""

from django import forms
from django.db.models import Q
from wagtail.models import Page, PagePermissionTester
from wagtail.permissions import page_permission_policy

from cms.core.forms import BasePageForm

#: Page actions a factory's group holds on its factory page that carry over to its case studies.
INHERITED_ACTIONS = frozenset({"change"})

_CACHE_NAME = "_factory_permission_cache"


def _actions_on_paths(user, paths):
    """The page actions ('add', 'change', ...) the user's groups hold on any of these tree paths."""
    return {
        perm.permission.codename.rsplit("_", maxsplit=1)[0]
        for perm in page_permission_policy.get_cached_permissions_for_user(user)
        if any(path.startswith(perm.page.path) for path in paths)
    }


def factory_actions(user, translation_key):
    """The page actions the user holds on a factory page in any of its languages.

    A group is given its factory's English page; the Welsh version (an alias or
    a translation, elsewhere in the tree) belongs to the same factory. Kept on the
    user for the request, as Wagtail keeps its own page permissions.
    """
    if not (user.is_active and user.is_authenticated) or translation_key is None:
        return set()
    cache = getattr(user, _CACHE_NAME, None)
    if cache is None:
        cache = {}
        setattr(user, _CACHE_NAME, cache)
    if translation_key not in cache:
        paths = list(Page.objects.filter(translation_key=translation_key).values_list("path", flat=True))
        cache[translation_key] = _actions_on_paths(user, paths)
    return cache[translation_key]


def editable_factory_keys(user):
    """Translation keys of the factories whose pages the user's groups may change."""
    from .models import FactoryPage

    if not (user.is_active and user.is_authenticated):
        return set()
    paths = [perm.page.path for perm in page_permission_policy.get_cached_permissions_for_user(user)]
    if not paths:
        return set()
    within = Q()
    for path in paths:
        within |= Q(path__startswith=path)
    keys = set(FactoryPage.objects.filter(within).values_list("translation_key", flat=True))
    return {key for key in keys if "change" in factory_actions(user, key)}


class FactoryPagePermissionTester(PagePermissionTester):
    """A factory page's permissions, whichever language's version of it the group was given."""

    def __init__(self, user, page):
        super().__init__(user, page)
        if user.is_active and not user.is_superuser:
            self.permissions |= factory_actions(user, page.translation_key) & INHERITED_ACTIONS


class CaseStudyPermissionTester(PagePermissionTester):
    """A case study's permissions: the tree's, plus "change" for the group of the factory that did the work.

    Without "change" from the tree, the "add" permission on the case studies
    section lets an editor create case studies but not edit another factory's,
    even one they created: the factory decides who may edit it.
    """

    def __init__(self, user, page):
        super().__init__(user, page)
        if not user.is_active or user.is_superuser or "change" in self.permissions:
            return
        factory = page.factory if page.factory_id else None
        if factory is None:
            return
        self.permissions.discard("add")
        self.permissions |= factory_actions(user, factory.translation_key) & INHERITED_ACTIONS


class CaseStudyPageForm(BasePageForm):
    """Offers a factory's editor only the factories they edit, and refuses any other."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("factory")
        user = self.for_user
        if field is None or user is None or user.is_superuser or _changes_every_case_study(user):
            return
        field.queryset = field.queryset.filter(translation_key__in=editable_factory_keys(user))

    def clean_factory(self):
        factory = self.cleaned_data.get("factory")
        user = self.for_user
        if factory is None or user is None or user.is_superuser or _changes_every_case_study(user):
            return factory
        if "change" not in factory_actions(user, factory.translation_key):
            raise forms.ValidationError("You can only add case studies for a factory you edit.")
        return factory


def _changes_every_case_study(user):
    """True for national editors and moderators: "change" on the case studies section itself."""
    from .models import CaseStudyIndexPage

    paths = list(CaseStudyIndexPage.objects.values_list("path", flat=True))
    return bool(paths) and "change" in _actions_on_paths(user, paths)


def restrict_case_study_listing(parent_page, pages, request):
    """The admin's list of case studies shows a factory's editor only their own factories' work.

    The list shows each page's latest draft title; another factory's drafts are theirs alone.
    """
    from .models import CaseStudyIndexPage

    if not isinstance(parent_page.specific_deferred, CaseStudyIndexPage):
        return pages
    return hide_other_factories_case_studies(pages, request.user)


def hide_other_factories_case_studies(pages, user):
    """`pages` without the case studies of factories the user does not edit (nor, with no factory, own).

    Every admin view that lists pages by their draft titles (the section listing,
    the page search, the page chooser, the site history) goes through this or
    other_factories_case_studies(), so a factory's editor never reads another
    factory's unpublished work. National editors and moderators, who change
    every case study, see them all.
    """
    hidden = other_factories_case_studies(user)
    return pages if hidden is None else pages.exclude(pk__in=hidden.values("pk"))


def other_factories_case_studies(user):
    """The case studies hidden from the user in the admin's lists, or None when nothing is hidden."""
    from .models import CaseStudyPage

    if user.is_superuser or _changes_every_case_study(user):
        return None
    return CaseStudyPage.objects.exclude(factory__translation_key__in=editable_factory_keys(user)).exclude(
        factory__isnull=True, owner=user
    )
