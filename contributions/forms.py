from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cms.taxonomy.models import Authority

from .models import Submission, SubmissionKind

MAX_LINKS = 10


class ShareYourWorkForm(forms.Form):
    """The public form. Every field has a size limit, checked before anything is stored."""

    name = forms.CharField(label=_("Your name"), max_length=100)
    email = forms.EmailField(
        label=_("Your work email address"),
        max_length=254,
        help_text=_("We will only use this to ask you about your submission. It is never published."),
    )
    authority = forms.ModelChoiceField(
        label=_("Your council"),
        queryset=Authority.objects.order_by("name"),
        empty_label=_("Choose your council"),
        error_messages={"invalid_choice": _("Choose your council from the list.")},
    )
    kind = forms.ChoiceField(
        label=_("What are you sharing?"), choices=SubmissionKind.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(
        label=_("Title"), max_length=120, help_text=_("For example, 'Bin day finder' or 'Joint discovery sprints'.")
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or two sentences saying what it is (300 characters at most)."),
    )
    description = forms.CharField(
        label=_("Tell us about it"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "What problem it solves, how it works, who took part and what you learnt (5,000 characters at most)."
        ),
    )
    links = forms.CharField(
        label=_("Links"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Web addresses for the live service, code, research or slides, one on each line (10 at most)."),
    )
    consent_to_publish = forms.BooleanField(
        label=_("I agree that this may be published on Factory Commons under the Open Government Licence v3.0"),
        error_messages={"required": _("You must agree to publication before we can accept your submission.")},
    )
    # A field people never see or fill in. Automated spam fills every field.
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = _("Enter your name.")
        self.fields["email"].error_messages["required"] = _("Enter your work email address.")
        self.fields["email"].error_messages["invalid"] = _(
            "Enter an email address in the correct format, like name@council.gov.uk."
        )
        self.fields["authority"].error_messages["required"] = _("Choose your council from the list.")
        self.fields["kind"].error_messages["required"] = _("Choose what you are sharing.")
        self.fields["kind"].error_messages["invalid_choice"] = _("Choose what you are sharing.")
        self.fields["title"].error_messages["required"] = _("Enter a title.")
        self.fields["summary"].error_messages["required"] = _("Enter a summary.")
        self.fields["description"].error_messages["required"] = _("Tell us about your work.")
        for field in self.fields.values():
            if getattr(field, "max_length", None):
                field.error_messages["max_length"] = _("%(label)s must be %(limit)d characters or fewer.") % {
                    "label": field.label,
                    "limit": field.max_length,
                }

    def is_spam(self):
        return bool(self.data.get("website"))

    def clean_links(self):
        links = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        if len(links) > MAX_LINKS:
            raise ValidationError(
                ngettext("Give %(count)d link at most.", "Give %(count)d links at most.", MAX_LINKS)
                % {"count": MAX_LINKS}
            )
        validate = URLValidator(schemes=["http", "https"])
        for link in links:
            try:
                validate(link)
            except ValidationError:
                raise ValidationError(
                    _("'%(link)s' is not a full web address. Start each link with https://.") % {"link": link[:100]}
                ) from None
        return "\n".join(links)

    def clean(self):
        cleaned = super().clean()
        if self.is_spam():
            raise ValidationError(_("Your submission could not be accepted. Please try again."), code="spam")
        return cleaned

    def to_submission(self, language):
        data = self.cleaned_data
        return Submission(
            name=data["name"].strip(),
            email=data["email"],
            authority=data["authority"],
            kind=data["kind"],
            title=data["title"].strip(),
            summary=data["summary"].strip(),
            description=data["description"].strip(),
            links=data["links"],
            consent_to_publish=data["consent_to_publish"],
            language=language,
        )
