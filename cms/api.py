"""The read-only JSON API at /api/v2/ (docs/open-data.md, docs/decisions/0019-api.md).

Wagtail's API v2 gives the pages (every collection item with its own fields,
declared as `api_fields` on each page model) and the taxonomy; `items` answers
the search page's own parameters with the search page's results, for programs
that want what a reader would find.
"""

from django.conf import settings
from django.http import FileResponse, JsonResponse
from django.urls import reverse
from django.utils import translation
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.api.v2.views import PagesAPIViewSet as WagtailPagesAPIViewSet
from wagtail.models import Locale

from cms.taxonomy.models import Authority, Licence, ServiceArea
from search.exports import results_data
from search.query import CollectionQuery, InvalidQuery

#: The description of the API and the exports, served at /api/openapi.yaml.
OPENAPI_FILE = settings.BASE_DIR / "docs" / "openapi.yaml"
#: The namespace of the API's URL names, e.g. "wagtailapi:pages:detail".
NAMESPACE = "wagtailapi"
JSON_OPTIONS = {"ensure_ascii": False}


def language_of(request):
    """The language code asked for with ?locale= (the site's default when none); BadRequestError if unknown."""
    code = request.GET.get("locale") or settings.LANGUAGE_CODE
    if code not in dict(settings.LANGUAGES):
        languages = ", ".join(language for language, _name in settings.LANGUAGES)
        raise BadRequestError(f"locale must be one of: {languages}")
    return code


#: The largest offset a listing takes; past it is a 400.
MAX_OFFSET = 1_000_000


class Pagination(WagtailPagination):
    """Wagtail's pagination, with offsets a database can take.

    Wagtail passes any whole number on, and a larger one than the database's
    integers (?offset=99999999999999999999) failed with a server error.
    """

    def paginate_queryset(self, queryset, request, view=None):
        offset = request.GET.get("offset", "0")
        if offset.isascii() and offset.isdigit() and int(offset) > MAX_OFFSET:
            raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")
        return super().paginate_queryset(queryset, request, view)


class PagesAPIViewSet(WagtailPagesAPIViewSet):
    """Wagtail's pages endpoint: live, public pages only, in any language through ?locale=.

    Labels kept per language (a service area's) are given in the page's
    language: the one of ?locale= in a listing, the page's own for one page.
    """

    pagination_class = Pagination

    def listing_view(self, request):
        code = request.GET.get("locale")
        with translation.override(code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE):
            return super().listing_view(request)

    def detail_view(self, request, pk):
        with translation.override(self.get_object().locale.language_code):
            return super().detail_view(request, pk)


class TaxonomyAPIViewSet(BaseAPIViewSet):
    """A read-only list of one kind of taxonomy term, filterable by its fields."""

    pagination_class = Pagination
    filter_backends = [FieldsFilter, OrderingFilter]
    meta_fields = ["type"]
    nested_default_fields = ["id", "type"]


class AuthoritiesAPIViewSet(TaxonomyAPIViewSet):
    """Councils from the register of local authorities, with their ONS GSS codes."""

    name = "authorities"
    model = Authority
    body_fields = ["id", "name", "gss_code", "authority_type", "nation", "region", "slug"]
    listing_default_fields = ["id", "type", "detail_url", "name", "gss_code"]
    meta_fields = ["type", "detail_url"]


class TranslatableTaxonomyAPIViewSet(TaxonomyAPIViewSet):
    """Terms kept in each language: those of ?locale= (the site's default language when none)."""

    known_query_parameters = TaxonomyAPIViewSet.known_query_parameters.union(["locale"])
    meta_fields = ["type", "detail_url", "locale"]

    def get_queryset(self):
        return self.model.objects.filter(locale__language_code=language_of(self.request)).order_by("id")


class ServiceAreasAPIViewSet(TranslatableTaxonomyAPIViewSet):
    """Council services from the Local Government Services List, with their LGSL codes."""

    name = "service-areas"
    model = ServiceArea
    body_fields = ["id", "lgsl_code", "label", "slug"]
    listing_default_fields = ["id", "type", "detail_url", "lgsl_code", "label", "slug"]


class LicencesAPIViewSet(TranslatableTaxonomyAPIViewSet):
    """The licences items are published under, by SPDX id."""

    name = "licences"
    model = Licence
    body_fields = ["id", "spdx_id", "name", "url", "is_open"]
    listing_default_fields = ["id", "type", "detail_url", "spdx_id", "name", "url", "is_open"]


api_router = WagtailAPIRouter(NAMESPACE)
api_router.register_endpoint("pages", PagesAPIViewSet)
for viewset in (AuthoritiesAPIViewSet, ServiceAreasAPIViewSet, LicencesAPIViewSet):
    api_router.register_endpoint(viewset.name, viewset)


def items(request):
    """/api/v2/items/: the search page's results for the same parameters, one page at a time.

    Takes exactly the search page's parameters (q, the facets, sort, page,
    per_page), read by CollectionQuery.from_params, and `locale` for the
    language (the search page takes it from its address, /cy/search/). Each
    item links to its full record in the pages endpoint.
    """
    try:
        language = language_of(request)
    except BadRequestError as problem:
        return JsonResponse({"message": str(problem)}, status=400, json_dumps_params=JSON_OPTIONS)
    with translation.override(language):
        locale = Locale.objects.filter(language_code=language).first()
        if locale is None:  # a language of the site that has no content yet
            return JsonResponse({"message": "There is nothing in this language yet."}, status=400)
        try:
            query = CollectionQuery.from_params(request.GET, locale=locale)
            results = query.run()
        except InvalidQuery as problem:
            return JsonResponse({"message": str(problem)}, status=400, json_dumps_params=JSON_OPTIONS)
        return JsonResponse(items_json(request, results), json_dumps_params=JSON_OPTIONS)


def openapi_description(request):
    """/api/openapi.yaml: the OpenAPI description of the API and the exports (docs/openapi.yaml)."""
    return FileResponse(OPENAPI_FILE.open("rb"), content_type="application/yaml; charset=utf-8")


def items_json(request, results):
    """The search's JSON (search.exports.results_data), each item with its record in the pages endpoint."""
    query = results.query

    def page_url(number):
        params = query.querystring(page=number)
        params = f"{params}&locale={query.locale.language_code}" if params else f"locale={query.locale.language_code}"
        return request.build_absolute_uri(f"{request.path}?{params}")

    data = results_data(request, results, page_url)
    for item in data["items"]:
        item["detail_url"] = request.build_absolute_uri(reverse(f"{NAMESPACE}:pages:detail", args=[item["id"]]))
    return data
