"""The application's settings, with the few values a test run changes."""

import os

os.environ.setdefault("DATA_DIR", os.path.join(os.path.dirname(__file__), "..", "var", "test"))

from contactpolicy.settings import *  # noqa: F403

# Tests speak plain HTTP to the test client and the live server.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Hashed static names need collectstatic; the finders serve the sources instead.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Unit tests run tasks in-process; the worker tests start a real worker against the broker.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
AXES_ENABLED = True
# No collectstatic in tests: WhiteNoise finds the sources the way runserver does.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
LOGGING["loggers"]["axes"] = {"level": "WARNING"}  # noqa: F405
# The test database is built from the models; tests/conftest.py records the migrations as
# applied, and tests/test_migrations.py proves that migrating from zero builds the same.
DATABASES["default"]["TEST"] = {**DATABASES["default"].get("TEST", {}), "MIGRATE": False}  # noqa: F405
