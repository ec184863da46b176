"""Test settings: the real settings with tasks run immediately and fast hashing."""

from config.settings import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
FIELD_ENCRYPTION_KEY = "dGVzdC1rZXktZm9yLWdhb3hpbi10ZXN0cy0wMDAwMDA="
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
