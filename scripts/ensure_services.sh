#!/usr/bin/env bash
# Makes sure the local PostgreSQL and Redis answer, starting them when installed but stopped.
set -euo pipefail

postgres_up() { .venv/bin/python -c 'import psycopg; psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres", connect_timeout=2).close()' 2>/dev/null; }
redis_up() { .venv/bin/python -c 'import redis; redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=2).ping()' 2>/dev/null; }

wait_until() {
    local check=$1 name=$2
    for _ in $(seq 1 60); do
        if $check; then return 0; fi
        sleep 0.5
    done
    echo "$name did not come up on 127.0.0.1 within 30 s" >&2
    return 1
}

if ! postgres_up; then
    if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
        echo "Starting PostgreSQL"
        pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
        wait_until postgres_up PostgreSQL
    else
        echo "PostgreSQL is not answering on 127.0.0.1:5432 and is not installed here." >&2
        echo "Install it (apt-get install postgresql) or point DATABASE_URL at a server." >&2
        exit 1
    fi
fi

if ! redis_up; then
    if command -v redis-server >/dev/null; then
        echo "Starting Redis"
        redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
        wait_until redis_up Redis
    else
        echo "Redis is not answering on 127.0.0.1:6379 and is not installed here." >&2
        echo "Install it (apt-get install redis-server) or point REDIS_URL at a server." >&2
        exit 1
    fi
fi
