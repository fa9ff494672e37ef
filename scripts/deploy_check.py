"""`make deploy-check`: the production stack on loopback, checked through TLS.

Generates a local CA and a leaf certificate (var/deploy-check/tls, git-ignored), prepares
the MariaDB database taipei_trip_production with the real open data, starts two gunicorn
app servers and a private nginx from deploy/nginx.conf, then checks headers, the HTTP to
HTTPS redirect, gzip, static caching, the micro-cache, that signed-in requests are never
cached, that both app servers serve the same members, the upload size limit, and runs
sslyze against Mozilla's "intermediate" configuration. Stops everything it started and
exits non-zero when any check fails.

    .venv/bin/python scripts/deploy_check.py [--keep-running]
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import re
import ssl
import subprocess  # noqa: S404
import sys
import time
import uuid
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
import launcher as lib  # noqa: E402

RUN_DIR = lib.VAR / "deploy-check"
DB_NAME = "taipei_trip_production"
SSLYZE_VENV = lib.PROJECT / ".venv-sslyze"
SSLYZE_VERSION = "6.3.1"


class Checks:
    def __init__(self):
        self.results: list[tuple[str, bool, str]] = []

    def record(self, name: str, passed: bool, detail: str = "") -> bool:
        self.results.append((name, passed, detail))
        mark = "PASS" if passed else "FAIL"
        print(f"  {mark}  {name}" + (f"  ({detail})" if detail else ""), flush=True)
        return passed

    def skip(self, name: str, reason: str) -> None:
        self.results.append((name, True, f"skipped: {reason}"))
        print(f"  SKIP  {name}  ({reason})", flush=True)

    def run(self, name: str, check) -> None:
        try:
            outcome = check()
        except Exception as exc:  # a check that crashes is a failed check, not a crash
            self.record(name, False, f"{type(exc).__name__}: {exc}")
            return
        passed, detail = outcome if isinstance(outcome, tuple) else (outcome, "")
        self.record(name, bool(passed), detail)

    @property
    def failed(self) -> list[str]:
        return [name for name, passed, _ in self.results if not passed]


class Site:
    """HTTP helpers bound to the running stack."""

    def __init__(self, https_port, http_port, upstreams, ca, media_root):
        self.base = f"https://localhost:{https_port}"
        self.https_port, self.http_port = https_port, http_port
        self.upstreams, self.ca, self.media_root = upstreams, ca, media_root
        self.session = requests.Session()
        # The environment's REQUESTS_CA_BUNDLE and proxies must not replace the local CA.
        self.session.trust_env = False
        self.session.verify = str(ca)
        self.plain = requests.Session()
        self.plain.trust_env = False

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.session.get(self.base + path, timeout=15, **kwargs)

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        return self.session.request(method, self.base + path, timeout=15, **kwargs)

    def direct(self, port: int, method: str, path: str, **kwargs) -> requests.Response:
        """Straight to one app server, as nginx would send it (HTTPS seen by nginx)."""
        headers = {"X-Forwarded-Proto": "https", "Host": "localhost"}
        headers.update(kwargs.pop("headers", {}))
        return self.plain.request(
            method,
            f"http://127.0.0.1:{port}{path}",
            headers=headers,
            timeout=15,
            **kwargs,
        )


# --- the checks ---------------------------------------------------------------------


def check_tls_versions(site: Site):
    seen = {}
    for label, version in (
        ("1.2", ssl.TLSVersion.TLSv1_2),
        ("1.3", ssl.TLSVersion.TLSv1_3),
    ):
        context = ssl.create_default_context(cafile=str(site.ca))
        context.minimum_version = context.maximum_version = version
        with context.wrap_socket(
            __import__("socket").create_connection(("127.0.0.1", site.https_port)),
            server_hostname="localhost",
        ) as sock:
            seen[label] = sock.version()
    return seen == {"1.2": "TLSv1.2", "1.3": "TLSv1.3"}, str(seen)


def check_certificate_for_ip(site: Site):
    context = ssl.create_default_context(cafile=str(site.ca))
    connection = http.client.HTTPSConnection(
        "127.0.0.1", site.https_port, context=context
    )
    connection.request("GET", "/api/mrts")
    status = connection.getresponse().status
    connection.close()
    return status == 200, "verified for IP 127.0.0.1 against the local CA"


def check_redirect(site: Site):
    connection = http.client.HTTPConnection("127.0.0.1", site.http_port, timeout=10)
    connection.request("GET", "/attraction/1?from=http", headers={"Host": "localhost"})
    response = connection.getresponse()
    location = response.getheader("Location")
    connection.close()
    expected = f"https://localhost:{site.https_port}/attraction/1?from=http"
    return (
        response.status == 301 and location == expected,
        f"{response.status} {location}",
    )


def check_security_headers(site: Site, path: str):
    response = site.get(path)
    headers = response.headers
    problems = []
    hsts = headers.get("Strict-Transport-Security", "")
    match = re.search(r"max-age=(\d+)", hsts)
    if not match or int(match.group(1)) < 31536000:
        problems.append(f"HSTS {hsts!r}")
    expected = {
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
    }
    for name, value in expected.items():
        if headers.get(name, "").lower() != value.lower():
            problems.append(f"{name}={headers.get(name)!r}")
    csp = headers.get("Content-Security-Policy", "")
    if "default-src" not in csp or "frame-ancestors 'none'" not in csp:
        problems.append(f"CSP {csp!r}")
    raw = response.raw.headers
    for name in (
        "Strict-Transport-Security",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Cross-Origin-Opener-Policy",
    ):
        if len(raw.getlist(name)) != 1:
            problems.append(f"{name} sent {len(raw.getlist(name))} times")
    if re.search(r"\d", headers.get("Server", "")):
        problems.append(f"Server reveals a version: {headers['Server']}")
    return response.status_code == 200 and not problems, "; ".join(problems) or path


def check_gzip(site: Site, path: str):
    response = site.get(path, headers={"Accept-Encoding": "gzip"}, stream=True)
    raw = response.raw.read(decode_content=False)
    encoding = response.headers.get("Content-Encoding")
    body = gzip.decompress(raw) if encoding == "gzip" else raw
    ratio = len(raw) / max(len(body), 1)
    return encoding == "gzip" and "Accept-Encoding" in response.headers.get(
        "Vary", ""
    ), f"{encoding}, {len(body)} → {len(raw)} bytes ({ratio:.0%})"


def static_files() -> tuple[str, str]:
    """A hashed (manifest) name and its plain twin for the site's stylesheet."""
    manifest = json.loads(
        (lib.PROJECT / "staticfiles" / "staticfiles.json").read_text()
    )
    styles = sorted(name for name in manifest["paths"] if name.endswith(".css"))
    plain = "css/site.css" if "css/site.css" in styles else styles[0]
    return manifest["paths"][plain], plain


def largest_stylesheet() -> str:
    """Tiny files are not worth compressing; the largest stylesheet always is."""
    root = lib.PROJECT / "staticfiles"
    manifest = json.loads((root / "staticfiles.json").read_text())
    hashed = [name for name in manifest["paths"].values() if name.endswith(".css")]
    return max(hashed, key=lambda name: (root / name).stat().st_size)


def check_static_caching(site: Site):
    hashed, plain = static_files()
    long_lived = site.get(f"/static/{hashed}")
    short = site.get(f"/static/{plain}")
    problems = []
    if long_lived.status_code != 200 or "immutable" not in long_lived.headers.get(
        "Cache-Control", ""
    ):
        problems.append(
            f"hashed: {long_lived.status_code} {long_lived.headers.get('Cache-Control')}"
        )
    if "max-age=31536000" not in long_lived.headers.get("Cache-Control", ""):
        problems.append("hashed file is not cached for a year")
    if short.status_code != 200 or "immutable" in short.headers.get(
        "Cache-Control", ""
    ):
        problems.append(
            f"plain: {short.status_code} {short.headers.get('Cache-Control')}"
        )
    if long_lived.headers.get("Strict-Transport-Security") is None:
        problems.append("static answers lack HSTS")
    detail = f"/static/{hashed}: {long_lived.headers.get('Cache-Control')}"
    return not problems, "; ".join(problems) or detail


def check_media(site: Site):
    target = site.media_root / "deploy-check" / "hello.txt"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("media from storage")
    target.parent.chmod(0o755)
    target.chmod(0o644)
    response = site.get("/media/deploy-check/hello.txt")
    csp = response.headers.get("Content-Security-Policy", "")
    passed = (
        response.status_code == 200
        and response.text == "media from storage"
        and "sandbox" in csp
        and response.headers.get("X-Content-Type-Options") == "nosniff"
    )
    return passed, f"{response.status_code}, CSP {csp!r}"


def is_error_body(response: requests.Response) -> bool:
    """The contract's JSON error body, not an HTML error page."""
    if not response.headers.get("Content-Type", "").startswith("application/json"):
        return False
    body = response.json()
    return body.get("error") is True and bool(body.get("message"))


def check_upload_limit(site: Site):
    too_big = site.request(
        "POST", "/api/user/avatar", files={"avatar": ("a.jpg", b"\0" * (7 * 2**20))}
    )
    fits = site.request(
        "POST", "/api/user/avatar", files={"avatar": ("a.jpg", b"\0" * (5 * 2**20))}
    )
    return (
        too_big.status_code == 413
        and is_error_body(too_big)
        and fits.status_code != 413,
        f"7 MB → {too_big.status_code} {too_big.text[:60]!r}, "
        f"5 MB → {fits.status_code} (from the app)",
    )


def cache_status(response: requests.Response) -> str:
    return response.headers.get("X-Cache-Status", "-")


def check_micro_cache(site: Site):
    path = f"/api/attractions?page=0&keyword=北投&probe={uuid.uuid4().hex}"
    statuses = [cache_status(site.get(path)) for _ in range(2)]
    # Catalogue answers are the same for everyone: a member's header reads them too.
    shared = cache_status(site.get(path, headers={"Authorization": "Bearer x"}))
    time.sleep(lib.MICRO_CACHE_SECONDS + 1)
    # The first request after expiry fetches a fresh answer itself (EXPIRED, never an old
    # STALE one: no background update); the refreshed copy is a HIT again.
    expired = cache_status(site.get(path))
    time.sleep(0.5)
    refreshed = cache_status(site.get(path))
    post = site.request("POST", "/api/mrts")
    seen = [*statuses, shared, expired, refreshed, f"POST:{cache_status(post)}"]
    passed = (
        statuses == ["MISS", "HIT"]
        and shared == "HIT"
        and expired == "EXPIRED"
        and refreshed == "HIT"
        and post.status_code == 405
        and cache_status(post) not in {"HIT", "MISS"}
    )
    return passed, " ".join(seen)


def check_page_not_cached(site: Site):
    first, second = site.get("/"), site.get("/")
    return (
        first.status_code == second.status_code == 200
        and "X-Cache-Status" not in second.headers
    ), "pages always go to the app"


def html_lang(response: requests.Response) -> str:
    match = re.search(r'<html lang="([^"]+)"', response.text)
    return match.group(1) if match else "-"


def check_languages(site: Site):
    """No cache in front of the app hands one language's answer to another: pages by
    their prefix, catalogue answers by `lang`, and an unprefixed page redirects a
    remembered English or Japanese choice (the language cookie) to its own."""
    pages = [html_lang(site.get(path)) for path in ("/", "/en/", "/ja/", "/", "/en/")]
    probe = f"probe={uuid.uuid4().hex}"
    answers = {}
    for lang in ("en", "", "en", ""):
        response = site.get(f"/api/mrts?{probe}" + (f"&lang={lang}" if lang else ""))
        answers.setdefault(lang, []).append((response.content, cache_status(response)))
    remembered = site.get(
        "/", headers={"Cookie": "django_language=ja"}, allow_redirects=False
    )
    plain = site.get("/", allow_redirects=False)
    passed = (
        pages == ["zh-Hant", "en", "ja", "zh-Hant", "en"]
        and answers["en"][0][0] == answers["en"][1][0] != answers[""][0][0]
        and answers[""][0][0] == answers[""][1][0]
        and [status for _, status in answers["en"]] == ["MISS", "HIT"]
        and [status for _, status in answers[""]] == ["MISS", "HIT"]
        and remembered.status_code == 302
        and remembered.headers.get("Location") == "/ja/"
        and "Cookie" in remembered.headers.get("Vary", "")
        and plain.status_code == 200
    )
    statuses = [status for lang in ("en", "") for _, status in answers[lang]]
    return passed, (
        f"pages {pages}; /api/mrts en, zh-Hant {statuses}; cookie ja on /: "
        f"{remembered.status_code} {remembered.headers.get('Location')}"
    )


def admin_rename(env: dict, name: str) -> None:
    """A staff edit through the service the admin calls."""
    code = (
        "from attractions.models import Attraction; "
        "from attractions.services import save_attraction_edit; "
        f"a = Attraction.objects.get(pk=1); a.name = {name!r}; "
        "save_attraction_edit(attraction=a)"
    )
    lib.manage(env, "shell", "-c", code)


def check_edit_visibility(site: Site, env: dict):
    """An edit reaches everyone, signed in or not, within the documented bound."""
    path = "/api/attraction/1"
    original = site.get(path).json()["data"]["name"]
    site.get(path)  # now in the micro-cache
    renamed = f"{original}（deploy-check）"
    admin_rename(env, renamed)
    member = {"Authorization": "Bearer anything"}
    try:
        # nginx counts cache lifetimes in whole seconds (an entry lives up to one more),
        # and the app servers see the new catalogue version within their check interval.
        version_check = float(lib.setting("CATALOGUE_VERSION_CHECK_SECONDS", env))
        bound = lib.MICRO_CACHE_SECONDS + 1 + version_check
        started = time.monotonic()
        waited = {}
        while len(waited) < 2 and time.monotonic() - started <= bound + 1:
            for who, headers in (("anonymous", {}), ("signed in", member)):
                if who not in waited and (
                    site.get(path, headers=headers).json()["data"]["name"] == renamed
                ):
                    waited[who] = time.monotonic() - started
            time.sleep(0.1)
    finally:
        admin_rename(env, original)
    return (
        len(waited) == 2 and max(waited.values()) <= bound,
        ", ".join(f"{who} after {seconds:.1f}s" for who, seconds in waited.items())
        + f" (bound {bound}s: {lib.MICRO_CACHE_SECONDS}s micro-cache + 1s "
        f"+ {version_check}s version check)",
    )


def member_token(site: Site, env: dict) -> tuple[str, str]:
    """Sign up and sign in through the API when the accounts API exists."""
    email = f"deploy-check-{uuid.uuid4().hex[:8]}@example.com"
    password = "Tp!" + uuid.uuid4().hex  # unlike the e-mail (similarity check)
    signup = site.request(
        "POST",
        "/api/user",
        json={"name": "部署檢查", "email": email, "password": password},
    )
    if signup.status_code == 404:
        return "", "the accounts API is not on this branch"
    signin = site.request(
        "PUT", "/api/user/auth", json={"email": email, "password": password}
    )
    if signup.status_code != 200 or signin.status_code != 200:
        raise RuntimeError(
            f"sign-up {signup.status_code}, sign-in {signin.status_code}"
        )
    return signin.json()["token"], email


def check_member_never_cached(site: Site, token: str):
    """Member endpoints never come from the micro-cache; catalogue answers may."""
    headers = {"Authorization": f"Bearer {token}"}
    member_paths = ["/api/user/auth", "/api/booking", "/api/orders"]
    mine = [site.get(path, headers=headers) for path in member_paths for _ in range(2)]
    catalogue = [site.get("/api/mrts", headers=headers) for _ in range(2)]
    anonymous = site.get("/api/user/auth")
    statuses = [cache_status(r) for r in mine + catalogue]
    passed = (
        all(r.status_code == 200 for r in mine + catalogue)
        and mine[1].json()["data"] is not None
        and anonymous.json().get("data") is None
        and statuses[: len(mine)] == ["-"] * len(mine)
        and statuses[-1] == "HIT"
    )
    return (
        passed,
        f"member endpoints {' '.join(statuses[: len(mine)])}; catalogue with the token "
        f"{' '.join(statuses[len(mine) :])}; anonymous /api/user/auth → data null",
    )


def check_member_upload_limit(site: Site, token: str):
    """A signed-in 5 MB upload passes nginx and gets the app's own answer (not an image)."""
    answer = site.request(
        "POST",
        "/api/user/avatar",
        files={"avatar": ("big.jpg", b"\xff\xd8" + b"\0" * (5 * 2**20 - 2))},
        headers={"Authorization": f"Bearer {token}"},
    )
    is_json = answer.headers.get("Content-Type", "").startswith("application/json")
    return (
        is_json and answer.status_code == 400,
        f"{answer.status_code} {answer.text[:80]}",
    )


def check_scale_out(site: Site, token: str, email: str):
    """The same token is good on both app servers: tokens live in the shared database."""
    answers = [
        site.direct(
            port, "GET", "/api/user/auth", headers={"Authorization": f"Bearer {token}"}
        )
        for port in site.upstreams
    ]
    emails = [(r.json().get("data") or {}).get("email") for r in answers]
    return emails == [email] * len(site.upstreams), f"ports {site.upstreams}: {emails}"


def check_both_upstreams(site: Site):
    for _ in range(20):
        site.get("/")
    log = (RUN_DIR / "access.log").read_text().splitlines()
    used = {
        match.group(1)
        for line in log[-20:]
        if (match := re.search(r"upstream=127\.0\.0\.1:(\d+)", line))
    }
    expected = {str(port) for port in site.upstreams}
    return used == expected, f"nginx sent the last 20 pages to ports {sorted(used)}"


def check_forged_client_address(site: Site):
    """Behind nginx (DJANGO_TRUSTED_PROXY_COUNT=1) the client is the address nginx saw:
    wrong sign-ins with a new forged X-Forwarded-For each are still one client's."""
    limit = int(lib.setting("SIGN_IN_FAILURES_PER_ADDRESS"))
    statuses = []
    for number in range(limit + 1):
        answer = site.request(
            "PUT",
            "/api/user/auth",
            json={"email": f"nobody{number}@example.com", "password": "wrong pass 1"},
            headers={"X-Forwarded-For": f"203.0.113.{number}"},
        )
        statuses.append(answer.status_code)
    return (
        statuses == [400] * limit + [429],
        f"{limit} × {sorted(set(statuses[:limit]))}, then {statuses[-1]}",
    )


def check_no_app_server(site: Site, stack: lib.Stack):
    """With every app server stopped, the API's 502 is the JSON error body."""
    for name in [name for name, _ in stack.processes if name.startswith("app")]:
        stack.stop_process(name)
    api = site.get("/api/mrts")
    page = site.get("/")
    return (
        api.status_code == 502 and is_error_body(api) and "Retry-After" in api.headers,
        f"/api/mrts → {api.status_code} {api.text[:60]!r}; / → {page.status_code}",
    )


def check_one_app_down(site: Site, stack: lib.Stack):
    """With one app server stopped, nginx keeps serving from the other."""
    name, process = stack.processes[1]
    process.terminate()
    process.wait(timeout=40)
    codes = [site.get("/").status_code for _ in range(10)]
    return codes == [200] * 10, f"{name} stopped; 10 pages: {sorted(set(codes))}"


def ensure_sslyze() -> Path:
    python = SSLYZE_VENV / "bin" / "python"
    if not python.exists():
        lib.run([sys.executable, "-m", "venv", str(SSLYZE_VENV)])
    probe = subprocess.run(  # noqa: S603
        [str(python), "-c", "import sslyze"], capture_output=True, check=False
    )
    if probe.returncode != 0:
        print("  installing sslyze into .venv-sslyze (pins its own cryptography)…")
        lib.run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "--quiet",
                f"sslyze=={SSLYZE_VERSION}",
            ]
        )
    return python


def check_sslyze(site: Site):
    python = ensure_sslyze()
    result = subprocess.run(  # noqa: S603
        [str(python), "-m", "sslyze", f"localhost:{site.https_port}{{127.0.0.1}}",
         "--mozilla_config=intermediate", f"--certinfo_ca_file={site.ca}"],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    (RUN_DIR / "sslyze.txt").write_text(result.stdout + result.stderr)
    compliant = f"localhost:{site.https_port}: OK - Compliant." in result.stdout
    summary = next(
        (line.strip() for line in result.stdout.splitlines() if "ompliant" in line),
        result.stdout.strip().splitlines()[-1]
        if result.stdout.strip()
        else "no output",
    )
    return result.returncode == 0 and compliant, summary


# --- main ---------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep-running", action="store_true", help="wait for Ctrl-C")
    parser.add_argument("--db", default=DB_NAME, help=f"MariaDB database ({DB_NAME})")
    parser.add_argument(
        "--port-base", type=int, default=0, help="ports from here (default: any free)"
    )
    args = parser.parse_args()
    checks = Checks()
    print("deploy-check: preparing MariaDB, certificates and static files…", flush=True)
    lib.ensure_mariadb()
    ca, cert, key = lib.make_certificates(RUN_DIR / "tls")
    media_root = RUN_DIR / "media"
    media_root.mkdir(parents=True, exist_ok=True)
    media_root.chmod(0o755)
    env = lib.app_env(args.db, media_root)
    lib.prepare_site(env)

    ports = [
        args.port_base + n if args.port_base else lib.free_port() for n in range(4)
    ]
    upstreams, (http_port, https_port) = ports[:2], ports[2:]
    with lib.stack(RUN_DIR) as stack:
        for number, port in enumerate(upstreams, start=1):
            stack.start_gunicorn(
                env,
                port,
                name=f"app{number}",
                GUNICORN_WORKERS="2",
                GUNICORN_THREADS="2",
            )
        stack.start_nginx(
            lib.nginx_values(
                http_port=http_port, https_port=https_port, upstreams=upstreams,
                cert=cert, key=key, media_root=media_root,
            ),
            https_port,
        )  # fmt: skip
        print(
            f"deploy-check: nginx https://localhost:{https_port} (http {http_port}) → "
            f"gunicorn {upstreams}, database {args.db}",
            flush=True,
        )
        site = Site(https_port, http_port, upstreams, ca, media_root)
        run_checks(checks, site, stack, env)
        if args.keep_running:
            print("Running; Ctrl-C stops everything.")
            try:
                while True:
                    time.sleep(1)
            except KeyboardInterrupt:
                pass
    print()
    if checks.failed:
        print(f"deploy-check: FAIL ({len(checks.failed)} of {len(checks.results)}): "
              + ", ".join(checks.failed))  # fmt: skip
        return 1
    print(f"deploy-check: PASS ({len(checks.results)} checks)")
    return 0


def run_checks(checks: Checks, site: Site, stack: lib.Stack, env: dict) -> None:
    checks.run(
        "TLS 1.2 and 1.3 handshakes verify against the local CA",
        lambda: check_tls_versions(site),
    )
    checks.run(
        "certificate is valid for 127.0.0.1 too", lambda: check_certificate_for_ip(site)
    )
    checks.run(
        "HTTP redirects to HTTPS with path and query", lambda: check_redirect(site)
    )
    for path in ("/", "/api/attractions?page=0", "/admin/login/"):
        checks.run(
            f"security headers once each on {path}",
            lambda p=path: check_security_headers(site, p),
        )
    checks.run(
        "gzip on the JSON API", lambda: check_gzip(site, "/api/attractions?page=0")
    )
    checks.run(
        "gzip on static CSS (precompressed)",
        lambda: check_gzip(site, f"/static/{largest_stylesheet()}"),
    )
    checks.run(
        "static: hashed names immutable for a year, plain names revalidate",
        lambda: check_static_caching(site),
    )
    checks.run("media served from storage, sandboxed", lambda: check_media(site))
    checks.run(
        "uploads over 6 MB refused by nginx (avatar limit 5 MB)",
        lambda: check_upload_limit(site),
    )
    checks.run(
        "micro-cache: MISS, HIT, HIT with Authorization, expires and refreshes, never POST",
        lambda: check_micro_cache(site),
    )
    checks.run("HTML pages are not micro-cached", lambda: check_page_not_cached(site))
    checks.run(
        "languages: pages by prefix, API answers by lang, a remembered choice redirects",
        lambda: check_languages(site),
    )
    checks.run(
        "staff edit: within the documented bound, signed in or not",
        lambda: check_edit_visibility(site, env),
    )
    run_member_checks(checks, site, env)
    checks.run(
        "nginx balances pages over both app servers", lambda: check_both_upstreams(site)
    )
    checks.run(
        "sslyze: compliant with Mozilla intermediate", lambda: check_sslyze(site)
    )
    checks.run(
        "a forged X-Forwarded-For does not escape the sign-in limit",
        lambda: check_forged_client_address(site),
    )
    checks.run(
        "one app server down: the other keeps serving",
        lambda: check_one_app_down(site, stack),
    )
    checks.run(
        "no app server: the API answers 502 with the JSON error body",
        lambda: check_no_app_server(site, stack),
    )


def run_member_checks(checks: Checks, site: Site, env: dict) -> None:
    """Signed-in requests, uploads and scale-out, with a member made through the API."""
    try:
        token, email = member_token(site, env)
    except Exception as exc:
        checks.record("sign-up and sign-in through the API", False, str(exc))
        token, email = "", ""
    if token:
        checks.record("sign-up and sign-in through the API", True, email)
        checks.run(
            "member endpoints are never served from the micro-cache",
            lambda: check_member_never_cached(site, token),
        )
        checks.run(
            "a member's 5 MB upload reaches the app (400: not an image)",
            lambda: check_member_upload_limit(site, token),
        )
        checks.run(
            "scale-out: one token works on both app servers",
            lambda: check_scale_out(site, token, email),
        )
    else:
        checks.skip(
            "signed-in member requests and scale-out with a token",
            email or "no accounts API",
        )


if __name__ == "__main__":
    sys.exit(main())
