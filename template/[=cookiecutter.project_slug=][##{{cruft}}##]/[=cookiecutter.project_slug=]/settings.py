"""Settings for [= cookiecutter.project_name =], read from the environment (12-factor).

Every value that differs between machines comes from an environment variable;
`.env` (created once, never committed) supplies them for `make dev`. The three
profiles (DJANGO_ENV = development | test | production) differ only in the
"Profiles" block below, so the whole difference is visible in one place.
"""

from datetime import timedelta
from importlib.util import find_spec
[% if cookiecutter.accounts == 'allauth' %]from operator import attrgetter
[% endif %]from pathlib import Path

import environ
[% if cookiecutter.channel_layer == 'redis' -%]
from channels_redis.core import RedisChannelLayer
[% endif -%]
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
SITE_NAME = [= cookiecutter.project_name | tojson =]

env = environ.Env()
# Variables already in the environment win over `.env`, so a real deployment
# is never overridden by a stray file; DJANGO_READ_DOT_ENV_FILE=false skips it.
if env.bool("DJANGO_READ_DOT_ENV_FILE", default=True):
    environ.Env.read_env(BASE_DIR / ".env")

PROFILES = ("development", "test", "production")
# Production unless told otherwise: a host that forgets to say gets the safe settings.
DJANGO_ENV = env.str("DJANGO_ENV", default="production")
if DJANGO_ENV not in PROFILES:
    raise ImproperlyConfigured(f"DJANGO_ENV={DJANGO_ENV!r}; use one of: {', '.join(PROFILES)}.")

# Off unless the environment turns it on: tracebacks and settings stay private.
DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. It is required when DEBUG is off: export SECRET_KEY "
            '(python -c "import secrets; print(secrets.token_urlsafe(50))") or add it to .env.'
        )
    from django.core.management.utils import get_random_secret_key

    SECRET_KEY = get_random_secret_key()  # DEBUG only: sessions end when the process does

# Host names this site serves; also the websocket Origin allow-list (see asgi.py).
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])

# The project's own apps, one per feature: removing a feature is removing its folder,
# its line here and its line in urls.py.
PROJECT_APPS = [
    "[= cookiecutter.project_slug =].accounts",
    "[= cookiecutter.project_slug =].home",
[% if 's3' in cookiecutter.examples %]    "[= cookiecutter.project_slug =].storage",
[% endif %][% if 'redis' in cookiecutter.examples %]    "[= cookiecutter.project_slug =].leaderboard",
[% endif %][% if 'weather' in cookiecutter.examples %]    "[= cookiecutter.project_slug =].weather",
[% endif %][% if 'dashboard' in cookiecutter.examples %]    "[= cookiecutter.project_slug =].dashboard",
[% endif %]]

INSTALLED_APPS = [
    # First: its templates win over Django's of the same names (registration/ pages, the
    # password reset mail); also its static files and system checks.
    "[= cookiecutter.project_slug =]",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "channels",
    "djust",
    "axes",  # sign-in throttle (see "Sign-in throttle" below)
    *PROJECT_APPS,
[% if cookiecutter.accounts == 'allauth' %]    # After accounts: its templates (accounts/templates/) restyle allauth's pages.
    "allauth",
    "allauth.account",
    "allauth.mfa",
[% endif %]]

MIDDLEWARE = [
    # First: /healthz and /readyz are answered before any host, HTTPS or session handling.
    "[= cookiecutter.project_slug =].health.answer_probes",
    # Then one log line per request (not per probe), timing everything below (logs.py).
    "[= cookiecutter.project_slug =].logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # The Content-Security-Policy header below, with a nonce for djust's inline scripts.
    "[= cookiecutter.project_slug =].content_policy.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions, before common (Django's i18n docs): the language from the cookie
    # set_language writes, else Accept-Language. The websocket gets it in consumer.py.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
[% if cookiecutter.accounts == 'allauth' %]    "allauth.account.middleware.AccountMiddleware",
[% endif %]    # Plain HTTP to LiveView pages: a 400 for a malformed event, no session per page view.
    "[= cookiecutter.project_slug =].middleware.LiveViewRequests",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a lockout into the sign-in page's 429 answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "[= cookiecutter.project_slug =].urls"
# A refused form gets the site's page saying what to do, not Django's debugging page.
CSRF_FAILURE_VIEW = "[= cookiecutter.project_slug =].errors.csrf_failure"
ASGI_APPLICATION = "[= cookiecutter.project_slug =].asgi.application"

TEMPLATES = [
    {
        # djust's engine renders LiveView templates and the pages around them.
        "BACKEND": "[= cookiecutter.project_slug =].template_engines.DjustTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            # Apps whose templates are written for Django's engine (the next entry)[% if cookiecutter.accounts == 'allauth' %]:
            # the admin, allauth, and accounts/templates/ (allauth's pages restyled)[% endif %].
            "django_engine_apps": ["admin"[% if cookiecutter.accounts == 'allauth' %], "allauth", "accounts"[% endif %]],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "[= cookiecutter.project_slug =].context_processors.site",
                # {% csrf_token %} on LiveView pages too (djust skips Django's own processor).
                "[= cookiecutter.project_slug =].context_processors.csrf_token",
            ],
        },
    },
]
# Django's own engine, for the templates djust's cannot render (the admin's).
TEMPLATES.append(
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": TEMPLATES[0]["OPTIONS"]["context_processors"]},
    }
)

DATABASES = {
    # SQLite in var/ (local state, never committed) unless DATABASE_URL names another.
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

[% if 'redis' in cookiecutter.examples or cookiecutter.channel_layer == 'redis' -%]
# Redis serves [% if 'redis' in cookiecutter.examples %]the leaderboard[% if cookiecutter.channel_layer == 'redis' %] and [% endif %][% endif %][% if cookiecutter.channel_layer == 'redis' %]the channel layer[% endif %]; production must name it.
REDIS_URL = env.str("REDIS_URL", default="")
if DJANGO_ENV == "production" and not REDIS_URL:
    raise ImproperlyConfigured("REDIS_URL is not set; production needs a Redis server.")
[% endif -%]
[% if cookiecutter.channel_layer == 'redis' -%]
# With Redis every process shares groups, so a push reaches viewers on any worker;
# without REDIS_URL one development or test process keeps groups in memory.
# Every websocket waits on the layer with BZPOPMIN, which Redis holds up to
# RedisChannelLayer.brpop_timeout (5 s) when nothing arrives; redis-py 8 gives up on any
# read after socket_timeout (default 5 s), and the socket's consumer then crashes. So the
# read timeout sits 5 s above the wait. A host dict's keys other than "address" reach
# redis-py's connection (channels_redis/utils.py create_pool:
# `ConnectionPool.from_url(address, **host)`).
CHANNEL_LAYER_SOCKET_TIMEOUT = RedisChannelLayer.brpop_timeout + 5
CHANNEL_LAYERS = {
    "default": (
        {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [{"address": REDIS_URL, "socket_timeout": CHANNEL_LAYER_SOCKET_TIMEOUT}]
            },
        }
        if REDIS_URL
        else {"BACKEND": "channels.layers.InMemoryChannelLayer"}
    )
}
if REDIS_URL:
    # Every process shares one cache, so sessions read through it (and written through to
    # the database) are the same whichever process a request or a websocket lands on.
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    # djust keeps each page's rendered state in Redis: a websocket that lands on another
    # process than the page's HTTP request finds it there instead of rendering afresh.
    DJUST_CONFIG = {"STATE_BACKEND": "redis", "REDIS_URL": REDIS_URL}
[%- else -%]
# One process: groups live in memory. Choose the Redis layer to run several processes.
CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
[%- endif %]

LIVEVIEW_CONFIG = {
    # A value that cannot be serialized (a client, a connection) raises at once
    # instead of being silently turned into a useless string.
    "strict_serialization": True,
    # djust's websocket limits (djust/websocket.py, djust/rate_limit.py). A socket over
    # them is closed with code 4429 and the page says why (connection.js); the trade-offs
    # are in docs/deployment.md.
    "rate_limit": {
        # Open sockets per client address and process. Everyone behind one NAT or office
        # proxy shares an address: djust's 10 is a handful of people with a few tabs each.
        "max_connections_per_ip": env.int("LIVE_SOCKETS_PER_IP", default=100),
        # Messages a second per socket, sustained: an event costs a render (~10 ms), so
        # djust's 100 let one socket take a whole core; a person sends far fewer than 20.
        "rate": env.int("LIVE_MESSAGES_PER_SECOND", default=20),
        # Messages a socket may send at once above that rate (a burst of quick clicks).
        "burst": env.int("LIVE_MESSAGE_BURST", default=40),
        # Messages dropped (each answered with a rate-limit frame) before the close.
        "max_warnings": env.int("LIVE_DROPPED_BEFORE_CLOSE", default=3),
        # Seconds the address may not open a socket after that close. Short: it shuts
        # out everyone behind the same address, not only the client that flooded.
        "reconnect_cooldown": env.int("LIVE_RECONNECT_COOLDOWN", default=5),
    },
}
# Only the project's view modules may be mounted over the websocket: a client cannot
# name any other class.
LIVEVIEW_ALLOWED_MODULES = [f"{app}.views" for app in PROJECT_APPS]

# --- Content-Security-Policy (django-csp 4; content_policy.py), in every profile ---
# The same policy in development, so `make test-browser` meets what production sends.
# Inline styles djust's client adds, by the SHA-256 of their text: [dj-cloak], lazy
# hydration, the page-loading bar (djust 1.2.6; a changed one fails the browser tests).
DJUST_CLIENT_STYLE_HASHES = [
    "'sha256-/IBY28ZwDaxwbibcekUAwU4CZseDF93G/C57mBqUL1M='",
    "'sha256-AQoKrkyiktohQt9cfV+Ww4r6Ry4kCABTyOWUGewB3mI='",
    "'sha256-yJ4qTz9mBpGr4KFA4TEAPWWf+sCdgVqAGuVdnfgIn0E='",
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        # This site's files, and inline scripts carrying the response's nonce (djust's
        # route map, handler metadata and client settings); no eval, no inline handlers.
        "script-src": [SELF, NONCE, "'report-sample'"],
        # This site's stylesheets and djust's fixed <style> elements; no style attributes.
        "style-src": [SELF, *DJUST_CLIENT_STYLE_HASHES, "'report-sample'"],
        # The live connection: 'self' matches ws:// and wss:// on this host (CSP Level 3).
        "connect-src": [SELF],
[% if cookiecutter.accounts == 'allauth' %]        # The two-factor page's QR code is an image in a data: URL (allauth's mfa app).
        "img-src": [SELF, "data:"],
[% endif %]        "object-src": [NONE],  # no plugins
        "base-uri": [NONE],  # no <base> to re-point relative script URLs
        "form-action": [SELF],  # forms post only to this site
        "frame-ancestors": [NONE],  # no framing (clickjacking), as X-Frame-Options: DENY
    }
}
if DEBUG:
    # Development only: djust's debug panel and error overlay add <style> elements of their
    # own and set style attributes, and the panel's event list uses inline onclick handlers
    # (debug-panel.js). <script> elements stay as strict as in production.
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["style-src"] += [
        "'sha256-xglfHPbORMpMcpUWzqXAMZuu9CStWWv8CJT8K5CKWNA='",  # debug button
        "'sha256-vfAUPm0wiLgmr4jWWgOS4AIf+nX+J5BzBMKBJfGq6fA='",  # debug panel
        "'sha256-cxJc3856xQWEZGUC2eaAPyoQ9YTiJVZDI+hD8Kd/uZA='",  # error overlay
    ]
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["style-src-attr"] = ["'unsafe-inline'"]
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src-attr"] = ["'unsafe-inline'"]

# --- Health checks (health.py) ---
# The longest /readyz waits for any one service, in seconds: a stalled one is reported
# down instead of hanging the probe that asks.
READINESS_TIMEOUT = env.float("READINESS_TIMEOUT", default=2.0)

[% if cookiecutter.examples -%]
# --- Outside services (see services/) ---
# The longest a person waits for an outside service, in seconds, every retry included;
# then the page shows an error (services/deadline.py).
SERVICE_DEADLINE = env.float("SERVICE_DEADLINE", default=5.0)
# Each attempt's own limits, in seconds, inside that deadline.
SERVICE_CONNECT_TIMEOUT = env.float("SERVICE_CONNECT_TIMEOUT", default=2.0)
SERVICE_READ_TIMEOUT = env.float("SERVICE_READ_TIMEOUT", default=5.0)
# Local stand-ins `manage.py dev` started for services not configured here (shown on pages).
DEV_STANDINS = env.json("DEV_STANDINS", default={})
[% endif -%]
[% if 's3' in cookiecutter.examples -%]
# S3: AWS unless AWS_ENDPOINT_URL names another S3-compatible store. Without keys,
# boto3's own credential chain applies (instance roles, AWS_PROFILE).
AWS_ENDPOINT_URL = env.str("AWS_ENDPOINT_URL", default="")
AWS_REGION = env.str("AWS_REGION", default="us-east-1")
AWS_ACCESS_KEY_ID = env.str("AWS_ACCESS_KEY_ID", default="")
AWS_SECRET_ACCESS_KEY = env.str("AWS_SECRET_ACCESS_KEY", default="")
AWS_SESSION_TOKEN = env.str("AWS_SESSION_TOKEN", default="")  # with temporary keys
[% endif -%]
[% if 'weather' in cookiecutter.examples -%]
# Open-Meteo needs no key; point these at another host to use a mirror or a stand-in.
WEATHER_API_URL = env.str("WEATHER_API_URL", default="https://api.open-meteo.com")
GEOCODING_API_URL = env.str("GEOCODING_API_URL", default="https://geocoding-api.open-meteo.com")
WEATHER_CACHE_SECONDS = env.int("WEATHER_CACHE_SECONDS", default=600)
[% endif -%]

# --- Mail ---
# EMAIL_URL names the server, read by django-environ: smtp://host:25,
# smtp+tls://user:password@host:587 (STARTTLS), smtp+ssl://user:password@host:465, or
# dummymail:// to send nothing. Unset: the console in development (`manage.py dev` sets
# it to its local mailbox), memory in tests (Django's test runner and pytest-django use
# the locmem backend whatever this says). Production must choose (below).
EMAIL_DEFAULT_URLS = {"development": "consolemail://", "test": "memorymail://"}
EMAIL_URL = env.str("EMAIL_URL", default="") or EMAIL_DEFAULT_URLS.get(DJANGO_ENV, "")
EMAIL_CONFIG = env.email_url_config(EMAIL_URL) if EMAIL_URL else {}
# A provider's HTTP API instead of SMTP (docs/deployment.md, "Mail"): after
# `uv add "django-anymail[<provider>]"`, EMAIL_BACKEND=anymail.backends.<provider>.EmailBackend
# and the provider's keys as JSON in ANYMAIL, e.g. {"MAILGUN_API_KEY": "..."}.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default=EMAIL_CONFIG.get("EMAIL_BACKEND", ""))
ANYMAIL = env.json("ANYMAIL", default={})
if not EMAIL_BACKEND:
    raise ImproperlyConfigured(
        "EMAIL_URL is not set; production sends mail (password resets, sign-up "
        "confirmations). Name the SMTP server, e.g. EMAIL_URL=smtp+tls://user:password@host:587, "
        "or set EMAIL_BACKEND for a provider's API (docs/deployment.md, 'Mail'); "
        "EMAIL_URL=dummymail:// sends none."
    )
if EMAIL_BACKEND.startswith("anymail."):
    if find_spec("anymail") is None:
        raise ImproperlyConfigured(
            f"EMAIL_BACKEND={EMAIL_BACKEND!r} needs django-anymail: "
            'uv add "django-anymail[<provider>]" (docs/deployment.md, "Mail").'
        )
    INSTALLED_APPS.append("anymail")  # its system checks and webhooks, as its docs ask
EMAIL_HOST = EMAIL_CONFIG.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = EMAIL_CONFIG.get("EMAIL_PORT") or (
    465 if EMAIL_CONFIG.get("EMAIL_USE_SSL") else 587 if EMAIL_CONFIG.get("EMAIL_USE_TLS") else 25
)
EMAIL_HOST_USER = EMAIL_CONFIG.get("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = EMAIL_CONFIG.get("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = EMAIL_CONFIG.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = EMAIL_CONFIG.get("EMAIL_USE_SSL", False)
# Django waits for an SMTP server without end by default: a stalled one would hold the
# request that sends; after this many seconds it fails instead (docs/deployment.md).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
# The sender of the site's mail, and of the error reports Django mails to ADMINS. A
# provider refuses Django's default webmaster@localhost: production names a real address,
# unless its mail goes nowhere (dummymail://) or to the log (consolemail://).
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="")
UNSENT_MAIL_BACKENDS = {
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.console.EmailBackend",
}
if not DEFAULT_FROM_EMAIL:
    if DJANGO_ENV == "production" and EMAIL_BACKEND not in UNSENT_MAIL_BACKENDS:
        raise ImproperlyConfigured(
            "DEFAULT_FROM_EMAIL is not set; production mail needs a sender address the mail "
            "server accepts, e.g. DEFAULT_FROM_EMAIL='Example <noreply@example.com>'."
        )
    DEFAULT_FROM_EMAIL = "webmaster@localhost"
SERVER_EMAIL = env.str("SERVER_EMAIL", default="") or DEFAULT_FROM_EMAIL

# The site's own user model (accounts/models.py), so fields can be added without a swap.
AUTH_USER_MODEL = "accounts.User"

# Django's admin, for staff accounts only, at this path: another one than admin/ in
# production keeps bots that try /admin/ away from its sign-in (docs/deployment.md, "Admin").
ADMIN_URL = env.str("ADMIN_URL", default="admin/")
if ADMIN_URL.startswith("/") or not ADMIN_URL.endswith("/"):
    raise ImproperlyConfigured(
        f"ADMIN_URL={ADMIN_URL!r}; give a path without the leading slash, ending with one, "
        "e.g. ADMIN_URL=staff-7f3k/."
    )

# Views with `login_required = True` send visitors here, then back to where they were.
# A path, not a URL name: djust redirects to LOGIN_URL as written.
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
# Set by `manage.py dev` only: the development account's name, shown on the sign-in page.
DEV_ACCOUNT = env.str("DEV_ACCOUNT", default="")
[% if cookiecutter.accounts == 'allauth' %]
# --- Accounts (django-allauth) ---
# Sign in and sign up by email address; the username is made from it, never asked.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# No sign-in before the address is confirmed through the mailed link: an account is
# someone's mailbox, not a typo's.
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
# A reset asked for an unknown address says the same as for a known one (no account
# enumeration) and mails nothing.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# Wrong passwords are django-axes' (below: a lockout page, 429); allauth limits the rest
# per address in the cache: sign-ins (any, right or wrong), sign-ups, resets, mails.
ACCOUNT_RATE_LIMITS = {
    "login_failed": None,
    "login": env.str("SIGN_IN_RATE_LIMIT", default="30/m/ip"),  # allauth's default
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
# People know their account by the address they signed up with, not the username allauth
# made from it ("Successfully signed in as ...").
ACCOUNT_USER_DISPLAY = attrgetter("email")
# Two-factor: an authenticator app (TOTP) and single-use recovery codes.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
[% endif %]
# --- Sign-in throttle (django-axes) ---
# Axes first: it refuses a locked-out sign-in before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",  # the admin's sign-in, by username
[% if cookiecutter.accounts == 'allauth' %]    "allauth.account.auth_backends.AuthenticationBackend",  # the site's, by email
[% endif %]]
# A lockout after this many wrong passwords in a row for one account from one address,
# so a guesser elsewhere cannot lock the real owner out of their account.
AXES_FAILURE_LIMIT = env.int("SIGN_IN_FAILURE_LIMIT", default=5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# How long a lockout lasts; every attempt during it starts it again (axes' default).
AXES_COOLOFF_TIME = timedelta(seconds=env.int("SIGN_IN_COOLOFF_SECONDS", default=900))
# The right password clears the count of wrong ones.
AXES_RESET_ON_SUCCESS = True
# The address uvicorn resolved (it trusts only FORWARDED_ALLOW_IPS), never a header a
# client can write, even if django-ipware gets installed.
AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
# Log a failure by the lockout's keys only, and no banner on every manage.py command.
AXES_VERBOSE = False
# The sign-in page with the lockout message, answered 429 with Retry-After.
AXES_LOCKOUT_CALLABLE = "[= cookiecutter.project_slug =].accounts.lockout.locked_out"
[% if cookiecutter.accounts == 'allauth' %]# The account a sign-in names: the site's email address or the admin's username.
AXES_USERNAME_CALLABLE = "[= cookiecutter.project_slug =].accounts.lockout.account_named"
[% endif %]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# The languages the site offers; add one here and run `make messages` (docs: Translations).
LANGUAGES = [("en", "English"), ("de", "Deutsch")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"

# One line per request and per LiveView event (logs.py), as text or, for a log
# collector, as one JSON object per line.
LOG_FORMATS = {
    "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    "json": {
        "()": "pythonjsonlogger.json.JsonFormatter",
        "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
    },
}
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
if LOG_FORMAT not in LOG_FORMATS:
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r}; use one of: {', '.join(LOG_FORMATS)}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"chosen": LOG_FORMATS[LOG_FORMAT]},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "chosen"}},
    # A request for a host not in ALLOWED_HOSTS is one line: its traceback says nothing.
    "filters": {
        "without_traceback": {"()": "[= cookiecutter.project_slug =].errors.WithoutTraceback"},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # uvicorn's own lines (start, stop, errors) in the same format, once; its access
        # lines would repeat ours with the query string, which may carry tokens.
        "uvicorn.error": {"handlers": ["console"], "propagate": False},
        "uvicorn.access": {"handlers": [], "propagate": False},
        # djust's INFO lines narrate its internals (and name its session ids): warnings only.
        "djust": {"level": env.str("DJUST_LOG_LEVEL", default="WARNING")},
        "django.security.DisallowedHost": {"filters": ["without_traceback"]},
        # aiosmtpd (the development mailbox, mailbox.py) logs every SMTP command at INFO.
        "mail.log": {"level": "WARNING"},
    },
}

[% if cookiecutter.error_monitoring == 'sentry' -%]
# Error monitoring: unhandled errors and ERROR log lines go to Sentry, only where the
# environment names a project (SENTRY_DSN); unset, nothing is sent anywhere.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default=DJANGO_ENV),
        integrations=[DjangoIntegration()],
        # No cookies, user ids or client addresses leave the site unless you decide so.
        send_default_pii=False,
        # Performance tracing costs quota: off until a rate (0.0-1.0) is chosen.
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )

[% endif -%]
# --- Profiles: every difference between development, test and production ---
if DJANGO_ENV == "production":
    # Behind a TLS-terminating proxy: trust its scheme header, so request.is_secure() is right.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Plain-HTTP requests are redirected to HTTPS.
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # Cookies only travel over HTTPS, so a network observer cannot steal a session.
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # HSTS: browsers refuse plain HTTP for this long. Start short; raise to 31536000
    # (a year) once every subdomain serves HTTPS (docs/deployment.md, "HTTPS").
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    # Off: preload lists refuse less than a year, and leaving one takes months. While it
    # is off, `check --deploy` would say so every time (security.W021): expected here.
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    # Hashed, compressed static files with far-future cache headers (after collectstatic).
    STATIC_ROOT = BASE_DIR / "staticfiles"
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
else:
    # Static files straight from the apps, no collectstatic needed.
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = DEBUG
if DJANGO_ENV == "test":
    # Fast hashing for users made in tests; the real hasher is slow on purpose.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
