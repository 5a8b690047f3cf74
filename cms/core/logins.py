"""The page a locked-out login gets (docs/decisions/0021-production-and-logins.md)."""

from axes.helpers import get_cool_off
from django.shortcuts import render


def locked_out(request, original_response=None, credentials=None):
    """django-axes calls this instead of its plain-text reply: a page in the admin's look
    that says how long to wait and who can help, with 429 Too Many Requests."""
    cool_off = get_cool_off(request)
    minutes = round(cool_off.total_seconds() / 60) if cool_off else None
    return render(request, "core/locked_out.html", {"cool_off_minutes": minutes}, status=429)
