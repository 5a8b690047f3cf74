"""The Content-Security-Policy: the public policy everywhere, the admin's own under /admin/.

django-csp builds and sends the header; it has one policy for the whole site, so
this subclass chooses the admin policy (CONTENT_SECURITY_POLICY_ADMIN) for Wagtail's
admin, whose own templates write inline scripts that no nonce reaches
(docs/decisions/0020-security-headers.md).
"""

from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings


def is_admin_path(path):
    return any(path.startswith(prefix) for prefix in settings.CONTENT_SECURITY_POLICY_ADMIN["URL_PREFIXES"])


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or parts.config is not None:
            return parts
        admin_directives = settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"]
        if getattr(request, "is_dummy", False):
            # Wagtail renders a preview through the middleware with a stand-in request
            # for the page's own URL. A preview shows what an editor wrote to the person
            # reviewing it, so it keeps the strict public policy; only the admin's
            # preview panel may frame it.
            parts.replace = {**(parts.replace or {}), "frame-ancestors": admin_directives["frame-ancestors"]}
        elif is_admin_path(request.path_info):
            parts.config = default_config(admin_directives)
        return parts
