"""The admin form every collection page is edited with."""

from wagtail.admin.forms import WagtailAdminPageForm

#: Buttons of the page editor that put the edited content live, now or after review.
PUBLISHING_ACTIONS = ("action-publish", "action-submit", "action-restart-workflow")

CHANGE_LOG_NOTE_NEEDED = (
    "This page is live. Add an entry to the change log (on the About tab) saying what changed, "
    "in a sentence a reader understands, before you publish or submit it for review."
)


class BasePageForm(WagtailAdminPageForm):
    """Asks for a change log note when a change to a live page is published or sent for review.

    Readers rely on the public change log to see what changed and when; a change
    that goes live without a note would leave the log silently out of date. See
    docs/decisions/0015-editor-permissions.md.
    """

    def clean(self):
        cleaned_data = super().clean()
        if self.is_publishing() and self.instance.pk and self.instance.live and not self.has_new_change_log_entry():
            self.add_error(None, CHANGE_LOG_NOTE_NEEDED)
        return cleaned_data

    def is_publishing(self):
        data = self.data
        if any(data.get(action) for action in PUBLISHING_ACTIONS):
            return True
        # A moderator approving from the editor publishes what the form holds.
        return bool(data.get("action-workflow-action")) and data.get("workflow-action-name") == "approve"

    def has_new_change_log_entry(self):
        """True when the form's change log has an entry the live page does not have yet."""
        formset = self.formsets.get("change_log")
        if formset is None:
            # A page type without a change log on its form has nothing to ask for.
            return True
        from .models import PageChange

        live_ids = set(PageChange.objects.filter(page_id=self.instance.pk).values_list("pk", flat=True))
        for form in formset.forms:
            if not form.is_valid() or formset._should_delete_form(form):
                continue
            note = (form.cleaned_data.get("note") or "").strip()
            if note and form.instance.pk not in live_ids:
                return True
        return False
