"""/export/: open data files of the collection (mounted in cms/urls.py, so /cy/export/ lists Welsh content)."""

from django.urls import path

from . import exports

app_name = "exports"
urlpatterns = [
    path("casestudies.csv", exports.case_studies_csv, name="casestudies"),
    path("benefits.csv", exports.benefits_csv, name="benefits"),
]
