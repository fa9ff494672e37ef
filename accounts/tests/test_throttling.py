"""Sign-in brute-force protection: limits, windows, sharing and client addresses."""

import json
import math
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.test import RequestFactory
from django.utils import timezone

from accounts import throttling
from accounts.forms import MESSAGES
from accounts.throttling import Limit, client_address
from taipei_trip.tests.assertions import assert_json_error

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse 42"


@pytest.fixture(autouse=True)
def _clean(clean_cache):
    return clean_cache


def sign_in(client, email="member@example.com", password=PASSWORD, **extra):
    return client.put(
        "/api/user/auth",
        data=json.dumps({"email": email, "password": password}),
        content_type="application/json",
        **extra,
    )


class TestThroughTheApi:
    def test_the_sixth_attempt_on_one_email_is_429_even_with_the_right_password(
        self, client, user
    ):
        for _ in range(5):
            assert_json_error(sign_in(client, password="guess"), 400)

        response = sign_in(client)

        wait = int(response["Retry-After"])
        assert 1 <= wait <= 15 * 60
        minutes = math.ceil(wait / 60)
        assert_json_error(response, 429, MESSAGES["throttled"].format(minutes=minutes))
        assert "登入失敗次數過多" in response.json()["message"]

    def test_the_email_limit_ignores_letter_case(self, client, user):
        for email in ["MEMBER@example.com", "Member@Example.com", "member@EXAMPLE.COM"]:
            sign_in(client, email=email, password="guess")
        for _ in range(2):
            sign_in(client, password="guess")

        assert_json_error(sign_in(client), 429)

    def test_a_successful_sign_in_clears_the_email_counter(self, client, user):
        for _ in range(4):
            sign_in(client, password="guess")
        assert sign_in(client).status_code == 200

        for _ in range(4):
            sign_in(client, password="guess")

        assert sign_in(client).status_code == 200

    def test_one_address_trying_many_emails_is_stopped(self, client, user, settings):
        settings.SIGN_IN_FAILURES_PER_ADDRESS = 3
        for number in range(3):
            sign_in(client, email=f"someone{number}@example.com", password="guess")

        assert_json_error(sign_in(client), 429)
        assert sign_in(client, REMOTE_ADDR="198.51.100.7").status_code == 200

    def test_a_success_does_not_clear_the_address_counter(self, client, user, settings):
        settings.SIGN_IN_FAILURES_PER_ADDRESS = 3
        for number in range(2):
            sign_in(client, email=f"someone{number}@example.com", password="guess")
        assert sign_in(client).status_code == 200

        sign_in(client, email="someone9@example.com", password="guess")

        assert_json_error(sign_in(client), 429)

    def test_a_forged_forwarded_for_header_does_not_escape_the_limit(
        self, client, user, settings
    ):
        settings.SIGN_IN_FAILURES_PER_ADDRESS = 3
        for number in range(3):
            sign_in(
                client,
                email=f"someone{number}@example.com",
                password="guess",
                HTTP_X_FORWARDED_FOR=f"203.0.113.{number}",
            )

        response = sign_in(client, HTTP_X_FORWARDED_FOR="203.0.113.99")

        assert_json_error(response, 429)

    def test_a_locked_email_does_not_check_the_password_at_all(self, client, user):
        for _ in range(5):
            sign_in(client, password="guess")

        assert_json_error(sign_in(client, password="guess"), 429)
        assert_json_error(sign_in(client, password="another"), 429)


class TestSharedCounters:
    def test_counters_live_in_a_shared_cache_not_process_memory(self):
        assert isinstance(caches["default"], (DatabaseCache, RedisCache))

    def test_a_separate_cache_client_sees_the_same_failures(self):
        limit = Limit("email", 3, 900)
        for _ in range(3):
            throttling.record_failure(limit, "member@example.com")

        other_process_cache = caches.create_connection("default")
        current_key = throttling.bucket_keys(limit, "member@example.com", time.time())[
            0
        ]

        assert other_process_cache is not caches["default"]
        assert other_process_cache.get(current_key) == 3

    def test_no_email_address_is_stored_in_the_cache_keys(self):
        key = throttling.bucket_keys(Limit("email", 5, 900), "member@example.com", 0)[0]

        assert "member" not in key and "example" not in key


class TestSlidingWindow:
    limit = Limit("email", 5, 900)

    def fail(self, times, now):
        for _ in range(times):
            throttling.record_failure(self.limit, "a@example.com", now=now)

    def wait(self, now):
        return throttling.retry_after(self.limit, "a@example.com", now=now)

    def test_under_the_limit_nothing_waits(self):
        start = 900 * 1000 + 100.0
        self.fail(4, start)

        assert self.wait(start) == 0

    def test_at_the_limit_the_wait_lasts_until_the_window_moves_on(self):
        start = 900 * 1000 + 300.0
        self.fail(5, start)

        wait = self.wait(start)

        assert wait == 600
        assert self.wait(start + wait - 1) > 0
        assert self.wait(start + wait + 1) == 0

    def test_failures_late_in_the_last_window_still_count_early_in_this_one(self):
        start = 900 * 1000 + 890.0  # ten seconds before the window ends
        self.fail(5, start)
        assert self.wait(start + 20) == 0

        # A fixed window would now allow five fresh guesses; the sliding one allows one.
        self.fail(1, start + 20)

        assert self.wait(start + 20) > 0

    def test_the_previous_window_fades_out(self):
        start = 900 * 1000 + 450.0
        self.fail(5, start)

        assert self.wait(start + 900 + 800) == 0
        assert self.wait(start + 2 * 900) == 0

    def test_clearing_forgets_both_windows(self):
        start = 900 * 1000 + 890.0
        self.fail(5, start)

        throttling.clear(self.limit, "a@example.com", now=start + 20)

        assert self.wait(start + 20) == 0

    @pytest.mark.skipif(
        not isinstance(caches["default"], DatabaseCache), reason="database cache only"
    )
    def test_the_counter_outlives_the_database_caches_default_incr_timeout(self):
        self.fail(5, time.time())
        key = throttling.bucket_keys(self.limit, "a@example.com", time.time())[0]
        ten_minutes_on = timezone.now() + timedelta(minutes=10)

        # The DB cache's incr() resets the expiry to 300 s; record_failure fixes it.
        with mock.patch(
            "django.core.cache.backends.db.tz_now", return_value=ten_minutes_on
        ):
            assert caches["default"].get(key) == 5


class TestClientAddress:
    factory = RequestFactory()

    def address(self, remote="192.0.2.1", forwarded=None):
        extra = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            extra["HTTP_X_FORWARDED_FOR"] = forwarded
        return client_address(self.factory.get("/", **extra))

    def test_without_trusted_proxies_the_header_is_ignored(self, settings):
        settings.TRUSTED_PROXY_COUNT = 0

        assert self.address(forwarded="203.0.113.9") == "192.0.2.1"

    def test_one_trusted_proxy_means_the_right_most_address(self, settings):
        settings.TRUSTED_PROXY_COUNT = 1

        assert self.address(forwarded="6.6.6.6, 203.0.113.9") == "203.0.113.9"

    def test_two_trusted_proxies_skip_the_right_most_hop(self, settings):
        settings.TRUSTED_PROXY_COUNT = 2

        forwarded = "6.6.6.6, 203.0.113.9, 198.51.100.2"
        assert self.address(forwarded=forwarded) == "203.0.113.9"

    def test_a_short_header_gives_its_left_most_address(self, settings):
        settings.TRUSTED_PROXY_COUNT = 2

        assert self.address(forwarded="203.0.113.9") == "203.0.113.9"

    def test_a_trusted_proxy_without_the_header_falls_back_to_remote_addr(
        self, settings
    ):
        settings.TRUSTED_PROXY_COUNT = 1

        assert self.address() == "192.0.2.1"

    def test_ipv6_clients_are_grouped_by_their_64_block(self):
        first = self.address(remote="2001:db8:1:2:aaaa::1")
        second = self.address(remote="2001:db8:1:2:bbbb::2")

        assert first == second == "2001:db8:1:2::/64"

    def test_an_ipv4_mapped_ipv6_address_is_the_ipv4_address(self):
        assert self.address(remote="::ffff:192.0.2.5") == "192.0.2.5"

    def test_garbage_is_one_unknown_bucket(self, settings):
        settings.TRUSTED_PROXY_COUNT = 1

        assert self.address(forwarded="<script>") == "unknown"
