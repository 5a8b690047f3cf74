"""Settings shared by every environment.

Safe on its own: DEBUG is off, no secret is built in, and everything that
differs between machines comes from the environment (see README.md).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

INSTALLED_APPS = [
    "cms.core",
    "cms.taxonomy",
    "cms.home",
    "patterns",
    "casestudies",
    "search",
    "contributions",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.api.v2",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Locks out repeated failed logins (docs/decisions/0021-production-and-logins.md).
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Ahead of WhiteNoise, so static files get these headers too (docs/decisions/0020-security-headers.md).
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "cms.core.security.SiteCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: DATABASE_URL, or a SQLite file under var/ for the quick local run.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Twelve characters at least: a public site, with editors of mixed trust.
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Logins (docs/decisions/0021-production-and-logins.md): five failed attempts for one
# account from one address lock that pair out for 30 minutes, so a guesser is stopped
# while colleagues behind the same council network, and the editor elsewhere, still sign in.
# The axes backend must come first; Client.login() then needs a request (use force_login).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cms.core.logins.locked_out"
# The client's address is REMOTE_ADDR unless production names its trusted proxies
# (TRUSTED_PROXY_COUNT); a client can write any X-Forwarded-For it likes.
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

# Languages: English first, Welsh for the Welsh Language Standards.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("cy", _("Welsh"))]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Welsh content is translated by people in wagtail-localize's editor (no machine
# translator is configured), and a new translation stays a draft until someone
# publishes it, even when the English page is live (docs/decisions/0013-welsh-content.md).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
# The front-end build (npm run build) writes here; the folder is git-ignored.
STATICFILES_DIRS = [BASE_DIR / "static_build"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "cms.core.storage.StaticFilesStorage"},
}

WAGTAIL_SITE_NAME = "Factory Commons"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")

# The "Share your work" form (docs/decisions/0016-contributions.md): who is emailed about a
# submission (these addresses, or else the active members of these groups), and how many
# submissions one network address or one email address may send in an hour.
CONTRIBUTIONS_NOTIFY_EMAILS = env_list("CONTRIBUTIONS_NOTIFY_EMAILS")
CONTRIBUTIONS_NOTIFY_GROUPS = ["Moderators", "National editors"]
CONTRIBUTIONS_RATE_LIMIT_PER_HOUR = int(os.environ.get("CONTRIBUTIONS_RATE_LIMIT_PER_HOUR", "3"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Factory Commons <noreply@localhost>")
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odp", "ods", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
# Uploads and documents (docs/decisions/0021-production-and-logins.md). Documents always go
# through Wagtail's view, which checks collection privacy and sends nosniff and a CSP that
# blocks scripts; only PDF opens in the browser, everything else downloads as an attachment
# (an HTML or SVG file that reaches the library by import must never run in the site's origin).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
# No SVG: it can carry scripts. Photos and diagrams come as PNG, JPEG, GIF, WebP or AVIF.
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024


def search_backends_from_environment(environ):
    """Choose the search backend from the environment, in one place.

    OPENSEARCH_URL selects OpenSearch 2; ELASTICSEARCH_URL with
    ELASTICSEARCH_VERSION (7, 8 or 9) selects that Elasticsearch; neither
    selects the database backend, which needs no other server.
    """
    opensearch_url = environ.get("OPENSEARCH_URL", "").strip()
    elasticsearch_url = environ.get("ELASTICSEARCH_URL", "").strip()
    index_prefix = environ.get("SEARCH_INDEX_PREFIX", "factorycommons")
    engine_options = {
        "INDEX_PREFIX": f"{index_prefix}_",
        "TIMEOUT": 2,
        "OPTIONS": {},
        "INDEX_SETTINGS": {
            "settings": {
                "index": {"number_of_shards": 1, "number_of_replicas": 0},
                # English analysis for every text field, as the database backend's
                # "english" configuration: "reporting" finds "report", "the" is
                # ignored, and accents fold so "ŵyn" and "wyn" match. Welsh text is
                # analysed the same way (docs/decisions/0013-welsh-content.md).
                # Apostrophes separate words, as they do on the database backends and
                # in the words a search is read as: Welsh joins short words with them
                # ("casglu'n", "i'r"), and "casglu" must find "casglu'n".
                "analysis": {
                    "char_filter": {
                        "apostrophes_separate_words": {
                            "type": "mapping",
                            "mappings": ["'=>\\u0020", "\u2019=>\\u0020"],
                        },
                    },
                    "filter": {
                        "english_stop": {"type": "stop", "stopwords": "_english_"},
                        "english_stemmer": {"type": "stemmer", "language": "english"},
                    },
                    "analyzer": {
                        "default": {
                            "type": "custom",
                            "char_filter": ["apostrophes_separate_words"],
                            "tokenizer": "standard",
                            "filter": ["lowercase", "asciifolding", "english_stop", "english_stemmer"],
                        }
                    },
                },
            },
        },
        # A rebuild builds a new index and swaps the alias, so search keeps
        # answering from the old index until the new one is complete.
        "ATOMIC_REBUILD": True,
    }
    if opensearch_url and elasticsearch_url:
        raise ImproperlyConfigured("Set OPENSEARCH_URL or ELASTICSEARCH_URL, not both.")
    if opensearch_url:
        return {
            "default": {
                "BACKEND": "search.backends.opensearch2",
                "URLS": [opensearch_url],
                **engine_options,
            },
            "database": DATABASE_SEARCH_BACKEND,
        }
    if elasticsearch_url:
        version = environ.get("ELASTICSEARCH_VERSION", "").strip()
        if version not in {"7", "8", "9"}:
            raise ImproperlyConfigured(
                f"ELASTICSEARCH_VERSION must be 7, 8 or 9 when ELASTICSEARCH_URL is set (got {version!r})."
            )
        return {
            "default": {
                "BACKEND": f"search.backends.elasticsearch{version}",
                "URLS": [elasticsearch_url],
                **engine_options,
            },
            "database": DATABASE_SEARCH_BACKEND,
        }
    return {"default": DATABASE_SEARCH_BACKEND}


# Kept up to date beside an engine too, so search can answer from it when the engine cannot.
DATABASE_SEARCH_BACKEND = {"BACKEND": "wagtail.search.backends.database"}
WAGTAILSEARCH_BACKENDS = search_backends_from_environment(os.environ)
# The backend the collection search (search page, feeds, exports) asks, and
# the database backend it answers from when that engine is down, slow or failing.
COLLECTION_SEARCH_BACKEND = "default"
COLLECTION_SEARCH_FALLBACK_BACKEND = "database" if "database" in WAGTAILSEARCH_BACKENDS else None


def caches_from_environment(environ, **options):
    """The cache, chosen from the environment (docs/decisions/0023-cache-and-faults.md).

    REDIS_URL (redis://host:port/db, or rediss:// for TLS) selects Redis through
    Django's own backend, shared by every process and server, which serves the
    site without the cache while Redis is down. Without it each process keeps
    its own cache in memory: fine for one process, not for a deployment (the
    deploy checks say so). `options` go to the Redis connection pool.
    """
    url = environ.get("REDIS_URL", "").strip()
    if not url:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    return {
        "default": {
            "BACKEND": "cms.core.cache.ResilientRedisCache",
            "LOCATION": url,
            # Several sites can share one Redis without reading each other's entries.
            "KEY_PREFIX": environ.get("CACHE_KEY_PREFIX", "factorycommons"),
            "OPTIONS": options,
        }
    }


# Security headers on every response (docs/decisions/0020-security-headers.md).
# SecurityMiddleware sends HSTS over HTTPS only: a year, subdomains included. "preload"
# only says the site may be put on the browsers' preload list (check --deploy asks for
# it); nothing is listed until the domain's owner submits it.
SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
# Councils' services linked from the site see which site sent the visitor, never the path.
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Powerful browser features nothing on the site uses, off for it and for any embed;
# fullscreen and picture-in-picture stay at the browser's default, for embedded videos.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
# The hosts an embed (EmbedBlock) may be framed from: the players of the video sites
# Wagtail's oEmbed finder knows. Add a host here before editors embed from it.
EMBED_FRAME_SOURCES = [
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
]
# Where uploaded images and documents are served from when that is not the site itself
# (an S3-compatible bucket's own host), comma-separated origins.
MEDIA_SOURCES = env_list("CSP_MEDIA_SOURCES")
# Public site: a script runs only from the site itself or with this response's nonce
# (templates write nonce="{{ request.csp_nonce }}"); no inline style, no plugin, no <base>,
# and no site may frame a page.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, *MEDIA_SOURCES],
        "media-src": [SELF, *MEDIA_SOURCES],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": EMBED_FRAME_SOURCES,
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Wagtail's admin (cms.core.security.SiteCSPMiddleware chooses this under these paths):
# the strictest policy the admin works with, found by driving it in Chromium. Its own
# templates write inline scripts (inline panels, date pickers, the translation editor)
# and inline styles, which no nonce reaches; the preview panel frames the site's pages.
CONTENT_SECURITY_POLICY_ADMIN = {
    "URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:", *MEDIA_SOURCES],
        "media-src": [SELF, *MEDIA_SOURCES],
        "font-src": [SELF],
        # Wagtail's notice of a new release asks its release feed from the browser.
        "connect-src": [SELF, "https://releases.wagtail.org"],
        "frame-src": [SELF, *EMBED_FRAME_SOURCES],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    },
}
# Editors' avatars are not sent to a third party (gravatar.com) with a hash of their
# address; the admin shows its default avatar, and the admin policy needs no image host.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # The search clients log every request at INFO; keep warnings only.
        "opensearch": {"level": "WARNING"},
        "elastic_transport": {"level": "WARNING"},
        # Every page save runs an index task; its INFO lines drown the useful ones.
        "django_tasks": {"level": "WARNING"},
        # Not the version banner at every start (it would mix into commands' output);
        # failed logins and lockouts are still logged as warnings by axes' other loggers.
        "axes.apps": {"level": "WARNING"},
    },
}
