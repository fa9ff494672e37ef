"""gunicorn settings for Taipei Day Trip: `gunicorn -c deploy/gunicorn.conf.py`.

Every value can be overridden from the environment (GUNICORN_*). The defaults suit a
2-core machine behind nginx; docs/deployment.md explains the choices and
docs/benchmarks.md has the measurements behind them.

Signals (see docs/deployment.md): HUP re-reads this file and replaces the workers
gracefully; with `preload_app` the application code is loaded once in the master, so a
*code* deploy uses USR2 (start a new master beside the old one) then QUIT on the old
master, or a plain restart behind the load balancer.
"""

import gc
import multiprocessing
import os


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    return default if not value else value in {"1", "true", "yes", "on"}


CORES = multiprocessing.cpu_count()

wsgi_app = "taipei_trip.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")

# Two processes per core keep both cores busy while one worker waits on MariaDB; threads
# let a worker go on serving while one of its requests waits on TapPay (up to 30 s), so a
# slow gateway cannot take every worker. gthread needs threads > 1.
workers = env_int("GUNICORN_WORKERS", 2 * CORES)
threads = env_int("GUNICORN_THREADS", 4)
worker_class = "gthread" if threads > 1 else "sync"
# Bounds the connections a gthread worker keeps open (idle keep-alive ones included).
worker_connections = env_int("GUNICORN_WORKER_CONNECTIONS", 100)

# A request may wait on TapPay for TAPPAY_TIMEOUT (30 s) and then write the result: the
# worker timeout must be longer, or gunicorn kills a worker in the middle of a payment.
timeout = env_int("GUNICORN_TIMEOUT", 60)
graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", 35)
# nginx keeps upstream connections open (keepalive in deploy/nginx.conf).
keepalive = env_int("GUNICORN_KEEPALIVE", 15)

# Recycle workers now and then so a slow leak cannot grow forever; jitter keeps them
# from all restarting at once. Not often: the requests in flight around a restart wait up
# to a few hundred ms, which with 5,000 was above the p99 of the bench (docs/benchmarks.md).
max_requests = env_int("GUNICORN_MAX_REQUESTS", 50_000)
max_requests_jitter = env_int("GUNICORN_MAX_REQUESTS_JITTER", 5_000)

# Load Django once in the master: workers fork with it ready (less memory, faster
# restarts) and a broken settings module stops the master instead of looping workers.
preload_app = env_bool("GUNICORN_PRELOAD", True)

# Only the local nginx may say the request came over HTTPS.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proxy_allow_ips = forwarded_allow_ips

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Client address as nginx saw it, request, status, bytes, duration in ms, referer, agent.
access_log_format = (
    '%({x-forwarded-for}i)s "%(r)s" %(s)s %(B)s %(M)sms "%(f)s" "%(a)s" pid=%(p)s'
)
proc_name = os.environ.get("GUNICORN_PROC_NAME", "taipei_trip")


def pre_fork(server, worker):
    """Move everything the master loaded (Django, the app) out of the collector's sight.

    The workers' garbage collections then never walk those objects: they run shorter and
    touch fewer shared pages, so forked memory stays shared (gc.freeze's documented use).
    Together with rarer recycling it took the bench's p99 from 60-290 ms to under 40 ms.
    """
    gc.freeze()


def post_fork(server, worker):
    """A worker must not share a database socket opened in the master before the fork."""
    from django.db import connections

    connections.close_all()


# gunicorn 27's control socket defaults to one path per user (~/.gunicorn/gunicorn.ctl):
# several servers on one host (two app servers, a blue/green pair) would take it from
# each other. Off unless a path is given for this instance.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket
