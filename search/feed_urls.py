"""/feeds/: the RSS and Atom feeds of the collection (mounted in cms/urls.py, so /cy/feeds/ lists Welsh content)."""

from django.urls import path, re_path

from . import feeds

app_name = "feeds"
urlpatterns = [
    path("", feeds.feeds_page, name="index"),
    path("rss/", feeds.rss_feed, name="rss"),
    path("atom/", feeds.atom_feed, name="atom"),
    re_path(
        r"^(?P<facet>type|area|authority|factory)/(?P<value>[\w-]+)/(?P<kind>rss|atom)/$",
        feeds.shortcut_feed,
        name="shortcut",
    ),
]
