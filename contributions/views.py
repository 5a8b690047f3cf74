"""The public "Share your work" form and its thank-you page (no account needed)."""

import logging

from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from . import ratelimit
from .drafts import NoSectionForSubmission, create_draft, notify_editors
from .forms import ShareYourWorkForm

logger = logging.getLogger(__name__)


def _render_form(request, form, status=200):
    return render(
        request,
        "contributions/share.html",
        {
            "form": form,
            "meta_title": _("Share your work"),
            "meta_description": _(
                "Tell us about a design pattern, method or case study from your council, so others can reuse it."
            ),
        },
        status=status,
    )


@never_cache
@csrf_protect
def share(request):
    if request.method != "POST":
        return _render_form(request, ShareYourWorkForm())
    form = ShareYourWorkForm(request.POST)
    if not form.is_valid():
        return _render_form(request, form)
    address = ratelimit.client_address(request)
    email = form.cleaned_data["email"]
    if ratelimit.limit_reached(address, email):
        form.add_error(None, _("You have sent several submissions in the last hour. Please try again later."))
        return _render_form(request, form, status=429)
    submission = form.to_submission(language=get_language() or "")
    try:
        create_draft(submission)
    except NoSectionForSubmission:
        form.add_error("kind", _("We cannot accept this type of work yet. Choose another type or try later."))
        return _render_form(request, form)
    ratelimit.count_submission(address, email)
    try:
        notify_editors(submission)
    except Exception:
        # The draft is stored and in moderation; a mail server problem must not lose it or fail the reader.
        logger.exception("Could not email the editors about shared work %s", submission.pk)
    return redirect("contributions:thanks")


def thanks(request):
    return render(
        request,
        "contributions/thanks.html",
        {"meta_title": _("Thank you for sharing your work")},
    )
