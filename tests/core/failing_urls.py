"""The site's URLs and one view that fails, for the tests of the 500 page."""

from django.urls import path

from cms.urls import urlpatterns as site_urlpatterns


def fails(request):
    raise RuntimeError("a fault in a view, for the 500 page")


urlpatterns = [path("fails/", fails), *site_urlpatterns]
