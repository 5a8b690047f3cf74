"""The shared vocabularies every item in the collection is tagged with.

ServiceArea (what a council does, coded by the Local Government Services
List), Authority (who does it, coded by ONS GSS codes) and Licence (on what
terms it can be reused, by SPDX identifier). See docs/decisions/0003-taxonomy.md.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField


def unique_slug(model, base, *, exclude_pk=None, fallback, suffix, **scope):
    """A slug made from `base`, with `-suffix` added only if another row in `scope` holds it already."""
    slug = slugify(base)[:200] or fallback
    taken = model.objects.filter(slug=slug, **scope)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        slug = f"{slug}-{suffix}"
    return slug


class ServiceArea(TranslatableMixin, index.Indexed, models.Model):
    """A council service from the Local Government Services List (LGSL), such as "Household waste collection"."""

    lgsl_code = models.PositiveIntegerField(
        "LGSL code",
        help_text="The service's number in the Local Government Services List, for example 524.",
    )
    label = models.CharField(
        max_length=255,
        help_text="The service's name as people know it, for example 'Household waste collection'.",
    )
    slug = models.SlugField(
        max_length=255,
        blank=True,
        help_text=(
            "The short name used in web addresses and search filters. Leave blank to make it from the label. "
            "It stays the same in every language, so a filter link works in English and Welsh."
        ),
    )

    panels = [
        MultiFieldPanel([FieldPanel("lgsl_code"), FieldPanel("label")], heading="Service"),
        MultiFieldPanel([FieldPanel("slug")], heading="Web address"),
    ]

    search_fields = [
        index.SearchField("label"),
        index.AutocompleteField("label"),
        index.SearchField("code_text"),
        index.AutocompleteField("code_text"),
        index.FilterField("lgsl_code"),
        index.FilterField("locale"),
    ]

    # The code and the web address are the same in every language; only the label is translated.
    translatable_fields = [
        TranslatableField("label"),
        SynchronizedField("lgsl_code"),
        SynchronizedField("slug"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = "service area"
        verbose_name_plural = "service areas"
        ordering = ["label"]
        unique_together = [("translation_key", "locale"), ("lgsl_code", "locale"), ("slug", "locale")]

    def __str__(self):
        return self.label

    def save(self, *args, **kwargs):
        if self.locale_id is None:
            # Wagtail would set it just before saving; the slug check below needs it now.
            self.locale = self.get_default_locale()
        if not self.slug:
            self.slug = unique_slug(
                ServiceArea,
                self.label,
                exclude_pk=self.pk,
                fallback=f"lgsl-{self.lgsl_code}",
                suffix=self.lgsl_code,
                locale_id=self.locale_id,
            )
        super().save(*args, **kwargs)

    def code_text(self):
        """The LGSL code as text, so the search index treats it as a word people can type."""
        return str(self.lgsl_code)

    @property
    def label_in_language(self):
        """The label in the language being shown: its translation's where there is one, else this one.

        Pages in every language are tagged with the English service areas (the
        relation is synchronised); the facet labels hold each service area's label
        in each language, cached, so showing them costs no query per area.
        """
        from search.facets import FACETS_BY_KEY  # search.facets imports this module

        return FACETS_BY_KEY["area"].all_labels().get(self.slug, self.label)


@receiver(post_save, sender=ServiceArea, dispatch_uid="reindex-pages-tagged-in-its-language")
def reindex_pages_tagged_in_its_language(sender, instance, raw=False, **kwargs):
    """A new or changed translation of a service area reaches the search index of the pages
    in its language tagged with the service area (BasePage.service_area_labels_in_locale)."""
    if raw or instance.locale.language_code == settings.LANGUAGE_CODE:
        return
    # Imported here: both import this module.
    from cms.core.collection import collection_page_models
    from search.indexing import index_item_task

    for model in collection_page_models():
        tagged = model.objects.filter(
            locale_id=instance.locale_id, service_areas__translation_key=instance.translation_key
        )
        for pk in tagged.values_list("pk", flat=True).distinct():
            index_item_task.enqueue(model._meta.app_label, model._meta.model_name, str(pk))


class AuthorityType(models.TextChoices):
    UNITARY_AUTHORITY = "unitary-authority", "Unitary authority"
    NON_METROPOLITAN_DISTRICT = "non-metropolitan-district", "Non-metropolitan district"
    METROPOLITAN_BOROUGH = "metropolitan-borough", "Metropolitan borough"
    LONDON_BOROUGH = "london-borough", "London borough"
    COUNTY_COUNCIL = "county-council", "County council"
    WELSH_PRINCIPAL_COUNCIL = "welsh-principal-council", "Welsh principal council"
    SCOTTISH_COUNCIL_AREA = "scottish-council-area", "Scottish council area"
    NORTHERN_IRELAND_DISTRICT = "northern-ireland-district", "Northern Ireland district"


class Nation(models.TextChoices):
    ENGLAND = "england", _("England")
    WALES = "wales", _("Wales")
    SCOTLAND = "scotland", _("Scotland")
    NORTHERN_IRELAND = "northern-ireland", _("Northern Ireland")


# The ONS GSS entity code (the first three characters) fixes the kind of authority and its nation.
GSS_PREFIXES = {
    "E06": (AuthorityType.UNITARY_AUTHORITY, Nation.ENGLAND),
    "E07": (AuthorityType.NON_METROPOLITAN_DISTRICT, Nation.ENGLAND),
    "E08": (AuthorityType.METROPOLITAN_BOROUGH, Nation.ENGLAND),
    "E09": (AuthorityType.LONDON_BOROUGH, Nation.ENGLAND),
    "E10": (AuthorityType.COUNTY_COUNCIL, Nation.ENGLAND),
    "W06": (AuthorityType.WELSH_PRINCIPAL_COUNCIL, Nation.WALES),
    "S12": (AuthorityType.SCOTTISH_COUNCIL_AREA, Nation.SCOTLAND),
    "N09": (AuthorityType.NORTHERN_IRELAND_DISTRICT, Nation.NORTHERN_IRELAND),
}
GSS_CODE_PATTERN = re.compile(rf"^(?:{'|'.join(GSS_PREFIXES)})[0-9]{{6}}$")
GSS_CODE_RULE = "E06, E07, E08, E09, E10, W06, S12 or N09 followed by exactly 6 digits"
GSS_CODE_MESSAGE = f"Enter a GSS code: {GSS_CODE_RULE}, for example E07000008."
validate_gss_code = RegexValidator(GSS_CODE_PATTERN, GSS_CODE_MESSAGE, code="invalid_gss_code")


def is_gss_code(value):
    return isinstance(value, str) and GSS_CODE_PATTERN.match(value) is not None


class GSSCodeField(models.CharField):
    """A GSS code, stored in capitals without surrounding spaces whatever way it was typed."""

    default_validators = [validate_gss_code]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 9)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return value.strip().upper() if isinstance(value, str) else value


class Authority(index.Indexed, models.Model):
    """A local authority in the ONS register, identified by its GSS code.

    Not translatable: an authority's official name is the same in every
    language we publish in.
    """

    name = models.CharField(
        max_length=255,
        help_text="The official name as ONS publishes it, for example 'Cambridge' or 'Cambridgeshire'.",
    )
    gss_code = GSSCodeField(
        "GSS code",
        unique=True,
        error_messages={"unique": "Another authority already has this GSS code."},
        help_text=(
            "The nine-character ONS code: E06, E07, E08, E09, E10, W06, S12 or N09 followed by 6 digits, "
            "for example E07000008. It sets the type of authority and the nation."
        ),
    )
    authority_type = models.CharField(
        "type",
        max_length=32,
        choices=AuthorityType.choices,
        blank=True,
        help_text="Set from the GSS code when the authority is saved.",
    )
    nation = models.CharField(
        max_length=32,
        choices=Nation.choices,
        blank=True,
        help_text="Set from the GSS code when the authority is saved.",
    )
    region = models.CharField(
        max_length=100,
        blank=True,
        help_text=(
            "The English region, for example 'North West'. London boroughs get 'London' automatically; "
            "for the others, fill it in by hand (the ONS lookup we import has no regions)."
        ),
    )
    upper_tier = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lower_tier_authorities",
        verbose_name="upper-tier authority",
        help_text=(
            "For a non-metropolitan district only: its county council. Leave blank for every other authority, "
            "including unitary, metropolitan, London and Welsh ones, which have no upper tier."
        ),
    )
    slug = models.SlugField(
        max_length=255,
        unique=True,
        blank=True,
        help_text="The short name used in web addresses and search filters. Leave blank to make it from the name.",
    )

    panels = [
        MultiFieldPanel([FieldPanel("name"), FieldPanel("gss_code")], heading="Authority"),
        MultiFieldPanel(
            [
                FieldPanel("authority_type", read_only=True),
                FieldPanel("nation", read_only=True),
                FieldPanel("region"),
                FieldPanel("upper_tier"),
            ],
            heading="Where it sits",
        ),
        MultiFieldPanel([FieldPanel("slug")], heading="Web address"),
    ]

    search_fields = [
        index.SearchField("name", boost=2),
        index.AutocompleteField("name"),
        index.SearchField("gss_code"),
        index.AutocompleteField("gss_code"),
        index.FilterField("authority_type"),
        index.FilterField("nation"),
    ]

    class Meta:
        verbose_name = "authority"
        verbose_name_plural = "authorities"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.derive_from_gss_code()
        if not self.slug:
            self.slug = unique_slug(
                Authority,
                self.name,
                exclude_pk=self.pk,
                fallback=(self.gss_code or "authority").lower(),
                suffix=(self.gss_code or "").lower(),
            )
        super().save(*args, **kwargs)

    def derive_from_gss_code(self):
        """Set the type, nation and (for London boroughs) region that the GSS code implies."""
        prefix = (self.gss_code or "")[:3]
        if prefix not in GSS_PREFIXES:
            return
        self.authority_type, self.nation = GSS_PREFIXES[prefix]
        if self.authority_type == AuthorityType.LONDON_BOROUGH:
            self.region = "London"

    def clean(self):
        super().clean()
        self.derive_from_gss_code()
        upper_tier = self.upper_tier
        if upper_tier is None:
            return
        if self.pk is not None and upper_tier.pk == self.pk:
            raise ValidationError(
                {"upper_tier": "An authority cannot be its own upper tier. Leave this blank for a single-tier one."}
            )
        if upper_tier.authority_type != AuthorityType.COUNTY_COUNCIL:
            raise ValidationError({"upper_tier": "The upper-tier authority must be a county council (E10)."})
        if self.authority_type and self.authority_type != AuthorityType.NON_METROPOLITAN_DISTRICT:
            raise ValidationError(
                {
                    "upper_tier": "Only a non-metropolitan district (E07) sits under a county council. "
                    "Leave this blank for any other type of authority."
                }
            )


SPDX_ID_MESSAGE = "Enter an SPDX licence identifier such as 'MIT' or 'OGL-UK-3.0': letters, digits, '.', '-' and '+'."


class Licence(TranslatableMixin, index.Indexed, models.Model):
    """A licence that work in the collection can be reused under, named by its SPDX identifier."""

    spdx_id = models.CharField(
        "SPDX identifier",
        max_length=100,
        validators=[RegexValidator(r"^[A-Za-z0-9.+-]+$", SPDX_ID_MESSAGE)],
        help_text=(
            "The licence's identifier in the SPDX licence list, for example 'MIT' or 'OGL-UK-3.0'. "
            "For a licence SPDX does not list, use 'LicenseRef-' and a name, as in 'LicenseRef-Proprietary'."
        ),
    )
    name = models.CharField(
        max_length=255,
        help_text="The licence's official full name, for example 'Apache License 2.0'.",
    )
    url = models.URLField(
        "web address",
        blank=True,
        help_text="Where the licence text is published. Leave blank for proprietary terms.",
    )
    is_open = models.BooleanField(
        "open licence",
        default=True,
        help_text="Tick if anyone may reuse the work under this licence; untick for proprietary terms.",
    )

    panels = [
        MultiFieldPanel([FieldPanel("spdx_id"), FieldPanel("name")], heading="Licence"),
        MultiFieldPanel([FieldPanel("url"), FieldPanel("is_open")], heading="Terms"),
    ]

    search_fields = [
        index.SearchField("name", boost=2),
        index.AutocompleteField("name"),
        index.SearchField("spdx_id"),
        index.AutocompleteField("spdx_id"),
        index.FilterField("is_open"),
        index.FilterField("locale"),
    ]

    # The identifier, address and openness are facts about the licence; only its name is translated.
    translatable_fields = [
        TranslatableField("name"),
        SynchronizedField("spdx_id"),
        SynchronizedField("url"),
        SynchronizedField("is_open"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = "licence"
        verbose_name_plural = "licences"
        ordering = ["name"]
        unique_together = [("translation_key", "locale"), ("spdx_id", "locale")]

    def __str__(self):
        return self.name

    @property
    def name_in_language(self):
        """The name in the language being shown: its translation's where there is one (the Open
        Government Licence has an official Welsh name), else this one. See ServiceArea.label_in_language."""
        from search.facets import FACETS_BY_KEY  # search.facets imports this module

        return FACETS_BY_KEY["licence"].all_labels().get(self.spdx_id, self.name)

    def clean(self):
        super().clean()
        if self.is_open and not self.url:
            raise ValidationError({"url": "An open licence needs the web address of its text."})
