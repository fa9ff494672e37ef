"""`make bench`: wrk against the catalogue, through gunicorn directly and through nginx.

Two datasets on MariaDB: the real open data (taipei_trip_production) and a synthetic
catalogue of 100,000 attractions (taipei_trip_bench, generated once with bulk inserts).
For each, one gunicorn server (deploy/gunicorn.conf.py defaults) runs the production
settings plus a bench-only view returning the same bytes as GET /api/attractions?page=0
(scripts/bench_settings.py), a private nginx with TLS sits in front, and nginx also
serves those bytes as a static file. On the real data uvicorn runs the ASGI entry too.

Every target is measured `--runs` times (`wrk -t2 -c32 -d10s --latency`), the runs
interleaved so that load from other work on the machine falls on all targets alike; the
medians are printed and written to docs/benchmarks.md (the block between the lighthouse
markers is kept). A script that reports figures, never a pass/fail test.

    .venv/bin/python scripts/bench.py [--runs 3] [--duration 10] [--quick]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import re
import shutil
import statistics
import subprocess  # noqa: S404
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
import launcher as lib  # noqa: E402

RUN_DIR = lib.VAR / "bench"
DOC = lib.PROJECT / "docs" / "benchmarks.md"
LIGHTHOUSE = re.compile(r"<!-- lighthouse:start -->.*?<!-- lighthouse:end -->", re.S)
KEYWORD = "北投"
CONNECTIONS = 32
FORWARDED = {"X-Forwarded-Proto": "https", "Host": "localhost"}
CACHE_LABELS = {
    "redis": "a private Redis (`REDIS_URL`, as docs/deployment.md recommends)",
    "db": "the database table (the default without `REDIS_URL`)",
}


@dataclass
class Target:
    key: str
    label: str
    url: str
    headers: dict = field(default_factory=dict)
    connections: int = CONNECTIONS
    # A wrk Lua script (RUN_DIR/<name>.lua): "miss" adds a new junk parameter to every
    # request, so nginx's micro-cache (keyed by the raw URI) never answers it.
    script: str = ""
    results: list[dict] = field(default_factory=list)

    def median(self, name: str) -> float:
        return statistics.median(result[name] for result in self.results)


@dataclass
class Dataset:
    name: str
    db_name: str
    attraction_id: int
    synthetic: int = 0
    with_uvicorn: bool = False


DATASETS = [
    Dataset("real open data (58 attractions)", "taipei_trip_production", 1,
            with_uvicorn=True),
    Dataset("synthetic catalogue (100,000 attractions)", "taipei_trip_bench", 1_000_500,
            synthetic=100_000),
]  # fmt: skip

MISS_SCRIPT = """-- every request a new URI: the micro-cache cannot answer it
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, wrk.path .. "&bench_miss=" .. n .. "-" .. math.random(1000000000))
end
"""

# The bench member: a real account with a live token and two trips in the cart.
BENCH_MEMBER = """
from accounts.models import User
from accounts.tokens import issue_token
from attractions.models import Attraction
from bookings import services
from datetime import timedelta
from bookings.pricing import bookable_dates
email = "bench-member@example.com"
user = User.objects.filter(email=email).first() or User.objects.create_user(
    email, None, name="壓測會員")
services.clear_cart(user=user)
# A week ahead: today's slots may already be past their booking cut-off.
trip_date = bookable_dates()[0] + timedelta(days=7)
for attraction, slot in zip(Attraction.objects.order_by("id")[:2], ["morning", "afternoon"]):
    services.add_booking(user=user, attraction_id=attraction.id, date=trip_date, slot=slot)
print(issue_token(user=user))
"""

# (what, measured, its trivial twin, target ratio): each the target, compared
# with the view returning the same bytes, measured in the same run.
RATIOS = [
    ("catalogue page 0, anonymous", "g:page0", "g:trivial", 0.85),
    ("GET / anonymous (the home page)", "g:home", "g:home-trivial", 0.85),
    ("catalogue page 0 with a member's token", "g:page0-member", "g:trivial", 0.85),
    (f"keyword {KEYWORD} with a member's token", "g:keyword-member",
     "g:keyword-trivial", 0.85),
    ("catalogue page on a cache miss (every request)", "c:miss", "c:trivial", 0.30),
    ("GET /api/booking, two-item cart", "g:booking", "g:booking-trivial", 0.30),
    ("GET /api/user/auth", "g:auth", "g:auth-trivial", 0.50),
    ("catalogue page 0 through nginx ÷ nginx static file", "n:page0", "n:static", 0.50),
]  # fmt: skip


def wrk(target: Target, duration: int) -> dict:
    threads = min(2, target.connections)
    args = [
        "wrk",
        f"-t{threads}",
        f"-c{target.connections}",
        f"-d{duration}s",
        "--latency",
    ]
    for name, value in target.headers.items():
        args += ["-H", f"{name}: {value}"]
    if target.script:
        args += ["-s", str(RUN_DIR / f"{target.script}.lua")]
    output = subprocess.run(  # noqa: S603
        [*args, target.url], capture_output=True, text=True, check=True
    ).stdout
    return parse_wrk(output)


def parse_wrk(output: str) -> dict:
    def latency(percent: str) -> float:
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors:.*", output)
    return {
        "rps": rps,
        "p50": latency("50"),
        "p99": latency("99"),
        "non2xx": int(bad.group(1)) if bad else 0,
        "socket_errors": errors.group(0) if errors else "",
    }


@dataclass
class Servers:
    gunicorn: int  # the production settings
    cold: int  # the same with the catalogue cache off: every catalogue request a miss
    https: int  # nginx in front of `gunicorn`
    cold_https: int  # nginx in front of `cold`
    uvicorn: int | None = None
    every: int | None = None


BENCH_PATHS = {
    "page0": "/api/attractions?page=0",
    "keyword": f"/api/attractions?page=0&keyword={quote(KEYWORD)}",
    "mrts": "/api/mrts",
    "home": "/",
    "booking": "/api/booking",
    "auth": "/api/user/auth",
}
# Each view's twin: a trivial view answering the same bytes (the framework's own cost).
SAME_BYTES = "/bench/same-bytes/"


def gunicorn_targets(g: str, paths: dict, member: dict) -> list[Target]:
    """The app server alone, cache on, each view next to its trivial twin."""
    same, fw = g + SAME_BYTES, FORWARDED
    return [
        Target("g:trivial", "gunicorn: trivial view, same bytes as page 0",
               same + "page0", fw),
        Target("g:page0", "gunicorn: GET /api/attractions?page=0", g + paths["page0"], fw),
        Target("g:keyword", f"gunicorn: keyword {KEYWORD} (anonymous)",
               g + paths["keyword"], fw),
        Target("g:attraction", "gunicorn: GET /api/attraction/{id}",
               g + paths["attraction"], fw),
        Target("g:mrts", "gunicorn: GET /api/mrts", g + paths["mrts"], fw),
        Target("g:home-trivial", "gunicorn: trivial view, same bytes as GET /",
               same + "home", fw),
        Target("g:home", "gunicorn: GET / (anonymous)", g + paths["home"], fw),
        Target("g:page0-member", "gunicorn: page 0 with a member's token",
               g + paths["page0"], {**fw, **member}),
        Target("g:keyword-trivial", f"gunicorn: trivial view, same bytes as keyword {KEYWORD}",
               same + "keyword", fw),
        Target("g:keyword-member", f"gunicorn: keyword {KEYWORD} with a member's token",
               g + paths["keyword"], {**fw, **member}),
        Target("g:booking-trivial", "gunicorn: trivial view, same bytes as GET /api/booking",
               same + "booking", fw),
        Target("g:booking", "gunicorn: GET /api/booking (member, 2 trips)",
               g + paths["booking"], {**fw, **member}),
        Target("g:auth-trivial", "gunicorn: trivial view, same bytes as GET /api/user/auth",
               same + "auth", fw),
        Target("g:auth", "gunicorn: GET /api/user/auth (member)", g + paths["auth"],
               {**fw, **member}),
    ]  # fmt: skip


def cold_targets(c: str, paths: dict) -> list[Target]:
    """The app server with the catalogue cache off: every request builds its answer."""
    fw = FORWARDED
    return [
        Target("c:trivial", "cache off: trivial view, same bytes as page 0",
               c + SAME_BYTES + "page0", fw),
        Target("c:miss", "cache off: page 0, every request a miss", c + paths["page0"],
               fw, script="miss"),
        Target("c:keyword", f"cache off: keyword {KEYWORD}, every request a miss",
               c + paths["keyword"], fw),
        Target("c:nearby", "cache off: GET /api/attraction/{id}/nearby, every request "
               "a miss", c + paths["nearby"], fw),
    ]  # fmt: skip


def nginx_targets(n: str, cn: str, paths: dict, member: dict) -> list[Target]:
    """Through nginx over HTTPS, as visitors reach the site (cn: the cache-off app)."""
    return [
        Target("n:static", "nginx: same bytes as a static file", n + "/static/bench/page0.json"),
        Target("n:page0", "nginx: GET /api/attractions?page=0", n + paths["page0"]),
        Target("n:keyword", f"nginx: keyword {KEYWORD} (anonymous)", n + paths["keyword"]),
        Target("n:attraction", "nginx: GET /api/attraction/{id}", n + paths["attraction"]),
        Target("n:mrts", "nginx: GET /api/mrts", n + paths["mrts"]),
        Target("n:home", "nginx: GET / (anonymous)", n + paths["home"]),
        Target("n:page0-member", "nginx: page 0 with a member's token", n + paths["page0"],
               member),
        Target("n:keyword-member", f"nginx: keyword {KEYWORD} with a member's token",
               n + paths["keyword"], member),
        Target("n:booking", "nginx: GET /api/booking (member)", n + paths["booking"], member),
        Target("n:auth", "nginx: GET /api/user/auth (member)", n + paths["auth"], member),
        Target("n:miss", "nginx, cache off: page 0, every request a miss",
               cn + paths["page0"], script="miss"),
    ]  # fmt: skip


# Measured again at one connection: latency without queueing.
ONE_CONNECTION = ("g:page0", "g:home", "g:page0-member", "g:keyword-member", "c:miss",
                  "c:keyword", "c:nearby", "g:booking", "g:auth")  # fmt: skip


def one_connection_targets(targets: list[Target]) -> list[Target]:
    by_key = {target.key: target for target in targets}
    return [
        Target(f"{key}-c1", f"{by_key[key].label}, 1 connection", by_key[key].url,
               by_key[key].headers, connections=1, script=by_key[key].script)
        for key in ONE_CONNECTION
    ]  # fmt: skip


def optional_targets(servers: Servers, paths: dict) -> list[Target]:
    """The servers started only on request: version read every request, uvicorn."""
    targets = []
    if servers.every:
        base = f"http://127.0.0.1:{servers.every}"
        targets += [
            Target("e:trivial", "gunicorn, version read every request: trivial view",
                   base + SAME_BYTES + "page0", FORWARDED),
            Target("e:page0", "gunicorn, version read every request: GET /api/attractions?page=0",
                   base + paths["page0"], FORWARDED),
        ]  # fmt: skip
    if servers.uvicorn:
        base = f"http://127.0.0.1:{servers.uvicorn}"
        targets += [
            Target("u:trivial", "uvicorn: trivial view, same bytes as page 0",
                   base + SAME_BYTES + "page0", FORWARDED),
            Target("u:page0", "uvicorn: GET /api/attractions?page=0", base + paths["page0"],
                   FORWARDED),
        ]  # fmt: skip
    return targets


def targets_for(dataset: Dataset, servers: Servers, token: str) -> list[Target]:
    """Every URL the benchmark measures, in the report's order."""
    attraction = f"/api/attraction/{dataset.attraction_id}"
    paths = {**BENCH_PATHS, "attraction": attraction, "nearby": f"{attraction}/nearby"}
    member = {"Authorization": f"Bearer {token}"}
    targets = [
        *gunicorn_targets(f"http://127.0.0.1:{servers.gunicorn}", paths, member),
        *cold_targets(f"http://127.0.0.1:{servers.cold}", paths),
        *nginx_targets(
            f"https://127.0.0.1:{servers.https}",
            f"https://127.0.0.1:{servers.cold_https}",
            paths,
            member,
        ),
    ]
    return targets + one_connection_targets(targets) + optional_targets(servers, paths)


TWINS = {"trivial": "page0", "static": "page0", "home-trivial": "home",
         "keyword-trivial": "keyword", "booking-trivial": "booking",
         "auth-trivial": "auth"}  # fmt: skip


def warm_and_verify(targets: list[Target], bodies: dict[str, bytes]) -> None:
    """Every target answers 200 before it is measured; the byte-twins really are equal."""
    session = requests.Session()
    session.trust_env = False
    for target in targets:
        for _ in range(20):
            response = session.get(
                target.url, headers=target.headers, verify=False, timeout=30
            )  # noqa: S501
            if response.status_code != 200:
                raise RuntimeError(
                    f"{target.url}: {response.status_code} {response.text[:200]}"
                )
        twin = TWINS.get(target.key.split(":", 1)[1])
        if twin and response.content != bodies[twin]:
            raise RuntimeError(f"{target.url} does not answer the {twin} bytes")


def prepare(dataset: Dataset, media_root: Path) -> dict:
    env = lib.app_env(dataset.db_name, media_root)
    lib.prepare_site(env)
    if dataset.synthetic:
        lib.run([sys.executable, "scripts/synthetic_catalogue.py",
                 "--count", str(dataset.synthetic)], env=env, quiet=False)  # fmt: skip
        tables = (
            "attractions_attraction, attractions_attractionimage, attractions_namegram"
        )
        lib.mariadb_sql(f"USE `{dataset.db_name}`; ANALYZE TABLE {tables}")
    return env


def record_bodies(port: int, token: str) -> dict[str, bytes]:
    """The bytes each trivial twin must return, fetched from the real endpoints."""
    base, member = f"http://127.0.0.1:{port}", {"Authorization": f"Bearer {token}"}
    paths = {
        "page0": ("/api/attractions?page=0", {}),
        "keyword": (f"/api/attractions?page=0&keyword={quote(KEYWORD)}", {}),
        "home": ("/", {}),
        "booking": ("/api/booking", member),
        "auth": ("/api/user/auth", member),
    }
    bodies = {}
    folder = RUN_DIR / "bodies"
    folder.mkdir(parents=True, exist_ok=True)
    for name, (path, headers) in paths.items():
        response = requests.get(
            base + path, headers={**FORWARDED, **headers}, timeout=30
        )
        response.raise_for_status()
        bodies[name] = response.content
        suffix = ".html" if name == "home" else ".json"
        for old in folder.glob(f"{name}.*"):
            old.unlink()
        (folder / f"{name}{suffix}").write_bytes(response.content)
    return bodies


def measure_offline(
    dataset: Dataset, args, env: dict
) -> tuple[dict | None, str, dict | None]:
    """What runs without servers: search timings, the bench member's token, a profile."""
    search = None
    if dataset.synthetic:
        search = json.loads(
            lib.run([sys.executable, "scripts/search_timing.py"], env=env).stdout
        )
    token = lib.manage(env, "shell", "-c", BENCH_MEMBER).stdout.strip().splitlines()[-1]
    profile = None
    if args.profile:
        command = [sys.executable, "scripts/profile_cold.py", "--token", token,
                   "--requests", str(args.profile)]  # fmt: skip
        profile = json.loads(lib.run(command, env=env).stdout)
    return search, token, profile


def start_contrasts(
    stack, bench_env: dict, servers: Servers, ports: Iterator[int]
) -> None:
    """For contrast: the catalogue version read from Redis on every request, uvicorn."""
    servers.every = next(ports)
    stack.start_gunicorn({**bench_env, "CATALOGUE_VERSION_CHECK_SECONDS": "0"},
                         servers.every, name="gunicorn-version-every-request")  # fmt: skip
    servers.uvicorn = next(ports)
    workers = 2 * (os.cpu_count() or 1)
    stack.start_uvicorn(bench_env, servers.uvicorn, name="uvicorn", workers=workers)


def measure(dataset: Dataset, args, cert, key, media_root) -> dict:
    env = prepare(dataset, media_root)
    search, token, profile = measure_offline(dataset, args, env)
    (RUN_DIR / "miss.lua").write_text(MISS_SCRIPT)
    ports = port_numbers(args.port_base)
    servers = Servers(*(next(ports) for _ in range(4)))
    http, cold_http = next(ports), next(ports)
    bench_env = {**env, "DJANGO_SETTINGS_MODULE": "scripts.bench_settings",
                 "BENCH_BODY_DIR": str(RUN_DIR / "bodies"),
                 "CATALOGUE_VERSION_CHECK_SECONDS": str(args.version_check)}  # fmt: skip
    with lib.stack(RUN_DIR) as stack, lib.stack(RUN_DIR / "cold") as cold_stack:
        if args.cache == "redis":
            redis_url = stack.start_redis(next(ports))
            env = {**env, "REDIS_URL": redis_url}
            bench_env = {**bench_env, "REDIS_URL": redis_url}
        stack.start_gunicorn(env, servers.gunicorn, name="gunicorn-probe")
        bodies = record_bodies(servers.gunicorn, token)
        stack.stop_process("gunicorn-probe")
        static = lib.PROJECT / "staticfiles" / "bench"
        static.mkdir(parents=True, exist_ok=True)
        (static / "page0.json").write_bytes(bodies["page0"])
        stack.start_gunicorn(bench_env, servers.gunicorn, name="gunicorn")
        cold_stack.start_gunicorn({**bench_env, "CATALOGUE_CACHE_SECONDS": "0"},
                                  servers.cold, name="gunicorn-cache-off")  # fmt: skip
        if args.contrasts and dataset.with_uvicorn:
            start_contrasts(stack, bench_env, servers, ports)
        for run_stack, port, https, upstream in (
            (stack, http, servers.https, servers.gunicorn),
            (cold_stack, cold_http, servers.cold_https, servers.cold),
        ):
            run_stack.start_nginx(
                lib.nginx_values(http_port=port, https_port=https, upstreams=[upstream],
                                 cert=cert, key=key, media_root=media_root),
                https,
            )  # fmt: skip
        targets = targets_for(dataset, servers, token)
        if args.targets:
            targets = [t for t in targets if t.key in args.targets.split(",")]
        warm_and_verify(targets, bodies)
        run_targets(dataset, targets, args)
    return {
        "dataset": dataset,
        "targets": targets,
        "bytes": len(bodies["page0"]),
        "search": search,
        "profile": profile,
    }


def port_numbers(base: int) -> Iterator[int]:
    """Ports from `base` on (a range of one's own on a shared machine), or any free ones."""
    for offset in itertools.count():
        yield base + offset if base else lib.free_port()


def rate(by_key: dict, a: str, b: str) -> float | None:
    if a in by_key and b in by_key:
        return by_key[a].median("rps") / by_key[b].median("rps")
    return None


def run_targets(dataset: Dataset, targets: list[Target], args) -> None:
    """wrk on every target, `--runs` times, the runs interleaved across the targets."""
    print(f"\n== {dataset.name}: {len(targets)} targets × {args.runs} runs "
          f"of {args.duration}s", flush=True)  # fmt: skip
    for run in range(args.runs):
        for target in targets:
            result = wrk(target, args.duration)
            target.results.append(result)
            print(f"  run {run + 1} {target.label:58} {result['rps']:9.1f} req/s  "
                  f"p50 {result['p50']:6.2f} ms  p99 {result['p99']:6.2f} ms"
                  + (f"  non-2xx {result['non2xx']}" if result["non2xx"] else ""),
                  flush=True)  # fmt: skip


ANONYMOUS_API = ("page0", "keyword", "attraction", "mrts")


def mark(met: bool) -> str:
    return "✓" if met else "✗ not met"


def machine() -> str:
    def version(args: list[str]) -> str:
        try:
            result = subprocess.run(args, capture_output=True, text=True, check=False)  # noqa: S603
        except OSError:
            return "?"
        return (result.stdout + result.stderr).strip().splitlines()[0]

    return (
        f"{os.cpu_count()} cores, {platform.platform()}; "
        f"{version(['nginx', '-v'])}; {version(['mariadbd', '--version'])}; "
        f"gunicorn {version([str(lib.VENV_BIN / 'gunicorn'), '--version'])}; "
        f"uvicorn {version([str(lib.VENV_BIN / 'uvicorn'), '--version'])}"
    )


class Before:
    """Medians of an earlier run (its results.json), to set beside this run's."""

    def __init__(self, path: str):
        self.data = json.loads(Path(path).read_text()) if path else None

    def started(self) -> str:
        return self.data["started"][:16].replace("T", " ") if self.data else ""

    def profile(self, dataset: str) -> dict | None:
        for item in (self.data or {}).get("measured", []):
            if item["dataset"] == dataset:
                return item.get("profile")
        return None

    def targets(self, dataset: str) -> dict[str, Target]:
        if not self.data:
            return {}
        for item in self.data["measured"]:
            if item["dataset"] == dataset:
                return {key: Target(key, value["label"], "", results=value["results"])
                        for key, value in item["targets"].items()}  # fmt: skip
        return {}


def target_rows(targets: list[Target], before: dict[str, Target]) -> list[str]:
    head = "| target | requests/s | p50 ms | p99 ms | non-2xx |"
    rule = "| --- | ---: | ---: | ---: | ---: |"
    if before:
        head += " before: requests/s | before: p99 ms |"
        rule += " ---: | ---: |"
    lines = [head, rule]
    for target in targets:
        bad = sum(result["non2xx"] for result in target.results)
        row = (f"| {target.label} | {target.median('rps'):,.0f} | "
               f"{target.median('p50'):.2f} | {target.median('p99'):.2f} | {bad} |")  # fmt: skip
        if before:
            old = before.get(target.key)
            row += (f" {old.median('rps'):,.0f} | {old.median('p99'):.2f} |" if old
                    else " – | – |")  # fmt: skip
        lines.append(row)
    return lines


def measure_rows(dataset: Dataset, targets: list[Target], before: dict) -> list[str]:
    by_key = {target.key: target for target in targets}
    lines = ["| measure | this run | before | target |", "| --- | ---: | ---: | --- |"]
    for what, measured, twin, goal in RATIOS:
        value = rate(by_key, measured, twin)
        if value is None:
            continue
        old = rate(before, measured, twin)
        lines.append(f"| {what} ÷ trivial twin | {value:.0%} {mark(value >= goal)} | "
                     f"{f'{old:.0%}' if old is not None else '–'} | ≥ {goal:.0%} |")  # fmt: skip
    for name, label in (("every", "`CATALOGUE_VERSION_CHECK_SECONDS=0`, page 0"),
                        ("uvicorn", "uvicorn ÷ gunicorn, page 0")):  # fmt: skip
        value = (rate(by_key, "e:page0", "e:trivial") if name == "every"
                 else rate(by_key, "u:page0", "g:page0"))  # fmt: skip
        if value is not None:
            lines.append(f"| for contrast: {label} | {value:.0%} | | |")
    nginx = [t for t in targets if t.key.startswith("n:") and t.connections > 1]
    if nginx:
        worst = max(nginx, key=lambda t: t.median("p99"))
        lines.append(f"| worst p99 through nginx at {CONNECTIONS} connections: "
                     f"{worst.label} | {worst.median('p99'):.1f} ms "
                     f"{mark(worst.median('p99') < 50)} | | < 50 ms each |")  # fmt: skip
    anonymous = [by_key[f"g:{name}"] for name in ANONYMOUS_API if f"g:{name}" in by_key]
    if anonymous:
        worst = max(anonymous, key=lambda t: t.median("p99"))
        lines.append(f"| worst p99 of the anonymous catalogue API, {worst.label} | "
                     f"{worst.median('p99'):.1f} ms {mark(worst.median('p99') < 50)} | "
                     "| < 50 ms |")  # fmt: skip
    floor = [by_key[key] for key in ("g:trivial", "n:static") if key in by_key]
    if floor:
        lines.append("| for scale, p99 of the constant answers in the same run: "
                     + ", ".join(f"{t.label} {t.median('p99'):.0f} ms" for t in floor)
                     + " | | | |")  # fmt: skip
    if dataset.synthetic and "c:keyword-c1" in by_key:
        single, loaded = by_key["c:keyword-c1"], by_key["c:keyword"]
        lines.append(f"| keyword search p50, no cache, 100k attractions, one client | "
                     f"{single.median('p50'):.1f} ms {mark(single.median('p50') < 50)} "
                     "| | < 50 ms |")  # fmt: skip
        lines.append(f"| the same with {CONNECTIONS} connections (queueing included) | "
                     f"{loaded.median('p50'):.1f} ms | | |")  # fmt: skip
    if dataset.synthetic and "c:nearby-c1" in by_key:
        single = by_key["c:nearby-c1"]
        lines.append(f"| nearby places p50, no cache, 100k attractions, one client | "
                     f"{single.median('p50'):.1f} ms {mark(single.median('p50') < 20)} "
                     "| | < 20 ms |")  # fmt: skip
    return lines


PROFILED = {
    "home": "GET / (the page built)",
    "page0": "GET /api/attractions?page=0 (a miss)",
    "keyword": f"keyword {KEYWORD} (a miss)",
    "home-en": "GET /en/ (the page built, English)",
    "page0-en": "GET /api/attractions?page=0&lang=en (a miss)",
    "keyword-en": "keyword Beitou, lang=en (a miss)",
    "booking": "GET /api/booking (2 trips)",
    "auth": "GET /api/user/auth",
}


def profile_rows(profile: dict, before: dict | None) -> list[str]:
    """The in-process cold-path profile: time per request and where it goes."""
    lines = [
        "Cold paths in-process (`scripts/profile_cold.py`: Django's test client through "
        "every middleware, the catalogue cache off, pyinstrument at 0.1 ms; CPU ms per "
        "request is steadier than wall ms on a shared machine; the share is each "
        "function's own time):",
        "",
        "| path | wall ms | CPU ms | before: wall ms | before: CPU ms | top functions "
        "(own time share) |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for key, label in PROFILED.items():
        row, old = profile.get(key), (before or {}).get(key)
        if not row:
            continue
        top = "; ".join(f"`{name}` {share:.0%}" for name, share in row["top"][:5])
        lines.append(
            f"| {label} | {row['ms']:.2f} | {row.get('cpu_ms', 0):.2f} | "
            + (f"{old['ms']:.2f} | {old.get('cpu_ms', 0):.2f} |" if old else "– | – |")
            + f" {top} |"
        )
    if before:
        lines += ["", "Before, the top functions of the same paths:", ""]
        for key, label in PROFILED.items():
            if before.get(key):
                top = "; ".join(f"`{n}` {s:.0%}" for n, s in before[key]["top"][:5])
                lines.append(f"- {label}: {top}")
    return [*lines, ""]


def report(measured: list[dict], args, started: datetime, loads: list[str]) -> str:
    before = Before(args.before)
    lines = [
        "# Benchmarks",
        "",
        "<!-- bench:start (generated by `make bench`, scripts/bench.py; do not edit) -->",
        "",
        f"Measured {started:%Y-%m-%d %H:%M} UTC on {machine()}.",
        "",
        f"Each target: `wrk -t2 -c{CONNECTIONS} -d{args.duration}s --latency` on loopback "
        f"(`-t1 -c1` for the 1-connection rows), median of {args.runs} runs (requests/s, "
        f"p50, p99), runs interleaved across the targets. {machine_note(loads)} Absolute "
        "figures vary from run to run on a shared machine; the ratios compare targets "
        "measured in the same run and are what the targets are about.",
        "",
        "Servers: gunicorn with `deploy/gunicorn.conf.py` defaults (workers = 2 × "
        "cores, 4 threads each, gthread) and production settings (`DJANGO_ENV=production`, "
        f"MariaDB, the Django cache in {CACHE_LABELS[args.cache]}, catalogue version "
        f"checked every {args.version_check:g} s); nginx from `deploy/nginx.conf` over TLS "
        f"(HTTP/1.1 keep-alive; micro-cache {lib.MICRO_CACHE_SECONDS} s) in front of it. "
        "A second gunicorn (and nginx) with the same settings but "
        "`CATALOGUE_CACHE_SECONDS=0` serves the cache-miss targets: every catalogue "
        "request is built from the database, and a new junk parameter per request "
        "keeps nginx's micro-cache out of it too. Each trivial twin "
        "(`scripts/bench_urls.py`, bench only) returns the exact bytes of the endpoint it "
        "stands beside through the same settings and middleware; nginx serves the page-0 "
        "bytes as a static file. Member targets send a real member's bearer token "
        "(two trips in the cart).",
        "",
    ]
    if before.data:
        lines += [f"The *before* columns are `make bench` on the same machine at "
                  f"{before.started()} UTC on the code before issue 17 "
                  f"({args.before_label or 'see the commit message'}).", ""]  # fmt: skip
    for item in measured:
        dataset, targets = item["dataset"], item["targets"]
        old = before.targets(dataset.name)
        lines += [f"## {dataset.name}", "", f"Page 0 is {item['bytes']:,} bytes of JSON.",
                  "", *target_rows(targets, old), "",
                  *measure_rows(dataset, targets, old), ""]  # fmt: skip
        if item["profile"]:
            lines += profile_rows(item["profile"], before.profile(dataset.name))
        if item["search"]:
            lines += ["In-process search time on this catalogue (median of 9; `scripts/"
                      "search_timing.py`): the whole `search_attractions` page (ids through "
                      "the gram index, rows, images) against only the id query of a plain "
                      "`LIKE '%kw%'` scan:", "",
                      "| keyword | matches | indexed page ms | LIKE ids ms |",
                      "| --- | ---: | ---: | ---: |"]  # fmt: skip
            for keyword, row in item["search"].items():
                lines.append(f"| `{keyword}` | {row['matches']:,} | {row['index_ms']:.2f} | "
                             f"{row['like_ms']:.2f} |")  # fmt: skip
            lines.append("")
    lines += ["<!-- bench:end -->", ""]
    return "\n".join(lines)


def machine_note(loads: list[str]) -> str:
    """Whether other work shared the cores: the load average before the bench started."""
    before = float(loads[0].split()[0])
    if before > 0.5:
        return (f"**Other work was using the same cores when the run started** (load "
                f"average before/after: {loads[0]} / {loads[-1]}).")  # fmt: skip
    return (f"The machine was otherwise idle when the run started (load average "
            f"before/after, the bench's own load included: {loads[0]} / {loads[-1]}).")  # fmt: skip


def write_doc(text: str) -> None:
    old = DOC.read_text() if DOC.exists() else ""
    block = LIGHTHOUSE.search(old)
    if block:
        text = text.rstrip("\n") + "\n\n" + block.group(0) + "\n"
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(text)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--quick", action="store_true", help="1 run of 3 s, no doc")
    parser.add_argument(
        "--targets", default="", help="only these keys, e.g. g:trivial,g:page0"
    )
    parser.add_argument(
        "--version-check",
        type=float,
        default=None,
        help="CATALOGUE_VERSION_CHECK_SECONDS for the bench server (0: every request; "
        "default: the settings default)",
    )
    parser.add_argument(
        "--datasets", default="0,1", help="which datasets: 0 real, 1 synthetic 100k"
    )
    parser.add_argument(
        "--port-base",
        type=int,
        default=0,
        help="servers use ports from here (0: any free)",
    )
    parser.add_argument(
        "--contrasts",
        action="store_true",
        help="also uvicorn and a server reading the catalogue version every request",
    )
    parser.add_argument(
        "--db-names",
        default="",
        help="MariaDB database per chosen dataset, comma-separated",
    )
    parser.add_argument(
        "--profile", type=int, default=100,
        help="requests per cold path profiled in-process with pyinstrument (0: none)",
    )  # fmt: skip
    parser.add_argument("--no-doc", action="store_true", help="leave the doc alone")
    parser.add_argument("--before", default="", help="an earlier run's results.json")
    parser.add_argument("--before-label", default="", help="what the earlier run ran")
    parser.add_argument(
        "--cache",
        choices=["redis", "db"],
        default="redis",
        help="the Django cache: a private Redis (as in production) or the database table",
    )
    args = parser.parse_args()
    args.default_version_check = float(lib.setting("CATALOGUE_VERSION_CHECK_SECONDS"))
    if args.version_check is None:
        args.version_check = args.default_version_check
    if args.quick:
        args.runs, args.duration = 1, 3
    return args


def main() -> int:
    args = parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: run `make install` (scripts/system-packages.sh)")
    requests.packages.urllib3.disable_warnings()
    if args.cache == "redis" and not shutil.which("redis-server"):
        print(
            "redis-server is not installed: the cache is the database table (--cache db)"
        )
        args.cache = "db"
    started = datetime.now(UTC)
    loads = [" ".join(f"{x:.1f}" for x in os.getloadavg())]
    lib.ensure_mariadb()
    RUN_DIR.mkdir(parents=True, exist_ok=True)
    _, cert, key = lib.make_certificates(RUN_DIR / "tls")
    media_root = RUN_DIR / "media"
    media_root.mkdir(parents=True, exist_ok=True)
    chosen = [d for i, d in enumerate(DATASETS) if str(i) in args.datasets.split(",")]
    if args.db_names:
        for dataset, name in zip(chosen, args.db_names.split(","), strict=True):
            dataset.db_name = name
    measured = [measure(d, args, cert, key, media_root) for d in chosen]
    loads.append(" ".join(f"{x:.1f}" for x in os.getloadavg()))
    text = report(measured, args, started, loads)
    raw = [{"dataset": m["dataset"].name, "bytes": m["bytes"], "search": m["search"],
            "profile": m["profile"],
            "targets": {t.key: {"label": t.label, "results": t.results} for t in m["targets"]}}
           for m in measured]  # fmt: skip
    (RUN_DIR / "results.json").write_text(json.dumps(
        {"started": started.isoformat(), "loads": loads, "measured": raw},
        ensure_ascii=False, indent=1))  # fmt: skip
    print("\n" + text)
    if (
        not args.quick
        and not args.targets
        and args.version_check == args.default_version_check
        and not args.no_doc
    ):
        write_doc(text)
        print(f"Wrote {DOC.relative_to(lib.PROJECT)}")
    return 0


if __name__ == "__main__":
    started_at = time.monotonic()
    code = main()
    print(f"bench: {time.monotonic() - started_at:.0f}s")
    sys.exit(code)
