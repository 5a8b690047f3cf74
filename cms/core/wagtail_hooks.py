from django.contrib import messages
from django.utils import timezone
from wagtail import hooks


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_when_review_date_has_passed(request, page):
    """A past review-by date is allowed (the page may be overdue), but the editor should know."""
    review_by = getattr(page.specific, "review_by", None)
    if review_by and review_by < timezone.localdate():
        messages.warning(
            request,
            f"The review-by date ({review_by:%d %B %Y}) is in the past, so readers will see "
            "'overdue for review' on this page. Set a future date once it has been checked.",
        )
