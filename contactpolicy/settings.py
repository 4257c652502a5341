"""Settings for contact policy case management.

One module for every environment. Everything that differs between a laptop and
production is read from the environment (see README, "Configuration"); unset
means the embedded default: SQLite, an in-process cache and a filesystem Celery
broker under ``var/``.
"""

from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

from .env import ConfigurationError, env_bool, env_date, env_int, env_list, env_str
from .secret import persistent_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("DATA_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY") or persistent_secret_key(DATA_DIR / "secret_key")
# Earlier keys, still read after SECRET_KEY is changed: sessions and stored secrets (a
# mailbox's password or tokens, contactpolicy/encryption.py) stay readable until
# `manage.py reencrypt_secrets` has written the secrets again under the new key.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", [])
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # The second factor (contactpolicy/second_factor.py). Before "contactpolicy", whose
    # admin module then takes their device pages out of the admin site: a lost factor is
    # reset only by the logged action on the user's page.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "contactpolicy",
    "cases",
    "restrictions",
    "appeals",
    "notices",
    "mailboxes",
    "screens",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "simple_history",
    "django_celery_beat",
    "django_htmx",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "contactpolicy.errors.MethodNotAllowedPageMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "contactpolicy.middleware.RejectNullCharactersMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "contactpolicy.middleware.IdleSessionTimeoutMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "contactpolicy.middleware.SecondFactorMiddleware",
    "contactpolicy.middleware.PrivateResponseHeadersMiddleware",
    "contactpolicy.refusals.RefusedMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "contactpolicy.urls"
WSGI_APPLICATION = "contactpolicy.wsgi.application"
ASGI_APPLICATION = "contactpolicy.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            # Each template is read and compiled once per process. With DEBUG on, runserver's
            # autoreloader empties the cache when a template changes.
            "loaders": [
                (
                    "django.template.loaders.cached.Loader",
                    [
                        "django.template.loaders.filesystem.Loader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                )
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "contactpolicy.context_processors.service",
            ],
        },
    },
]

FORM_RENDERER = "contactpolicy.forms.GovukRenderer"

# Database: DATABASE_URL (postgres://user:pass@host:5432/name), else SQLite under DATA_DIR.
DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'db.sqlite3'}"
# Each gunicorn thread keeps its connection for DB_CONN_MAX_AGE seconds (0: a new one per
# request), checked before a request reuses it, so a restarted server costs one retry rather
# than an error. Workers × threads (gunicorn.conf.py), plus the Celery processes, must stay
# under PostgreSQL's max_connections.
DB_CONN_MAX_AGE = env_int("DB_CONN_MAX_AGE", 60)
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=DB_CONN_MAX_AGE, conn_health_checks=True
    )
}
# A database that accepts connections and never answers must not hold every worker: give
# up connecting after DB_CONNECT_TIMEOUT seconds and on any statement after
# DB_STATEMENT_TIMEOUT_MS milliseconds; the request then gets the 503 page
# (contactpolicy/errors.py). The worker's longest job, recomputing due dates, works in
# batches well inside the default.
DB_CONNECT_TIMEOUT = env_int("DB_CONNECT_TIMEOUT", 5)
DB_STATEMENT_TIMEOUT_MS = env_int("DB_STATEMENT_TIMEOUT_MS", 15_000)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "connect_timeout": DB_CONNECT_TIMEOUT,
        "options": f"-c statement_timeout={DB_STATEMENT_TIMEOUT_MS}",
        # Notice a peer that has gone away rather than waiting on it for ever.
        "keepalives": 1,
        "keepalives_idle": 30,
        "keepalives_interval": 10,
        "keepalives_count": 3,
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # The web server and the Celery worker write to the same file: WAL lets readers
    # carry on during a write and IMMEDIATE transactions wait for the lock instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("DB_BUSY_TIMEOUT", 20),  # seconds to wait for the write lock
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: REDIS_URL serves as the Celery broker, the result backend and the cache.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "contactpolicy.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "contactpolicy.identity_provider.PasswordBackend",
    "contactpolicy.identity_provider.IdentityProviderBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "contactpolicy.passwords.FullNameValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A link to set or reset a password works for three days (contactpolicy.accounts).
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3
CSRF_FAILURE_VIEW = "contactpolicy.errors.csrf_failure"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "screens:dashboard"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes): five failures lock the username from that address, and
# twenty from any addresses lock the username everywhere (contactpolicy/lockout.py). Both
# locks end an hour after the last counted failure; failures while locked are not counted,
# so trying on while locked does not lengthen the lock.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
SIGN_IN_FAILURES_PER_USERNAME = env_int("SIGN_IN_FAILURES_PER_USERNAME", 20)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_HANDLER = "contactpolicy.lockout.TwoLimitLockoutHandler"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Behind the reverse proxy (BEHIND_PROXY), the client's address is read from
# X-Forwarded-For: the right-most entry that is not one of TRUSTED_PROXIES (addresses or
# networks of further proxies between the edge and us). See contactpolicy/proxy.py.
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
if BEHIND_PROXY:
    AXES_CLIENT_IP_CALLABLE = "contactpolicy.proxy.client_ip"

# Signing in with the organisation's identity provider by OpenID Connect (Microsoft Entra
# ID or another; contactpolicy/identity_provider.py, README "Signing in with Microsoft").
# Off unless OIDC_RP_CLIENT_ID is set; then every endpoint and the issuer must be too.
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET")
OIDC_OP_ISSUER = env_str("OIDC_OP_ISSUER")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT")
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO") or "RS256"
# Shown on the sign-in page's button: "Sign in with Microsoft".
OIDC_PROVIDER_NAME = env_str("OIDC_PROVIDER_NAME") or "your organisation's account"
# The ID token's `amr` values (RFC 8176) and `acr` values that mean the person gave the
# provider a second factor; the service then does not ask for its own code.
OIDC_SECOND_FACTOR_AMR = env_list(
    "OIDC_SECOND_FACTOR_AMR", ["mfa", "otp", "hwk", "swk", "sc", "ngcmfa"]
)
OIDC_SECOND_FACTOR_ACR = env_list("OIDC_SECOND_FACTOR_ACR", [])
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
if OIDC_ENABLED:
    _missing = [
        name
        for name in (
            "OIDC_RP_CLIENT_SECRET",
            "OIDC_OP_ISSUER",
            "OIDC_OP_AUTHORIZATION_ENDPOINT",
            "OIDC_OP_TOKEN_ENDPOINT",
            "OIDC_OP_USER_ENDPOINT",
            "OIDC_OP_JWKS_ENDPOINT",
        )
        if not globals()[name]
    ]
    if _missing:
        raise ConfigurationError(
            f"OIDC_RP_CLIENT_ID is set, so these must be too: {', '.join(_missing)}"
        )
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False  # accounts are made by an administrator's invitation only
OIDC_TIMEOUT = 10  # seconds to wait for the provider before telling the person
# Signing in with a username and password; may be switched off once everyone signs in
# through the identity provider (the admin site's sign-in then refuses passwords too).
PASSWORD_SIGN_IN = env_bool("PASSWORD_SIGN_IN", True)
if not PASSWORD_SIGN_IN and not OIDC_ENABLED:
    raise ConfigurationError(
        "PASSWORD_SIGN_IN=false needs an identity provider (OIDC_RP_CLIENT_ID)"
    )
# A refused sign-in through the provider is not a guessed password: django-axes neither
# counts it nor locks the provider's sign-in (the provider throttles its own).
AXES_WHITELIST_CALLABLE = "contactpolicy.identity_provider.not_a_password_attempt"

# The second factor (contactpolicy/second_factor.py). Each wrong code locks the device for
# twice as long as the one before: 1, 2, 4 … seconds, so ten guesses cost over eight minutes.
OTP_TOTP_ISSUER = "Contact policy case management"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

SESSION_COOKIE_AGE = 60 * 60 * 10  # a working day at most, however active
# Signed out after this long without a request, warned two minutes before (GOV.UK's
# timeout warning pattern); see contactpolicy/middleware.py.
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_TIMEOUT_WARNING = 2 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
# The first day of the organisation's records: no contact, incident or referral is dated
# before it, so a mistyped year is caught rather than stored.
RECORDS_BEGIN = env_date("RECORDS_BEGIN", "2000-01-01")

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = DATA_DIR / "media"

# Security. With DEBUG off these are on, and `manage.py check --deploy` reports nothing.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Email: SMTP when EMAIL_HOST is set, else messages are printed on the console.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "contact-policy@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address staff reach the service on: every link in an email starts with it, as an email
# is read outside the service, where a link such as "/contacts/C-1" leads nowhere.
SITE_URL = env_str("SITE_URL", "http://localhost:8000").rstrip("/")

# Celery: Redis when REDIS_URL is set; else kombu's filesystem transport under DATA_DIR,
# which is real Celery (a worker consumes the messages) and needs no server.
CELERY_QUEUE_DIR = DATA_DIR / "celery"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
else:
    for folder in ("queue", "processed", "results", "control"):
        (CELERY_QUEUE_DIR / folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_QUEUE_DIR / "queue"),
        "data_folder_out": str(CELERY_QUEUE_DIR / "queue"),
        "processed_folder": str(CELERY_QUEUE_DIR / "processed"),
        # The exchange tables; unset, kombu writes them to ./control in the working folder.
        "control_folder": str(CELERY_QUEUE_DIR / "control"),
        "store_processed": False,
    }
    CELERY_RESULT_BACKEND = f"file://{CELERY_QUEUE_DIR / 'results'}"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 60 * 60 * 24
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A broker that is down must not hold a web request: give up quickly and let the
# periodic tasks, which derive their work from the database, catch up later.
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5}
# The schedule itself is declared in contactpolicy/schedule.py.
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    # A refused request (400, 403, 404, 409...) is one line: who, which path, why. Server
    # errors keep their traceback. See contactpolicy/logs.py.
    "filters": {"client_errors": {"()": "contactpolicy.logs.ClientErrorsOnOneLine"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["client_errors"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Django's own console handler would print the same records again, traceback and
        # all, when DEBUG is on.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # WeasyPrint reports each step of every letter it lays out; only its problems matter.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
