#!/usr/bin/env bash
# Installs PostgreSQL 15 from Debian when missing, starts it on loopback only and creates the
# `ballast` role and database the warehouse tests connect to
# (postgres://ballast:ballast@127.0.0.1:5432/ballast, or $BALLAST_POSTGRES_URL).
# Idempotent: safe to run when the server is already up.
set -euo pipefail

if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ ! -d /usr/lib/postgresql/15 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null
fi

if ! pg_lsclusters -h | awk '$1 == "15" && $2 == "main"' | grep -q .; then
  pg_createcluster 15 main >/dev/null
fi
conf=/etc/postgresql/15/main/postgresql.conf
# Loopback only, whatever the packaged default says.
if ! grep -q "^listen_addresses = '127.0.0.1'" "$conf"; then
  echo "listen_addresses = '127.0.0.1'" >>"$conf"
fi
if ! pg_lsclusters -h | awk '$1 == "15" && $2 == "main" && $4 == "online"' | grep -q .; then
  pg_ctlcluster 15 main start
fi

for _ in $(seq 1 50); do
  if runuser -u postgres -- pg_isready -q -h 127.0.0.1 -p 5432; then break; fi
  sleep 0.2
done

runuser -u postgres -- psql -q -h /var/run/postgresql -v ON_ERROR_STOP=1 <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ballast') THEN
    CREATE ROLE ballast LOGIN PASSWORD 'ballast';
  END IF;
END
$$;
SELECT 'CREATE DATABASE ballast OWNER ballast'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'ballast')\gexec
SQL
echo "postgresql 15 on 127.0.0.1:5432 (database ballast)"
