"""`make fault-check`: what the site does when things break, on loopback.

Parts 1 and 4–6 run against a private mariadbd and a private Redis started here (with
a small `maxmemory` and LRU eviction, as a deploy's), never the system MariaDB:
1. MariaDB restarts during a load run (the private server is stopped and started again
   within seconds): how long requests fail, how soon the site serves again, and that no
   request started after recovery fails (CONN_HEALTH_CHECKS drops dead connections).
4. MariaDB frozen (`kill -STOP` of the private mariadbd) for 15 s under load: requests
   end within the connect/read timeouts with a 503 (JSON, or the 503 page) instead of
   hanging, and the site serves again as soon as it thaws.
5. A cache flood: 10,000 catalogue requests with random junk parameters, then Redis
   filled past its limit so it evicts: the catalogue's keys stay bounded and a sign-in
   lock made before the flood still holds.
6. Redis frozen, then stopped: the home page, the catalogue API and sign-in keep
   answering 200 (the catalogue from the database; limits live in the database).
Parts 2 and 3 run on the system MariaDB (database `--db`):
2. A slow payment gateway (the fake TapPay's `fake_timeout` primes answer only after the
   client's timeout) while other members browse: their requests stay fast.
3. Avatar uploads when storage fails (the media folder cannot be written): a clear JSON
   error, not an HTML 500.

The fake TapPay runs from the development app (`manage.py run_fake_tappay`). Everything
started here is stopped here (a frozen server is always continued first). Prints what
was run and seen (JSON with --json) for docs/reliability.md; exits non-zero when an
expectation fails. Set TAIPEI_TRIP_PORTS=9200-9299 to keep its ports in a range.

    .venv/bin/python scripts/fault_check.py [--only PART ...] [--json]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import signal
import statistics
import sys
import threading
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
import launcher as lib  # noqa: E402

RUN_DIR = lib.VAR / "fault-check"
DB_NAME = "taipei_trip_production"
PRIVATE_DB_NAME = "taipei_trip_faults"
FREEZE_SECONDS = 15
FORWARDED = {"X-Forwarded-Proto": "https", "Host": "localhost"}


class Load:
    """Threads sending requests in a loop, recording (start, seconds, status)."""

    def __init__(
        self,
        base: str,
        requests_: list[tuple[str, dict]],
        threads: int = 6,
        timeout: float = 10,
    ):
        self.base, self.requests, self.threads = base, requests_, threads
        self.timeout = timeout
        self.records: list[tuple[float, float, int | str, str]] = []
        self.stop = threading.Event()
        self.lock = threading.Lock()

    def worker(self, number: int) -> None:
        session = requests.Session()
        session.trust_env = False
        session.verify = False
        turn = number
        while not self.stop.is_set():
            path, headers = self.requests[turn % len(self.requests)]
            headers = {**FORWARDED, **headers}
            turn += 1
            started = time.monotonic()
            try:
                answer = session.get(
                    self.base + path, headers=headers, timeout=self.timeout
                )
                status = answer.status_code
                if status == 503 and "Retry-After" not in answer.headers:
                    status = "503 without Retry-After"
            except requests.RequestException as exc:
                status = type(exc).__name__
            with self.lock:
                self.records.append((started, time.monotonic() - started, status, path))

    def __enter__(self):
        self.pool = [
            threading.Thread(target=self.worker, args=(n,)) for n in range(self.threads)
        ]
        for thread in self.pool:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.pool:
            thread.join()


def restart_mariadb(stack: lib.Stack, port: int) -> tuple[float, float]:
    """Stop the private MariaDB and start it again at once; (stopped_at, up_at)."""
    down_at = time.monotonic()  # connections start failing as the shutdown begins
    stack.stop_process("mariadb")  # SIGTERM: a clean shutdown, then it has exited
    stack.start_private_mariadb(port)  # returns once it accepts connections
    return down_at, time.monotonic()


DATABASE_PATHS = [
    # A search that finds nothing is never kept: the database path every time.
    ("/api/attractions?page=0&keyword=%E7%84%A1%E6%AD%A4%E6%99%AF%E9%BB%9E", {}),
    ("/api/mrts", {}),
    ("/attraction/1", {}),
    # The token lookup: a database query on every request.
    ("/api/user/auth", {"Authorization": "Bearer not-a-member"}),
]


def part_mariadb_restart(base: str, env: dict, stack: lib.Stack, port: int) -> dict:
    health = lib.manage(
        env, "shell", "-c",
        "from django.conf import settings as s; d = s.DATABASES['default']; "
        "print(d['CONN_HEALTH_CHECKS'], d['CONN_MAX_AGE'])",
    ).stdout.strip().splitlines()[-1].split()  # fmt: skip
    with Load(base, DATABASE_PATHS) as load:
        time.sleep(4)
        with load.lock:
            warmup = {str(record[2]) for record in load.records}
        if warmup != {"200"}:
            return {"passed": False, "aborted": f"load before the restart got {warmup}"}
        started_at = load.records[0][0]
        down_at, up_at = restart_mariadb(stack, port)
        time.sleep(10)
    return restart_outcome(sorted(load.records), started_at, down_at, up_at, health)


def part_frozen_database(base: str, pid: int, timeouts: dict) -> dict:
    """SIGSTOP the private mariadbd for FREEZE_SECONDS under load, then SIGCONT."""
    paths = [*DATABASE_PATHS, ("/", {}), ("/api/attractions?page=0", {})]
    with Load(base, paths, timeout=120) as load:
        time.sleep(3)
        frozen_at = time.monotonic()
        os.kill(pid, signal.SIGSTOP)
        try:
            time.sleep(FREEZE_SECONDS)
        finally:
            os.kill(pid, signal.SIGCONT)
        thawed_at = time.monotonic()
        time.sleep(8)
    records = sorted(load.records)
    during = [r for r in records if r[0] + r[1] >= frozen_at and r[0] < thawed_at]
    first_ok = next(
        (r for r in records if r[0] >= thawed_at and r[2] == 200 and r[3] in
         {p for p, _ in DATABASE_PATHS}), None,
    )  # fmt: skip
    after = [r for r in records if first_ok and r[0] >= first_ok[0]]
    bound = timeouts["connect"] + timeouts["read"] + 2
    longest = max((r[1] for r in during), default=0)
    by_path: dict[str, dict] = {}
    for record in during:
        counts = by_path.setdefault(record[3].split("?")[0], {})
        counts[str(record[2])] = counts.get(str(record[2]), 0) + 1
    result = {
        "frozen_seconds": round(thawed_at - frozen_at, 1),
        "db_timeouts_seconds": timeouts,
        "during_freeze": tally(during),
        "during_freeze_by_path": by_path,
        "longest_request_during_freeze_seconds": round(longest, 2),
        "serving_again_after_thaw_seconds": (
            round(first_ok[0] - thawed_at, 2) if first_ok else None
        ),
        "after_recovery": tally(after),
    }
    result["passed"] = (
        longest < bound
        and set(result["during_freeze"]) <= {"200", "503"}
        and "503" in result["during_freeze"]
        and first_ok is not None
        and first_ok[0] - thawed_at < 5
        and set(result["after_recovery"]) == {"200"}
    )
    return result


def tally(rows) -> dict:
    counts: dict[str, int] = {}
    for row in rows:
        counts[str(row[2])] = counts.get(str(row[2]), 0) + 1
    return counts


def restart_outcome(records, started_at, down_at, up_at, health) -> dict:
    """What the load saw before, during and after the restart, and whether it passed."""
    (RUN_DIR / "mariadb-timeline.json").write_text(json.dumps({
        "shutdown_at": down_at, "up_at": up_at, "records": records,
    }))  # fmt: skip
    before = [r for r in records if r[0] + r[1] < down_at]
    first_ok = next((r for r in records if r[0] >= up_at and r[2] == 200), None)
    recovered_at = first_ok[0] if first_ok else None
    during = [
        r
        for r in records
        if r[0] + r[1] >= down_at and (recovered_at is None or r[0] < recovered_at)
    ]
    after = [r for r in records if recovered_at is not None and r[0] >= recovered_at]

    result = {
        "conn_health_checks": health[0] == "True",
        "conn_max_age": int(health[1]),
        "requests": len(records),
        "load_seconds": round(records[-1][0] - started_at, 1) if records else 0,
        "outage_seconds": round(up_at - down_at, 2),  # shutdown begun → ping answers
        "before": tally(before),
        "during_outage": tally(during),
        "serving_again_after_restart_seconds": (
            round(recovered_at - up_at, 2) if recovered_at else None
        ),
        "after_recovery": tally(after),
        "after_recovery_p99_ms": (
            round(sorted(r[1] for r in after)[int(len(after) * 0.99) - 1] * 1000, 1)
            if after else None
        ),
    }  # fmt: skip
    result["passed"] = (
        result["conn_health_checks"]
        and set(result["before"]) == {"200"}
        and recovered_at is not None
        and recovered_at - up_at < 5
        and set(result["after_recovery"]) == {"200"}
    )
    return result


# --- members, cart and orders (when those APIs exist) --------------------------------


def sign_up(base: str) -> str | None:
    session = requests.Session()
    session.trust_env = False
    email = f"fault-{uuid.uuid4().hex[:10]}@example.com"
    password = "Tp!" + uuid.uuid4().hex  # unlike the e-mail (similarity check)
    body = {"name": "故障測試", "email": email, "password": password}
    answer = session.post(f"{base}/api/user", json=body, headers=FORWARDED, timeout=10)
    if answer.status_code == 404:
        return None
    if answer.status_code != 200:
        raise RuntimeError(
            f"sign-up answered {answer.status_code}: {answer.text[:200]}"
        )
    signin = session.put(
        f"{base}/api/user/auth",
        json={"email": email, "password": password},
        headers=FORWARDED,
        timeout=10,
    )
    signin.raise_for_status()
    return signin.json()["token"]


def book_and_pay(base: str, token: str, prime: str, results: list) -> None:
    headers = {**FORWARDED, "Authorization": f"Bearer {token}"}
    day = (date.today() + timedelta(days=7)).isoformat()  # noqa: DTZ011  (a date a week ahead)
    booking = requests.post(
        f"{base}/api/booking",
        json={"attractionId": 1, "date": day, "time": "morning", "price": 2000},
        headers=headers, timeout=10,
    )  # fmt: skip
    cart = requests.get(f"{base}/api/booking", headers=headers, timeout=10).json()
    ids = [item["id"] for item in cart.get("data") or []]
    started = time.monotonic()
    answer = requests.post(
        f"{base}/api/orders",
        json={"prime": prime, "order": {
            "bookingIds": ids, "price": 2000,
            "contact": {"name": "故障測試", "email": "fault@example.com", "phone": "0912345678"},
        }},
        headers=headers, timeout=120,
    )  # fmt: skip
    results.append({
        "booking_status": booking.status_code,
        "status": answer.status_code,
        "seconds": round(time.monotonic() - started, 1),
        "answer": answer.json() if answer.headers.get("Content-Type", "").startswith("application/json") else answer.text[:200],
    })  # fmt: skip


def part_slow_gateway(base: str, slow_seconds: float, timeout: float) -> dict:
    tokens = [sign_up(base) for _ in range(5)]  # four payers and one who browses
    browser_token = tokens.pop()
    if browser_token is None:
        return {"skipped": "the accounts API is not on this branch"}
    probe = requests.get(
        f"{base}/api/booking",
        headers={**FORWARDED, "Authorization": f"Bearer {tokens[0]}"},
        timeout=10,
    )
    if probe.status_code == 404:
        return {"skipped": "the cart and orders APIs are not on this branch"}
    results: list = []
    payers = [
        threading.Thread(target=book_and_pay, args=(base, token, f"fake_timeout_{uuid.uuid4().hex}", results))
        for token in tokens
    ]  # fmt: skip
    baseline = browse(base, browser_token, seconds=3)
    for thread in payers:
        thread.start()
    time.sleep(1.5)  # the payments are now waiting on the gateway
    during = browse(base, browser_token, seconds=6)
    for thread in payers:
        thread.join()
    passed = (
        set(during["statuses"]) == {"200"}
        and during["p50_ms"] < max(50.0, 5 * baseline["p50_ms"])
        and all(r["status"] == 200 for r in results)
    )
    return {
        "slow_payments": len(payers),
        "gateway_answers_after_seconds": slow_seconds,
        "tappay_timeout_seconds": timeout,
        "browsing_before": baseline,
        "browsing_during_slow_payments": during,
        "slow_payment_answers": results,
        "passed": passed,
    }


def browse(base: str, token: str, seconds: float) -> dict:
    """A member browsing one request at a time (catalogue cached, member endpoints not)."""
    session = requests.Session()
    session.trust_env = False
    headers = {**FORWARDED, "Authorization": f"Bearer {token}"}
    paths = [
        "/api/attractions?page=0",
        "/api/attraction/1",
        "/api/user/auth",
        "/api/booking",
    ]
    times, statuses = [], {}
    deadline = time.monotonic() + seconds
    turn = 0
    while time.monotonic() < deadline:
        started = time.monotonic()
        status = session.get(
            base + paths[turn % len(paths)], headers=headers, timeout=30
        ).status_code
        times.append((time.monotonic() - started) * 1000)
        statuses[str(status)] = statuses.get(str(status), 0) + 1
        turn += 1
    return {
        "requests": len(times),
        "p50_ms": round(statistics.median(times), 1),
        "max_ms": round(max(times), 1),
        "statuses": statuses,
    }


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (61, 122, 137)).save(buffer, "PNG")
    return buffer.getvalue()


def part_avatar_storage_error(base: str) -> dict:
    token = sign_up(base)
    if token is None:
        return {"skipped": "the accounts API is not on this branch"}
    answer = requests.post(
        f"{base}/api/user/avatar",
        files={"avatar": ("me.png", png_bytes(), "image/png")},
        headers={**FORWARDED, "Authorization": f"Bearer {token}"},
        timeout=30,
    )
    is_json = answer.headers.get("Content-Type", "").startswith("application/json")
    body = answer.json() if is_json else answer.text[:200]
    passed = (
        is_json
        and answer.status_code in {500, 503, 507}
        and body.get("error") is True
        and bool(body.get("message"))
        and body.get("message")
        != "伺服器內部錯誤"  # a specific message, not the generic one
    )
    return {"status": answer.status_code, "answer": body, "passed": passed}


# --- the cache: flooded, frozen, down ------------------------------------------------


def sign_in_status(base: str, email: str, password: str) -> int:
    return requests.put(
        f"{base}/api/user/auth",
        json={"email": email, "password": password},
        headers=FORWARDED,
        timeout=30,
    ).status_code


def redis_info(url: str) -> dict:
    import redis

    info = redis.Redis.from_url(url).info()
    return {
        "keys": info.get("db0", {}).get("keys", 0),
        "used_memory_mb": round(info["used_memory"] / 2**20, 1),
        "maxmemory_mb": round(info["maxmemory"] / 2**20, 1),
        "evicted_keys": info["evicted_keys"],
    }


def flood(base: str, count: int, threads: int = 8) -> dict:
    statuses: dict[str, int] = {}
    lock = threading.Lock()

    def send(share: int) -> None:
        session = requests.Session()
        session.trust_env = False
        for _ in range(share):
            junk = uuid.uuid4().hex
            status = session.get(
                f"{base}/api/attractions?page=0&x={junk}", headers=FORWARDED, timeout=30
            ).status_code
            with lock:
                statuses[str(status)] = statuses.get(str(status), 0) + 1

    pool = [
        threading.Thread(target=send, args=(count // threads,)) for _ in range(threads)
    ]
    started = time.monotonic()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return {"requests": sum(statuses.values()), "statuses": statuses,
            "seconds": round(time.monotonic() - started, 1)}  # fmt: skip


def part_cache_flood(base: str, redis_url: str) -> dict:
    """Issue 18, point 1: junk catalogue queries filled Redis and evicted sign-in locks."""
    import redis

    email, password = member(base)
    wrong = [sign_in_status(base, email, "wrong guess 1") for _ in range(5)]
    locked_before = sign_in_status(base, email, password)
    before = redis_info(redis_url)
    sent = flood(base, 10_000)
    after_flood = redis_info(redis_url)
    # Past its limit anyway: Redis must evict something.
    client = redis.Redis.from_url(redis_url)
    for number in range(2_000):
        client.set(f"fault-check-filler-{number}", b"x" * 26_000)
    after_filling = redis_info(redis_url)
    locked_after = sign_in_status(base, email, password)
    result = {
        "wrong_sign_ins": wrong,
        "right_password_before_flood": locked_before,
        "redis_before": before,
        "flood": sent,
        "redis_after_flood": after_flood,
        "redis_after_filling_past_maxmemory": after_filling,
        "right_password_after_eviction": locked_after,
    }
    result["passed"] = (
        wrong == [400] * 5
        and locked_before == 429
        and set(sent["statuses"]) == {"200"}
        and after_flood["keys"] - before["keys"] <= 5
        and after_filling["evicted_keys"] > 0
        and locked_after == 429
    )
    return result


def member(base: str) -> tuple[str, str]:
    """A new member (e-mail, password) through the API."""
    email = f"fault-{uuid.uuid4().hex[:10]}@example.com"
    password = "Tp!" + uuid.uuid4().hex
    body = {"name": "故障測試", "email": email, "password": password}
    answer = requests.post(f"{base}/api/user", json=body, headers=FORWARDED, timeout=30)
    answer.raise_for_status()
    return email, password


CACHE_PATHS = ["/", "/api/attractions?page=0", "/api/attraction/1", "/api/mrts"]


def answers_without_cache(base: str, email: str, password: str) -> dict:
    session = requests.Session()
    session.trust_env = False
    seen: dict[str, list] = {}
    for _ in range(3):
        for path in CACHE_PATHS:
            started = time.monotonic()
            status = session.get(base + path, headers=FORWARDED, timeout=60).status_code
            seen.setdefault(path, []).append((status, time.monotonic() - started))
        started = time.monotonic()
        status = sign_in_status(base, email, password)
        seen.setdefault("sign-in", []).append((status, time.monotonic() - started))
    return {
        path: {"statuses": sorted({s for s, _ in rows}),
               "max_ms": round(max(t for _, t in rows) * 1000)}
        for path, rows in seen.items()
    }  # fmt: skip


def part_redis_down(base: str, stack: lib.Stack, redis_pid: int) -> dict:
    email, password = member(base)
    os.kill(redis_pid, signal.SIGSTOP)
    try:
        frozen = answers_without_cache(base, email, password)
    finally:
        os.kill(redis_pid, signal.SIGCONT)
    stack.stop_process("redis")
    down = answers_without_cache(base, email, password)
    result = {"redis_frozen": frozen, "redis_stopped": down}
    result["passed"] = all(
        row["statuses"] == [200] and row["max_ms"] < 3000
        for phase in (frozen, down)
        for row in phase.values()
    )
    return result


# --- main ----------------------------------------------------------------------------


PARTS = ("restart", "freeze", "flood", "redis", "gateway", "avatar")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", nargs="+", choices=PARTS, help="run only these parts")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--db", default=DB_NAME, help=f"MariaDB database ({DB_NAME})")
    args = parser.parse_args()
    args.parts = set(args.only or PARTS)
    requests.packages.urllib3.disable_warnings()
    RUN_DIR.mkdir(parents=True, exist_ok=True)
    media_root = RUN_DIR / "media"
    media_root.mkdir(parents=True, exist_ok=True)
    with lib.stack(RUN_DIR) as stack:
        results = run_private_parts(stack, args, media_root)
        if args.parts & {"gateway", "avatar"}:
            lib.ensure_mariadb()
            lib.prepare_site(lib.app_env(args.db, media_root))
            results |= run_parts(stack, args, media_root)
    (RUN_DIR / "results.json").write_text(
        json.dumps(results, ensure_ascii=False, indent=2)
    )
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    failed = [name for name, part in results.items() if part.get("passed") is False]
    skipped = [name for name, part in results.items() if "skipped" in part]
    print(f"\nfault-check: {'FAIL ' + ', '.join(failed) if failed else 'PASS'}"
          + (f" (skipped: {', '.join(skipped)})" if skipped else ""))  # fmt: skip
    return 1 if failed else 0


def run_private_parts(stack: lib.Stack, args, media_root: Path) -> dict:
    """Parts 1, 4, 5, 6: the app on a private mariadbd and a small private Redis."""
    results: dict = {}
    if not args.parts & {"restart", "freeze", "flood", "redis"}:
        return results
    db_port, redis_port, app = lib.free_port(), lib.free_port(), lib.free_port()
    mariadb_pid = stack.start_private_mariadb(db_port)
    redis_url = stack.start_small_redis(redis_port, name="redis", maxmemory="16mb")
    redis_pid = next(p.pid for name, p in stack.processes if name == "redis")
    env = lib.app_env(
        PRIVATE_DB_NAME,
        media_root,
        **lib.private_db_env(PRIVATE_DB_NAME, db_port),
        REDIS_URL=redis_url,
    )
    lib.prepare_site(env, private_mariadb=True)
    timeouts = {
        key: float(
            lib.setting(f"DATABASES['default']['OPTIONS']['{key}_timeout']", env)
        )
        for key in ("connect", "read")
    }
    stack.start_gunicorn(env, app, name="app-private",
                         GUNICORN_WORKERS="2", GUNICORN_THREADS="4")  # fmt: skip
    base = f"http://127.0.0.1:{app}"
    if "restart" in args.parts:
        print("1. MariaDB (private) restart under load…", flush=True)
        show(results, "mariadb_restart",
             part_mariadb_restart(base, env, stack, db_port))  # fmt: skip
        mariadb_pid = next(p.pid for name, p in stack.processes if name == "mariadb")
    if "freeze" in args.parts:
        print(
            f"4. MariaDB (private) frozen for {FREEZE_SECONDS} s under load…",
            flush=True,
        )
        show(
            results, "mariadb_frozen", part_frozen_database(base, mariadb_pid, timeouts)
        )
    if "flood" in args.parts:
        print("5. Cache flood: 10,000 junk catalogue queries, Redis past maxmemory…",
              flush=True)  # fmt: skip
        show(results, "cache_flood", part_cache_flood(base, redis_url))
    if "redis" in args.parts:
        print("6. Redis frozen, then stopped…", flush=True)
        show(results, "redis_down", part_redis_down(base, stack, redis_pid))
    stack.stop_process("app-private")
    return results


def show(results: dict, name: str, part: dict) -> None:
    results[name] = part
    print(json.dumps(part, ensure_ascii=False), flush=True)


def run_parts(stack: lib.Stack, args, media_root: Path) -> dict:
    """Parts 2 and 3 on the system MariaDB: the fake gateway and two app servers."""
    slow_seconds, timeout = 20.0, 10.0
    tappay_env = {
        **stack.start_fake_tappay(lib.free_port(), slow_seconds=slow_seconds),
        "TAPPAY_TIMEOUT": str(timeout),
    }
    # Every member these parts sign up (eleven) comes from 127.0.0.1.
    tappay_env["DJANGO_SIGN_UPS_PER_ADDRESS"] = "100"
    env = lib.app_env(args.db, media_root, **tappay_env)
    results: dict = {}
    if "gateway" in args.parts:
        # Two workers of four threads: the deploy shape, scaled to leave room for others.
        app = lib.free_port()
        stack.start_gunicorn(
            env, app, name="app", GUNICORN_WORKERS="2", GUNICORN_THREADS="4"
        )
        base = f"http://127.0.0.1:{app}"
        print("2. Slow payment gateway…", flush=True)
        show(results, "slow_gateway", part_slow_gateway(base, slow_seconds, timeout))
        if "skipped" not in results["slow_gateway"]:
            # The contrast: the same with single-threaded (sync) workers, for the record.
            sync_app = lib.free_port()
            stack.start_gunicorn(env, sync_app, name="app-sync",
                                 GUNICORN_WORKERS="2", GUNICORN_THREADS="1")  # fmt: skip
            contrast = part_slow_gateway(
                f"http://127.0.0.1:{sync_app}", slow_seconds, timeout
            )
            contrast.pop("passed", None)  # expected to stall: informational only
            show(results, "slow_gateway_sync_workers_for_contrast", contrast)
            stack.stop_process("app-sync")
    if "avatar" in args.parts:
        print("3. Avatar upload with broken storage…", flush=True)
        broken_media = RUN_DIR / "not-a-folder"
        broken_media.write_text(
            "a file where the media folder should be: every save fails\n"
        )
        broken_env = lib.app_env(args.db, broken_media, **tappay_env)
        broken_app = lib.free_port()
        stack.start_gunicorn(broken_env, broken_app, name="app-broken-media",
                             GUNICORN_WORKERS="1", GUNICORN_THREADS="2")  # fmt: skip
        show(results, "avatar_storage_error",
             part_avatar_storage_error(f"http://127.0.0.1:{broken_app}"))  # fmt: skip
    return results


if __name__ == "__main__":
    sys.exit(main())
