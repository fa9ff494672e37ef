"""Attempt limits: sign-in, sign-up and reset through the API, counted in the database.

Reproductions of issue 18: a flooded Redis does not lift a lock (1), two clients behind
the proxy are two addresses (2), wrong passwords slow an e-mail without locking out its
member and sign-up is limited (3), parallel guesses are counted one by one (4).
"""

import json
import threading
import uuid
from datetime import timedelta
from unittest import mock

import pytest
import requests
from django.test import RequestFactory
from django.utils import timezone

from accounts import throttling
from accounts.errors import SignInThrottled
from accounts.forms import MESSAGES
from accounts.models import AttemptCounter, User
from accounts.throttling import Limit, client_address
from taipei_trip.testing import RedisServer
from taipei_trip.tests.assertions import assert_json_error

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse 42"
ATTACKER = {"REMOTE_ADDR": "203.0.113.66"}
MEMBER_HOME = {"REMOTE_ADDR": "198.51.100.7"}


def sign_in(client, email="member@example.com", password=PASSWORD, **extra):
    return client.put(
        "/api/user/auth",
        data=json.dumps({"email": email, "password": password}),
        content_type="application/json",
        **extra,
    )


def sign_up(client, email, **extra):
    body = {"name": "新會員", "email": email, "password": "a long passphrase 9"}
    return client.post(
        "/api/user", data=json.dumps(body), content_type="application/json", **extra
    )


@pytest.fixture
def clock():
    """timezone.now() under the test's control: `clock.move(seconds)`."""

    class Clock:
        now = timezone.now()

        def move(self, seconds):
            self.now += timedelta(seconds=seconds)

    clock = Clock()
    with mock.patch.object(timezone, "now", side_effect=lambda: clock.now):
        yield clock


class TestSignIn:
    def test_five_wrong_passwords_lock_that_address_not_the_member(self, client, user):
        for _ in range(5):
            assert_json_error(sign_in(client, password="guess", **ATTACKER), 400)

        locked = sign_in(client, **ATTACKER)  # even the right password, from there
        wait = int(locked["Retry-After"])
        assert 1 <= wait <= 15 * 60
        assert_json_error(
            locked,
            429,
            MESSAGES["throttled"].format(wait=throttling.wait_text(wait)),
        )
        assert sign_in(client, **MEMBER_HOME).status_code == 200

    def test_the_pair_limit_ignores_letter_case(self, client, user):
        for email in ["MEMBER@example.com", "Member@Example.com", "member@EXAMPLE.COM"]:
            sign_in(client, email=email, password="guess")
        for _ in range(2):
            sign_in(client, password="guess")

        assert_json_error(sign_in(client), 429)

    def test_a_successful_sign_in_clears_the_pair(self, client, user):
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
        assert sign_in(client, **MEMBER_HOME).status_code == 200

    def test_a_success_does_not_clear_the_address_counter(self, client, user, settings):
        settings.SIGN_IN_FAILURES_PER_ADDRESS = 3
        for number in range(2):
            sign_in(client, email=f"someone{number}@example.com", password="guess")
        assert sign_in(client).status_code == 200

        sign_in(client, email="someone9@example.com", password="guess")

        assert_json_error(sign_in(client), 429)

    def test_a_locked_pair_does_not_check_the_password_at_all(self, client, user):
        for _ in range(5):
            sign_in(client, password="guess")

        with mock.patch.object(User, "check_password") as check:
            assert_json_error(sign_in(client, password="another"), 429)
        check.assert_not_called()


class TestEmailDelay:
    """Guesses at one e-mail from ever new addresses are slowed, never refused for
    good: the member who knows the password waits seconds at most."""

    @pytest.fixture(autouse=True)
    def _limits(self, settings):
        settings.SIGN_IN_FAILURES_BEFORE_DELAY = 3
        settings.SIGN_IN_MAX_DELAY = 8

    def guess(self, client, number):
        return sign_in(client, password="guess", REMOTE_ADDR=f"192.0.2.{number}")

    def test_past_the_free_attempts_each_waits_twice_as_long(self, client, user, clock):
        for number in range(3):
            assert self.guess(client, number).status_code == 400
        waits = []
        for number in range(3, 8):
            refused = self.guess(client, number)
            assert_json_error(refused, 429)
            waits.append(int(refused["Retry-After"]))
            clock.move(waits[-1])
            assert self.guess(client, number).status_code == 400

        assert waits == [1, 2, 4, 8, 8]

    def test_the_member_gets_in_once_the_delay_passed(self, client, user, clock):
        for number in range(10):
            self.guess(client, number)
            clock.move(1)

        clock.move(8)

        assert sign_in(client, **MEMBER_HOME).status_code == 200
        # And the e-mail is no longer slowed.
        assert self.guess(client, 50).status_code == 400
        assert self.guess(client, 51).status_code == 400

    def test_the_delay_fades_after_a_quiet_window(self, client, user, clock):
        for number in range(5):
            self.guess(client, number)
            clock.move(4)

        clock.move(15 * 60)

        for number in range(3):
            assert self.guess(client, 10 + number).status_code == 400


class TestRaces:
    pytestmark = pytest.mark.django_db(transaction=True)

    def test_eighteen_parallel_guesses_check_the_password_five_times(
        self, live_server, settings
    ):
        # Issue 18, point 4: the limit was read before a failure was counted, so 14 of
        # 18 parallel guesses reached the password check.
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        User.objects.create_user("member@example.com", PASSWORD, name="小明")
        barrier = threading.Barrier(18)
        statuses = []

        def guess():
            session = requests.Session()
            session.trust_env = False
            barrier.wait()
            answer = session.put(
                f"{live_server.url}/api/user/auth",
                json={"email": "member@example.com", "password": "guess"},
                timeout=60,
            )
            statuses.append(answer.status_code)

        threads = [threading.Thread(target=guess) for _ in range(18)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=90)

        assert sorted(statuses) == [400] * 5 + [429] * 13

    def test_parallel_consumers_of_one_counter_are_counted_one_by_one(self):
        limit = Limit("race", 7, 900)
        barrier = threading.Barrier(12)
        outcomes = []

        def attempt():
            from django.db import connections

            barrier.wait()
            try:
                throttling.consume([(limit, "someone")], message="{wait}")
                outcomes.append("counted")
            except SignInThrottled:
                outcomes.append("refused")
            finally:
                connections.close_all()

        threads = [threading.Thread(target=attempt) for _ in range(12)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

        assert sorted(outcomes) == ["counted"] * 7 + ["refused"] * 5
        assert AttemptCounter.objects.get().count == 7


class TestCountersSurviveACacheFlood:
    """Issue 18, point 1: junk catalogue queries filled Redis, Redis evicted the
    counters, and the 6th wrong password answered 400 again."""

    @pytest.fixture
    def small_redis(self, settings):
        redis = RedisServer(maxmemory="2mb").start()
        settings.CACHES = {
            "default": {
                "BACKEND": "taipei_trip.cache.ReusedClientRedisCache",
                "LOCATION": redis.url,
            }
        }
        yield redis
        redis.stop()

    def redis_info(self, small_redis, field):
        import redis

        return redis.Redis.from_url(small_redis.url).info()[field]

    def test_a_flooded_cache_keeps_the_lock(
        self, client, user, small_redis, make_attraction
    ):
        from django.core.cache import cache

        make_attraction()
        for _ in range(5):
            sign_in(client, password="guess", **ATTACKER)
        assert_json_error(sign_in(client, password="guess", **ATTACKER), 429)

        # Junk query strings map to the one validated key: the cache does not grow.
        for _ in range(200):
            junk = uuid.uuid4().hex
            answer = client.get(f"/api/attractions?page=0&x={junk}")
            assert answer.status_code == 200
        assert self.redis_info(small_redis, "db0")["keys"] <= 5
        # Fill it anyway, past its limit: Redis evicts.
        for number in range(200):
            cache.set(f"flood-{number}", "x" * 26_000)
        assert self.redis_info(small_redis, "evicted_keys") > 0

        assert_json_error(sign_in(client, password="guess", **ATTACKER), 429)
        assert_json_error(sign_in(client, **ATTACKER), 429)


class TestBehindTheProxy:
    def test_two_clients_through_one_proxy_are_two_addresses(
        self, client, user, settings
    ):
        # Issue 18, point 2: nginx connects from 127.0.0.1 and appends the client to
        # X-Forwarded-For; with DJANGO_TRUSTED_PROXY_COUNT=1 that entry is the client.
        settings.TRUSTED_PROXY_COUNT = 1
        settings.SIGN_IN_FAILURES_PER_ADDRESS = 20
        proxy = {"REMOTE_ADDR": "127.0.0.1"}
        for number in range(20):
            sign_in(
                client,
                email=f"someone{number}@example.com",
                password="guess",
                HTTP_X_FORWARDED_FOR="203.0.113.5",
                **proxy,
            )
        assert_json_error(sign_in(client, HTTP_X_FORWARDED_FOR="203.0.113.5"), 429)

        other = sign_in(client, HTTP_X_FORWARDED_FOR="198.51.100.9", **proxy)

        assert other.status_code == 200

    def test_a_forged_forwarded_for_header_does_not_escape_the_limit(
        self, client, user, settings
    ):
        settings.TRUSTED_PROXY_COUNT = 1
        settings.SIGN_IN_FAILURES_PER_ADDRESS = 3
        for number in range(3):
            sign_in(
                client,
                email=f"someone{number}@example.com",
                password="guess",
                HTTP_X_FORWARDED_FOR=f"203.0.113.{number}, 198.51.100.1",
            )

        response = sign_in(client, HTTP_X_FORWARDED_FOR="203.0.113.99, 198.51.100.1")

        assert_json_error(response, 429)


class TestSignUp:
    def test_a_registered_address_is_still_a_400(self, client, user):
        assert_json_error(
            sign_up(client, "member@example.com"), 400, MESSAGES["email_taken"]
        )

    def test_one_client_is_limited_whatever_the_addresses(self, client, settings):
        settings.SIGN_UPS_PER_ADDRESS = 4
        answers = [
            sign_up(client, f"probe{number}@example.com", **ATTACKER).status_code
            for number in range(5)
        ]

        assert answers == [200, 200, 200, 200, 429]
        assert sign_up(client, "friend@example.com", **MEMBER_HOME).status_code == 200

    def test_one_address_asked_about_from_many_clients_is_limited(
        self, client, user, settings
    ):
        settings.SIGN_UPS_PER_EMAIL = 2
        answers = [
            sign_up(
                client, "member@example.com", REMOTE_ADDR=f"192.0.2.{n}"
            ).status_code
            for n in range(3)
        ]

        assert answers == [400, 400, 429]

    def test_the_counts_are_rows_every_app_process_reads(self, client):
        sign_up(client, "new@example.com", **ATTACKER)

        scopes = {row.key.split(":")[0] for row in AttemptCounter.objects.all()}
        assert {"sign-up-address", "sign-up-email"} <= scopes
        keys = " ".join(AttemptCounter.objects.values_list("key", flat=True))
        assert "new@" not in keys and "203.0.113" not in keys


class TestPasswordResetAlwaysWorks:
    def test_an_attacker_using_up_the_mails_does_not_stop_the_member(
        self, client, user, settings, mailoutbox, django_capture_on_commit_callbacks
    ):
        settings.PASSWORD_RESETS_PER_EMAIL = 2

        def ask(**extra):
            return client.post(
                "/api/user/password-reset",
                data=json.dumps({"email": user.email}),
                content_type="application/json",
                **extra,
            )

        with django_capture_on_commit_callbacks(execute=True):
            attacker = [ask(REMOTE_ADDR=f"192.0.2.{n}").status_code for n in range(4)]
            member = ask(**MEMBER_HOME)

        assert attacker == [200, 200, 200, 200]
        assert member.status_code == 200
        assert len(mailoutbox) == 2  # no mail bomb; each mailed link still works
        link = mailoutbox[-1].body.split("/reset/")[1].split()[0]
        uid, token = link.split("/")[:2]
        done = client.post(
            "/api/user/password-reset/confirm",
            data=json.dumps({"uid": uid, "token": token, "password": "a new pass 77"}),
            content_type="application/json",
        )
        assert done.status_code == 200

    def test_one_client_asking_too_often_is_refused(self, client, settings):
        settings.PASSWORD_RESETS_PER_ADDRESS = 2
        answers = [
            client.post(
                "/api/user/password-reset",
                data=json.dumps({"email": f"x{n}@example.com"}),
                content_type="application/json",
            )
            for n in range(3)
        ]

        assert [a.status_code for a in answers] == [200, 200, 429]
        assert answers[2]["Retry-After"]


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
