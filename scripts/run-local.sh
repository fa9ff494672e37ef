#!/usr/bin/env bash
# `make run`: the site on SQLite with everything it needs beside it, stopped together.
#   - the local fake TapPay, unless TAPPAY_PARTNER_KEY is set;
#   - a private Redis on REDIS_PORT (data in var/redis), unless CELERY_BROKER_URL is set;
#   - one Celery worker with the beat scheduler embedded (mails print here);
#   - Django's runserver on PORT.
set -euo pipefail
PY=${PY:-.venv/bin/python}
PORT=${PORT:-8000}
FAKE_TAPPAY_PORT=${FAKE_TAPPAY_PORT:-8001}
REDIS_PORT=${REDIS_PORT:-8002}
FAKE_TAPPAY_KEY=partner_local_fake_tappay_key

pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

busy() { (: </dev/tcp/127.0.0.1/"$1") 2>/dev/null; }
wait_port() {  # port pid
    for _ in $(seq 100); do
        busy "$1" && return 0
        kill -0 "$2" 2>/dev/null || { echo "process for port $1 exited"; exit 1; }
        sleep 0.1
    done
    echo "nothing listens on port $1"; exit 1
}

if busy "$PORT"; then echo "port $PORT is busy: set PORT"; exit 1; fi

if [ -z "${TAPPAY_PARTNER_KEY:-}" ]; then
    if busy "$FAKE_TAPPAY_PORT"; then echo "port $FAKE_TAPPAY_PORT is busy: set FAKE_TAPPAY_PORT"; exit 1; fi
    "$PY" manage.py run_fake_tappay --port "$FAKE_TAPPAY_PORT" \
        --partner-key "$FAKE_TAPPAY_KEY" --merchant-id local_fake_merchant &
    pids+=($!)
    wait_port "$FAKE_TAPPAY_PORT" "$!"
    export TAPPAY_BASE_URL=http://127.0.0.1:$FAKE_TAPPAY_PORT TAPPAY_PARTNER_KEY=$FAKE_TAPPAY_KEY \
        TAPPAY_MERCHANT_ID=local_fake_merchant TAPPAY_APP_ID=11327 TAPPAY_APP_KEY=app_local_fake \
        TAPPAY_SDK_URL=/static/js/tappay-fake-sdk.js
fi

if [ -z "${CELERY_BROKER_URL:-}" ]; then
    if busy "$REDIS_PORT"; then echo "port $REDIS_PORT is busy: set REDIS_PORT"; exit 1; fi
    mkdir -p var/redis
    # Append-only file: queued tasks survive a restart of `make run`.
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir var/redis \
        --appendonly yes --save "" --loglevel warning &
    pids+=($!)
    wait_port "$REDIS_PORT" "$!"
    export CELERY_BROKER_URL=redis://127.0.0.1:$REDIS_PORT/0
fi

export DJANGO_DEBUG=true DJANGO_SITE_URL=${DJANGO_SITE_URL:-http://127.0.0.1:$PORT}
mkdir -p var
"$PY" -m celery -A taipei_trip worker --beat --schedule var/celerybeat-schedule \
    --concurrency 1 --loglevel INFO &
pids+=($!)
"$PY" manage.py runserver 127.0.0.1:"$PORT" &
pids+=($!)
wait -n
