"""Uploads through the admin and documents served to readers
(docs/decisions/0021-production-and-logins.md)."""

import io
import os

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
HTML = b"<!doctype html><title>x</title><script>alert(document.cookie)</script>"


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(username="uploader", email="u@example.org", password="x")
    client.force_login(user)
    return client


def png_bytes(size=(4, 4)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, "white").save(buffer, "PNG")
    return buffer.getvalue()


def upload_image(client, name, content):
    return client.post(
        reverse("wagtailimages:add"),
        {"title": name, "file": SimpleUploadedFile(name, content), "collection": Collection.get_first_root_node().id},
    )


def upload_document(client, name, content):
    return client.post(
        reverse("wagtaildocs:add"),
        {"title": name, "file": SimpleUploadedFile(name, content), "collection": Collection.get_first_root_node().id},
    )


def form_errors(response):
    return str(response.context["form"].errors)


def test_a_png_image_uploads(admin_client):
    response = upload_image(admin_client, "map.png", png_bytes())

    assert response.status_code == 302
    assert Image.objects.filter(title="map.png").exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [("drawing.svg", SVG), ("drawing.png", SVG)],
    ids=["svg", "svg-named-png"],
)
def test_svg_images_are_refused_with_a_form_error(admin_client, name, content):
    response = upload_image(admin_client, name, content)

    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not Image.objects.exists()


def test_svg_is_not_among_the_image_formats():
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS


def test_an_image_over_the_size_limit_is_refused_with_a_form_error(admin_client, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 100
    response = upload_image(admin_client, "big.png", png_bytes((64, 64)))

    assert response.status_code == 200
    assert "This file is too big" in form_errors(response)
    assert not Image.objects.exists()


def test_a_document_over_the_size_limit_is_refused_with_a_form_error(admin_client, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 100
    response = upload_document(admin_client, "report.pdf", b"%PDF-1.4\n" + b"0" * 200)

    assert response.status_code == 200
    assert "This file is too big" in form_errors(response)
    assert not Document.objects.exists()


def test_a_document_over_the_size_limit_is_refused_by_the_multiple_uploader(admin_client, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 100
    response = admin_client.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": SimpleUploadedFile("report.pdf", b"%PDF-1.4\n" + b"0" * 200)},
    )

    assert response.json()["success"] is False
    assert "This file is too big" in response.json()["error_message"]
    assert not Document.objects.exists()


def test_the_upload_limits_are_those_recorded():
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 10 * 1024 * 1024
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == 50 * 1024 * 1024


@pytest.mark.parametrize(("name", "content"), [("page.html", HTML), ("drawing.svg", SVG)])
def test_html_and_svg_documents_are_refused_at_upload(admin_client, name, content):
    response = upload_document(admin_client, name, content)

    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not Document.objects.exists()


class ObjectStorage(InMemoryStorage):
    """Storage with no local paths, as S3-compatible storage: Wagtail streams the file itself."""

    def path(self, name):
        raise NotImplementedError("no local path")

    def _relative_path(self, name):
        # InMemoryStorage finds its files through path(); keep that inside the storage.
        return os.path.relpath(InMemoryStorage.path(self, name), self.location)


@pytest.fixture(params=["disk", "object storage"])
def media_storage(request, settings, tmp_path):
    """The two ways production stores media (docs/deploy.md)."""
    if request.param == "disk":
        settings.MEDIA_ROOT = tmp_path
        backend = {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}}
    else:
        backend = {"BACKEND": f"{__name__}.ObjectStorage"}
    settings.STORAGES = {**settings.STORAGES, "default": backend}
    return request.param


def body(response):
    return b"".join(response.streaming_content)


def serve(client, document):
    return client.get(reverse("wagtaildocs_serve", args=(document.id, document.filename)))


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("page.html", HTML, "text/html"),
        ("drawing.svg", SVG, "image/svg+xml"),
        ("notes.txt", HTML, "text/plain"),
        ("figures.csv", b"a,b\n1,2\n", "text/csv"),
    ],
)
def test_risky_documents_already_stored_are_served_as_attachments(
    client, db, media_storage, name, content, content_type
):
    """An HTML or SVG file that reached the library another way (an import, an older
    extension list) still downloads instead of running in the site's origin."""
    document = Document.objects.create(title=name, file=ContentFile(content, name=name))

    response = serve(client, document)

    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert body(response) == content


def test_a_pdf_opens_in_the_browser(client, db, media_storage):
    document = Document.objects.create(title="report", file=ContentFile(b"%PDF-1.4\n", name="report.pdf"))

    response = serve(client, document)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_documents_are_served_through_the_site_not_from_the_storage():
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"
    assert settings.WAGTAILDOCS_INLINE_CONTENT_TYPES == ["application/pdf"]
