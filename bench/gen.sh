#!/bin/sh
# bench/gen.sh DB [SKA]: a large organisation for `make bench`.
# Starts from `ska init` + `ska demo` (about 20 units, 38 users) and adds
# units under the existing departments up to 300 units in all, and 20,000
# users "bench.00001".."bench.20000", each with one role at one unit. Bench
# rows get no audit entries (the chain covers only the entries that exist, so
# `ska check` still passes). All users share the demo password.
set -eu
DB=$1
SKA=${2:-build/ska}
UNITS=${BENCH_UNITS:-300}
USERS=${BENCH_USERS:-20000}

rm -f "$DB" "$DB-wal" "$DB-shm"
"$SKA" init --db "$DB" >/dev/null
"$SKA" demo --db "$DB" >/dev/null

sqlite3 "$DB" <<SQL
PRAGMA foreign_keys = ON;
BEGIN;
-- new units, round-robin under the demo's departments; ids follow max(id)
CREATE TEMP TABLE dept AS
  SELECT row_number() OVER (ORDER BY id) - 1 AS k, id, provider_id, code, path
  FROM org_unit WHERE kind = 'department';
CREATE TEMP TABLE base AS
  SELECT (SELECT max(id) FROM org_unit) AS max_id,
         (SELECT count(*) FROM org_unit) AS n_units,
         (SELECT count(*) FROM dept) AS n_dept,
         (SELECT created_at FROM app_user WHERE username = 'admin') AS t,
         (SELECT password_hash FROM app_user WHERE username = 'admin') AS pw;
WITH RECURSIVE n(i) AS (
  SELECT 1 UNION ALL SELECT i + 1 FROM n
  WHERE i < (SELECT $UNITS - n_units FROM base))
INSERT INTO org_unit (id, parent_id, provider_id, code, name, kind, path,
                      created_at, updated_at)
SELECT b.max_id + n.i, d.id, d.provider_id,
       printf('%s-B%03d', d.code, n.i), printf('Bänkenhet %d', n.i), 'unit',
       d.path || (b.max_id + n.i) || '/', b.t, b.t
FROM n, base b JOIN dept d ON d.k = n.i % b.n_dept;

-- users: home unit round-robin over all non-provider units
CREATE TEMP TABLE unit_k AS
  SELECT row_number() OVER (ORDER BY id) - 1 AS k, id
  FROM org_unit WHERE kind <> 'provider';
WITH RECURSIVE n(i) AS (
  SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $USERS)
INSERT INTO app_user (username, name, email, password_hash, home_unit_id,
                      created_at, updated_at)
SELECT printf('bench.%05d', n.i), printf('Bänk Användare %d', n.i),
       printf('bench.%05d@example.invalid', n.i), b.pw, u.id, b.t, b.t
FROM n, base b JOIN unit_k u ON u.k = n.i % (SELECT count(*) FROM unit_k);

-- one role each at the home unit: 1 in 50 manager, 1 in 50 handler,
-- 1 in 200 quality, 1 in 500 auditor, the rest staff
INSERT INTO role_assignment (user_id, role, unit_id, created_at)
SELECT u.id,
       CASE WHEN CAST(substr(u.username, 7) AS INTEGER) % 500 = 7 THEN 'auditor'
            WHEN CAST(substr(u.username, 7) AS INTEGER) % 200 = 3 THEN 'quality'
            WHEN CAST(substr(u.username, 7) AS INTEGER) % 50 = 1 THEN 'manager'
            WHEN CAST(substr(u.username, 7) AS INTEGER) % 50 = 2 THEN 'handler'
            ELSE 'staff' END,
       u.home_unit_id, u.created_at
FROM app_user u WHERE u.username LIKE 'bench.%';
COMMIT;
PRAGMA foreign_key_check;
ANALYZE;
SQL
