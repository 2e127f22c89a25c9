"""The Content-Security-Policy header for djust pages (the policy itself is in settings.py)."""

import csp.middleware


class CSPMiddleware(csp.middleware.CSPMiddleware):
    """django-csp's middleware, with each request's nonce made as the request arrives.

    django-csp 4 makes the nonce lazily, when something first reads it, and djust 1.2.6
    reads it as `request.csp_nonce or ""`: "" while it is unread. djust's inline scripts
    then went out without it and the browser blocked them.
    """

    def process_request(self, request):
        super().process_request(request)
        str(request.csp_nonce)  # made now: djust sees it, the header carries it
