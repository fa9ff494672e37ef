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
import json
import os
import platform
import re
import shutil
import statistics
import subprocess  # noqa: S404
import sys
import time
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
SIGNED_IN = {"Authorization": "Bearer bench-not-a-member"}


@dataclass
class Target:
    key: str
    label: str
    url: str
    headers: dict = field(default_factory=dict)
    connections: int = CONNECTIONS
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


def targets_for(
    dataset: Dataset, gunicorn: int, uvicorn: int | None, https: int, every: int | None
):
    keyword = quote(KEYWORD)
    paths = {
        "page0": "/api/attractions?page=0",
        "keyword": f"/api/attractions?page=0&keyword={keyword}",
        "attraction": f"/api/attraction/{dataset.attraction_id}",
        "mrts": "/api/mrts",
        "home": "/",
    }
    direct = f"http://127.0.0.1:{gunicorn}"
    proxy = f"https://127.0.0.1:{https}"
    targets = [
        Target("g:trivial", "gunicorn: trivial view, same bytes as page 0",
               direct + "/bench/same-bytes", FORWARDED),
        Target("g:page0", "gunicorn: GET /api/attractions?page=0", direct + paths["page0"],
               FORWARDED),
        Target("g:keyword", f"gunicorn: keyword {KEYWORD} (anonymous, cached)",
               direct + paths["keyword"], FORWARDED),
        Target("g:keyword-db", f"gunicorn: keyword {KEYWORD} (signed-in header: no cache)",
               direct + paths["keyword"], {**FORWARDED, **SIGNED_IN}),
        Target("g:keyword-db-c1", f"gunicorn: keyword {KEYWORD} (no cache), 1 connection",
               direct + paths["keyword"], {**FORWARDED, **SIGNED_IN}, connections=1),
        Target("g:attraction", "gunicorn: GET /api/attraction/{id}",
               direct + paths["attraction"], FORWARDED),
        Target("g:mrts", "gunicorn: GET /api/mrts", direct + paths["mrts"], FORWARDED),
        Target("g:home", "gunicorn: GET / (page)", direct + paths["home"], FORWARDED),
        Target("n:static", "nginx: same bytes as a static file",
               proxy + "/static/bench/page0.json"),
        Target("n:page0", "nginx: GET /api/attractions?page=0", proxy + paths["page0"]),
        Target("n:keyword", f"nginx: keyword {KEYWORD} (anonymous)", proxy + paths["keyword"]),
        Target("n:keyword-db", f"nginx: keyword {KEYWORD} (signed-in header: no cache)",
               proxy + paths["keyword"], SIGNED_IN),
        Target("n:attraction", "nginx: GET /api/attraction/{id}", proxy + paths["attraction"]),
        Target("n:mrts", "nginx: GET /api/mrts", proxy + paths["mrts"]),
        Target("n:home", "nginx: GET / (page)", proxy + paths["home"]),
    ]  # fmt: skip
    if every:
        base = f"http://127.0.0.1:{every}"
        targets += [
            Target("e:trivial", "gunicorn, version read every request: trivial view",
                   base + "/bench/same-bytes", FORWARDED),
            Target("e:page0", "gunicorn, version read every request: GET /api/attractions?page=0",
                   base + paths["page0"], FORWARDED),
        ]  # fmt: skip
    if uvicorn:
        base = f"http://127.0.0.1:{uvicorn}"
        targets += [
            Target("u:trivial", "uvicorn: trivial view, same bytes as page 0",
                   base + "/bench/same-bytes", FORWARDED),
            Target("u:page0", "uvicorn: GET /api/attractions?page=0", base + paths["page0"],
                   FORWARDED),
        ]  # fmt: skip
    return targets


def warm_and_verify(targets: list[Target], body: bytes) -> None:
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
        if (
            target.key.endswith(("page0", "trivial", "static"))
            and response.content != body
        ):
            raise RuntimeError(f"{target.url} does not answer the page-0 bytes")


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


def measure(dataset: Dataset, args, cert, key, media_root) -> dict:
    env = prepare(dataset, media_root)
    search = None
    if dataset.synthetic:
        search = json.loads(
            lib.run([sys.executable, "scripts/search_timing.py"], env=env).stdout
        )
    body_file = RUN_DIR / "page0.json"
    gunicorn, https, http = lib.free_port(), lib.free_port(), lib.free_port()
    uvicorn = lib.free_port() if dataset.with_uvicorn else None
    bench_env = {**env, "DJANGO_SETTINGS_MODULE": "scripts.bench_settings",
                 "BENCH_BODY_FILE": str(body_file),
                 "CATALOGUE_VERSION_CHECK_SECONDS": str(args.version_check)}  # fmt: skip
    with lib.stack(RUN_DIR) as stack:
        if args.cache == "redis":
            redis_url = stack.start_redis(lib.free_port())
            env = {**env, "REDIS_URL": redis_url}
            bench_env = {**bench_env, "REDIS_URL": redis_url}
        stack.start_gunicorn(env, gunicorn, name="gunicorn-probe")
        body = requests.get(f"http://127.0.0.1:{gunicorn}/api/attractions?page=0",
                            headers=FORWARDED, timeout=30).content  # fmt: skip
        stack.stop_process("gunicorn-probe")
        body_file.write_bytes(body)
        static = lib.PROJECT / "staticfiles" / "bench"
        static.mkdir(parents=True, exist_ok=True)
        (static / "page0.json").write_bytes(body)
        stack.start_gunicorn(bench_env, gunicorn, name="gunicorn")
        every = lib.free_port() if dataset.with_uvicorn else None
        if every:
            # For contrast: the catalogue version read from Redis on every request.
            stack.start_gunicorn({**bench_env, "CATALOGUE_VERSION_CHECK_SECONDS": "0"},
                                 every, name="gunicorn-version-every-request")  # fmt: skip
        if uvicorn:
            workers = str(2 * os.cpu_count())
            stack.start_uvicorn(
                bench_env, uvicorn, name="uvicorn", workers=int(workers)
            )
        stack.start_nginx(
            lib.nginx_values(http_port=http, https_port=https, upstreams=[gunicorn],
                             cert=cert, key=key, media_root=media_root),
            https,
        )  # fmt: skip
        targets = targets_for(dataset, gunicorn, uvicorn, https, every)
        if args.targets:
            targets = [t for t in targets if t.key in args.targets.split(",")]
        warm_and_verify(targets, body)
        run_targets(dataset, targets, args)
    return {
        "dataset": dataset,
        "targets": targets,
        "bytes": len(body),
        "search": search,
    }


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


def ratios(targets: list[Target]) -> dict[str, float]:
    by_key = {target.key: target for target in targets}

    def rate(a: str, b: str) -> float | None:
        if a in by_key and b in by_key:
            return by_key[a].median("rps") / by_key[b].median("rps")
        return None

    return {
        "gunicorn_vs_trivial": rate("g:page0", "g:trivial"),
        "nginx_vs_static": rate("n:page0", "n:static"),
        "uvicorn_vs_gunicorn": rate("u:page0", "g:page0"),
        "every_vs_trivial": rate("e:page0", "e:trivial"),
    }


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


def report(measured: list[dict], args, started: datetime, loads: list[str]) -> str:
    lines = [
        "# Benchmarks",
        "",
        "<!-- bench:start (generated by `make bench`, scripts/bench.py; do not edit) -->",
        "",
        f"Measured {started:%Y-%m-%d %H:%M} UTC on {machine()}.",
        "",
        f"Each target: `wrk -t2 -c{CONNECTIONS} -d{args.duration}s --latency` on loopback, "
        f"median of {args.runs} runs (requests/s, p50, p99), runs interleaved across the "
        f"targets. {machine_note(loads)} Absolute figures vary from run to run on a "
        "shared machine; the ratios compare targets measured in the same run and are "
        "what the targets are about.",
        "",
        "Servers: one gunicorn with `deploy/gunicorn.conf.py` defaults (workers = 2 × "
        "cores, 4 threads each, gthread) and production settings (`DJANGO_ENV=production`, "
        f"MariaDB, the Django cache in {CACHE_LABELS[args.cache]}, catalogue version "
        f"checked every {args.version_check:g} s); nginx from "
        "`deploy/nginx.conf` over TLS "
        f"(HTTP/1.1 keep-alive; micro-cache {lib.MICRO_CACHE_SECONDS} s) in front of it. "
        "The trivial view (`scripts/bench_urls.py`, bench only) returns the exact bytes of "
        "`GET /api/attractions?page=0` through the same settings and middleware; nginx "
        'serves the same bytes as a static file. "Signed-in header" targets send an '
        "`Authorization` header, which skips both caches: they measure the database path "
        "(the token lookup included).",
        "",
    ]
    for item in measured:
        lines += dataset_section(item, args)
    lines += ["<!-- bench:end -->", ""]
    return "\n".join(lines)


def dataset_section(item: dict, args) -> list[str]:
    """One dataset's table of targets, its measures against their goals, its search."""
    dataset, targets = item["dataset"], item["targets"]
    by_key = {target.key: target for target in targets}
    lines = [f"## {dataset.name}", "",
             f"Page 0 is {item['bytes']:,} bytes of JSON.", "",
             "| target | requests/s | p50 ms | p99 ms | non-2xx |",
             "| --- | ---: | ---: | ---: | ---: |"]  # fmt: skip
    for target in targets:
        bad = sum(result["non2xx"] for result in target.results)
        lines.append(
            f"| {target.label} | {target.median('rps'):,.0f} | "
            f"{target.median('p50'):.2f} | {target.median('p99'):.2f} | {bad} |"
        )
    lines += ["", "| measure | this run | target |", "| --- | ---: | --- |"]
    lines += ratio_lines(ratios(targets))
    lines += latency_lines(dataset, by_key, args)
    lines.append("")
    lines += search_lines(item["search"])
    return lines


def ratio_lines(found: dict) -> list[str]:
    lines = []
    if found["gunicorn_vs_trivial"] is not None:
        value = found["gunicorn_vs_trivial"]
        lines.append(f"| catalogue page 0 through gunicorn ÷ trivial view | "
                     f"{value:.0%} {mark(value >= 0.85)} | ≥ 85% |")  # fmt: skip
    if found["nginx_vs_static"] is not None:
        value = found["nginx_vs_static"]
        lines.append(f"| catalogue page 0 through nginx ÷ nginx static file | "
                     f"{value:.0%} {mark(value >= 0.5)} | ≥ 50% |")  # fmt: skip
    if found["every_vs_trivial"] is not None:
        value = found["every_vs_trivial"]
        lines.append(f"| for contrast, the same ratio with `CATALOGUE_VERSION_CHECK_SECONDS=0` "
                     f"(a Redis round trip per request; not the default) | "
                     f"{value:.0%} | |")  # fmt: skip
    if found["uvicorn_vs_gunicorn"] is not None:
        lines.append(f"| page 0: uvicorn ÷ gunicorn | "
                     f"{found['uvicorn_vs_gunicorn']:.0%} | the faster is the default |")  # fmt: skip
    return lines


def latency_lines(dataset: Dataset, by_key: dict, args) -> list[str]:
    lines = []
    for server in ("g", "n"):
        anonymous = [by_key[f"{server}:{name}"] for name in ANONYMOUS_API
                     if f"{server}:{name}" in by_key]  # fmt: skip
        if anonymous:
            worst = max(anonymous, key=lambda t: t.median("p99"))
            lines.append(f"| worst p99 of the anonymous catalogue API, {worst.label} | "
                         f"{worst.median('p99'):.1f} ms {mark(worst.median('p99') < 50)}"
                         " | < 50 ms |")  # fmt: skip
    floor = [by_key[key] for key in ("g:trivial", "n:static") if key in by_key]
    if floor:
        lines.append("| for scale, p99 of the constant answers in the same run: "
                     + ", ".join(f"{t.label} {t.median('p99'):.0f} ms" for t in floor)
                     + " | | |")  # fmt: skip
    if dataset.synthetic and not args.targets:
        single, loaded = by_key["g:keyword-db-c1"], by_key["g:keyword-db"]
        lines.append(f"| keyword search p50, no cache, 100k attractions, one client | "
                     f"{single.median('p50'):.1f} ms {mark(single.median('p50') < 50)} "
                     "| < 50 ms |")  # fmt: skip
        lines.append(f"| the same with {CONNECTIONS} connections (queueing included) | "
                     f"{loaded.median('p50'):.1f} ms | |")  # fmt: skip
    return lines


def search_lines(search: dict | None) -> list[str]:
    lines = []
    if search:
        lines += ["In-process search time on this catalogue (median of 9; `scripts/"
                  "search_timing.py`): the whole `search_attractions` page (ids through "
                  "the gram index, rows, images) against only the id query of a plain "
                  "`LIKE '%kw%'` scan:", "",
                  "| keyword | matches | indexed page ms | LIKE ids ms |",
                  "| --- | ---: | ---: | ---: |"]  # fmt: skip
        for keyword, row in search.items():
            lines.append(f"| `{keyword}` | {row['matches']:,} | {row['index_ms']:.2f} | "
                         f"{row['like_ms']:.2f} |")  # fmt: skip
        lines.append("")
    return lines


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
    measured = [measure(d, args, cert, key, media_root) for d in chosen]
    loads.append(" ".join(f"{x:.1f}" for x in os.getloadavg()))
    text = report(measured, args, started, loads)
    raw = [{"dataset": m["dataset"].name, "bytes": m["bytes"], "search": m["search"],
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
    ):
        write_doc(text)
        print(f"Wrote {DOC.relative_to(lib.PROJECT)}")
    return 0


if __name__ == "__main__":
    started_at = time.monotonic()
    code = main()
    print(f"bench: {time.monotonic() - started_at:.0f}s")
    sys.exit(code)
