"""How the read-only API (/api/v2/, cms/api.py) writes the collection's fields.

Plain serializers that name their fields, so the page models can list them in
`api_fields` without importing the API or each other. Only facts a reader of
the public page sees are here: no owner, contact or submitter details and no
email address (see docs/decisions/0019-api.md).
"""

from rest_framework import serializers
from wagtail.rich_text import expand_db_html


class RichTextHTMLField(serializers.Field):
    """A rich text field as the HTML the page shows, with internal links made into addresses."""

    def to_representation(self, value):
        return expand_db_html(value or "")


class ManyField(serializers.ListSerializer):
    """A list of related objects, read from a many-to-many manager or a child relation.

    Pages among them that are not live (drafts, unpublished) are left out.
    """

    def to_representation(self, data):
        if hasattr(data, "all"):
            data = data.all()
        return [self.child.to_representation(item) for item in data if getattr(item, "live", True)]


def pounds(source):
    """Whole pounds, or null when not given."""
    return serializers.IntegerField(source=source, allow_null=True, read_only=True)


def many(serializer_class):
    return ManyField(child=serializer_class(), read_only=True)


class AuthoritySerializer(serializers.Serializer):
    name = serializers.CharField()
    gss_code = serializers.CharField()


class ServiceAreaSerializer(serializers.Serializer):
    lgsl_code = serializers.IntegerField()
    slug = serializers.CharField()
    label = serializers.CharField(source="label_in_language")


class LicenceSerializer(serializers.Serializer):
    spdx_id = serializers.CharField()
    name = serializers.CharField()
    url = serializers.URLField()


class PageChangeSerializer(serializers.Serializer):
    date = serializers.DateField()
    note = serializers.CharField()


class TemplateDownloadSerializer(serializers.Serializer):
    """A method's template to download: its label, and the document's address and file type."""

    label = serializers.CharField()
    url = serializers.SerializerMethodField()
    file_extension = serializers.CharField(source="document.file_extension")

    def get_url(self, download):
        request = self.context.get("request")
        url = download.document.url
        return request.build_absolute_uri(url) if request else url


class PageLinkSerializer(serializers.Serializer):
    """Another page, by id, title and address (its type's detail is in the pages endpoint)."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, page):
        return page.get_full_url(self.context.get("request"))

    def to_representation(self, page):
        # A draft or unpublished page is not named (a relation to one, e.g. a case study's factory).
        return super().to_representation(page) if page.live else None


class PatternExampleSerializer(serializers.Serializer):
    authority = AuthoritySerializer()
    url = serializers.CharField()
    note = serializers.CharField()


class RelatedPatternSerializer(serializers.Serializer):
    pattern = PageLinkSerializer()


class MethodStepSerializer(serializers.Serializer):
    title = serializers.CharField()
    detail = RichTextHTMLField()
    duration = serializers.CharField()


class SourceStandardSerializer(serializers.Serializer):
    name = serializers.CharField()
    version = serializers.CharField()
    url = serializers.CharField()


class SourcePointSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    title = serializers.CharField()


class StandardPointSerializer(serializers.Serializer):
    """A point of an adapted standard with its crosswalk: how it relates to which source points."""

    number = serializers.IntegerField()
    title = serializers.CharField()
    why_it_matters = RichTextHTMLField()
    what_to_do = RichTextHTMLField()
    how_assessed = RichTextHTMLField()
    guidance = RichTextHTMLField()
    relationship = serializers.CharField()
    source_points = serializers.SerializerMethodField()

    def get_source_points(self, point):
        points = sorted(point.source_points.all(), key=lambda source: source.number)
        return [SourcePointSerializer(source).data for source in points]


class FactoryMemberSerializer(serializers.Serializer):
    authority = AuthoritySerializer()
    role = serializers.CharField()


class RoadmapItemSerializer(serializers.Serializer):
    title = serializers.CharField()
    service_area = ServiceAreaSerializer(allow_null=True)
    status = serializers.CharField()
    looking_for_partners = serializers.BooleanField()
    partner_note = serializers.CharField()


class CaseStudyPartnerSerializer(serializers.Serializer):
    authority = AuthoritySerializer()
    role = serializers.CharField()


class CodeRepositorySerializer(serializers.Serializer):
    name = serializers.CharField()
    url = serializers.CharField()
    licence = LicenceSerializer(allow_null=True)


class BenefitLineSerializer(serializers.Serializer):
    """A line of a case study's benefits ledger; money in whole pounds, as in benefits.csv."""

    title = serializers.CharField()
    cashable_saving_per_year_gbp = serializers.IntegerField(source="cashable_saving_per_year", allow_null=True)
    one_off_cost_gbp = serializers.IntegerField(source="one_off_cost", allow_null=True)
    non_cashable_benefit = serializers.CharField()
    non_cashable_measure = serializers.CharField()
    baseline = serializers.CharField()
    method = serializers.CharField()
    confidence = serializers.CharField()
    evidence_url = serializers.CharField()
    authorities = ManyField(child=AuthoritySerializer(), read_only=True)
