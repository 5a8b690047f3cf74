"""Turning a submission into a draft page in moderation, and telling the editors."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join, linebreaks
from django.utils.text import slugify
from wagtail.fields import StreamField
from wagtail.models import Locale, Page
from wagtail.rich_text import RichText

from casestudies.models import CaseStudyIndexPage, CaseStudyPage, CaseStudyPartner, Role
from patterns.models import MethodIndexPage, MethodPage, PatternIndexPage, PatternPage

from .models import SubmissionKind

logger = logging.getLogger(__name__)


class NoSectionForSubmission(Exception):
    """The site has no section (index page) for this kind of work yet."""


# For each kind: the section it goes in, the page type, and the field that takes the description and links.
SECTIONS = {
    SubmissionKind.PATTERN: (PatternIndexPage, PatternPage, "how_it_works"),
    SubmissionKind.METHOD: (MethodIndexPage, MethodPage, "purpose"),
    SubmissionKind.CASE_STUDY: (CaseStudyIndexPage, CaseStudyPage, "approach"),
}


def description_html(submission):
    """The submitter's text as paragraphs, then their links as a list, all escaped."""
    html = linebreaks(submission.description.strip(), autoescape=True)
    links = submission.link_list
    if links:
        html += format_html(
            "<h3>Links</h3><ul>{}</ul>",
            format_html_join("", '<li><a href="{}">{}</a></li>', ((link, link) for link in links)),
        )
    return html


def section_for(kind):
    """The section index in the site's default language that this kind of work goes in."""
    index_model, _, _ = SECTIONS[kind]
    index = index_model.objects.filter(locale=Locale.get_default()).order_by("path").first()
    if index is None:
        raise NoSectionForSubmission(kind)
    return index


def unique_slug(parent, title):
    base = slugify(title)[:70].strip("-") or "shared-work"
    slug, number = base, 1
    while not Page._slug_is_available(slug, parent):
        number += 1
        slug = f"{base}-{number}"
    return slug


def build_page(submission):
    _, page_model, text_field = SECTIONS[submission.kind]
    authority = submission.authority
    page = page_model(
        title=submission.title,
        summary=submission.summary,
        content_owner=authority.name if authority else "",
        live=False,
    )
    html = description_html(submission)
    field = page_model._meta.get_field(text_field)
    if isinstance(field, StreamField):
        setattr(page, text_field, [("paragraph", RichText(html))])
    else:
        setattr(page, text_field, html)
    if authority:
        page.authorities = [authority]
    if page_model is CaseStudyPage:
        # The start date cannot be empty in the database; the editor corrects it before publishing.
        page.started_on = timezone.localdate()
        if authority:
            page.partners = [CaseStudyPartner(authority=authority, role=Role.LEAD)]
    return page


@transaction.atomic
def create_draft(submission):
    """Store the submission, make its draft page and put the draft into moderation.

    The draft is saved with only its title and slug checked, as an editor's draft is:
    the submitter cannot fill in every field a published page needs.
    """
    parent = section_for(submission.kind)
    page = build_page(submission)
    page.slug = unique_slug(parent, submission.title)
    parent.add_child(instance=page)
    revision = page.save_revision(clean=False, log_action=True)
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, user=None)
    submission.page = page
    submission.save()
    logger.info("Shared work %s became draft page %s (revision %s)", submission.pk, page.pk, revision.pk)
    return page


def notification_recipients():
    """CONTRIBUTIONS_NOTIFY_EMAILS when set, otherwise the members of the moderating groups."""
    if settings.CONTRIBUTIONS_NOTIFY_EMAILS:
        return list(settings.CONTRIBUTIONS_NOTIFY_EMAILS)
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=settings.CONTRIBUTIONS_NOTIFY_GROUPS)
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


def notify_editors(submission):
    recipients = notification_recipients()
    if not recipients:
        logger.warning("Nobody to tell about shared work %s: set CONTRIBUTIONS_NOTIFY_EMAILS", submission.pk)
        return 0
    edit_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "wagtailadmin_pages:edit", args=[submission.page_id]
    )
    authority = submission.authority.name if submission.authority else "not given"
    lines = [
        "Someone has shared their work through the 'Share your work' form.",
        "",
        f"Type: {submission.get_kind_display()}",
        f"Title: {submission.title}",
        f"Council: {authority}",
        f"From: {submission.name} <{submission.email}>",
        "Agreed to publication: yes" if submission.consent_to_publish else "Agreed to publication: no",
        "",
        f"Summary: {submission.summary}",
        "",
        f"It is a draft in moderation. Review and complete it here: {edit_url}",
        "",
        "The name and email address above are not on the page. Do not add them to it.",
    ]
    return send_mail(
        subject=f"Shared work to review: {submission.title}",
        message="\n".join(lines),
        from_email=None,
        recipient_list=recipients,
    )
