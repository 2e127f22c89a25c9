"""Errors a view can show: each carries a message written for the person on the page."""


class ServiceError(Exception):
    """An outside service failed; `str(error)` is safe and useful to show on the page."""


class ServiceUnavailable(ServiceError):
    """Connection refused, timed out, or the service answered with a server error."""


class BadServiceResponse(ServiceError):
    """The service answered, but not with what its API promises."""


class NotFound(ServiceError):
    """The thing asked for does not exist."""


class AccessDenied(ServiceError):
    """The credentials in use may not do this."""
