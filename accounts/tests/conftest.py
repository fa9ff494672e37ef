"""Fixtures for the members tests."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    # The production hasher takes ~0.3 s a call; the behaviour under test is the same.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def clean_cache(db):
    """Throttle counters live in the shared cache; start each test from none."""
    cache.clear()
    yield cache
    cache.clear()
