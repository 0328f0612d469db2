#!/usr/bin/env bash
# What SQLite itself needs for the rows an import writes: `sqlite3 .import` of the same N after-care
# entries (1) into the 13-column table ../shared/bench/run.sh compares with, (2) into the
# ledger's own `aftercare` table (19 columns, its CHECKs, its review index), and (3) into that
# table plus, into the ledger's own `audit_log` (its hash and record indexes), the audit entry
# each record gets (the rows our import wrote, read back) — all with the ledger's page cache and
# no journal; then our import of them (with audit trail, hashing and checks). Prints medians and
# the ratios to (1).
#   bash ../shared/bench/run.sh target/release/restoration-ledger   # makes $WORK/x$N.json/.csv
#   bash scripts/sqlite_floor.sh target/release/restoration-ledger 50000
set -euo pipefail
BIN=$(realpath "${1:?usage: sqlite_floor.sh PATH/TO/restoration-ledger [N]}")
N=${2:-50000}; RUNS=${RUNS:-3}; WORK=${WORK:-/tmp/rl-bench}
json=$WORK/x$N.json; csv=$WORK/x$N.csv
[ -f "$json" ] && [ -f "$csv" ] || { echo "run ../shared/bench/run.sh first (no $json)" >&2; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
T() { /usr/bin/time -f "%e" -o "$tmp/t" "$@" >/dev/null 2>"$tmp/err" || { cat "$tmp/err" >&2; return 1; }; cat "$tmp/t"; }
med() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
# The rows as the ledger stores them, and the ledger's schema without its rows.
"$BIN" import "$tmp/rows.ledger" "$json" >/dev/null
sqlite3 -csv "$tmp/rows.ledger" "SELECT * FROM aftercare ORDER BY rowid" > "$tmp/rows.csv"
sqlite3 -csv "$tmp/rows.ledger" "SELECT * FROM audit_log WHERE table_name = 'aftercare' ORDER BY seq" > "$tmp/audit.csv"
sqlite3 "$tmp/rows.ledger" "SELECT sql || ';' FROM sqlite_master WHERE tbl_name = 'aftercare' AND sql IS NOT NULL" \
  | sed 's/REFERENCES [a-z_]*(id)//g' > "$tmp/aftercare.sql"
sqlite3 "$tmp/rows.ledger" "SELECT sql || ';' FROM sqlite_master WHERE tbl_name = 'audit_log' AND sql IS NOT NULL" > "$tmp/audit.sql"
pragmas=(-cmd "PRAGMA journal_mode=OFF" -cmd "PRAGMA synchronous=OFF" -cmd "PRAGMA cache_size=-65536")
bench=(); own=(); audited=(); ours=()
for _ in $(seq 1 "$RUNS"); do
  rm -f "$tmp/b.db" "$tmp/o.db" "$tmp/a.db" "$tmp/l.ledger"*
  bench+=("$(T sqlite3 "${pragmas[@]}" "$tmp/b.db" "create table aftercare(id text primary key, pile_id, bench_id, date, contractor, kind, quantity, unit, note, review, reviewer, reviewed_at, created_at);" ".mode csv" ".import $csv aftercare")")
  sqlite3 "$tmp/o.db" < "$tmp/aftercare.sql"
  own+=("$(T sqlite3 "${pragmas[@]}" "$tmp/o.db" ".mode csv" ".import $tmp/rows.csv aftercare")")
  cat "$tmp/aftercare.sql" "$tmp/audit.sql" | sqlite3 "$tmp/a.db"
  audited+=("$(T sqlite3 "${pragmas[@]}" "$tmp/a.db" "BEGIN" ".mode csv" ".import $tmp/rows.csv aftercare" ".import $tmp/audit.csv audit_log" "COMMIT")")
  ours+=("$(T "$BIN" import "$tmp/l.ledger" "$json")")
done
B=$(med "${bench[@]}"); O=$(med "${own[@]}"); A=$(med "${audited[@]}"); L=$(med "${ours[@]}")
x() { awk -v a="$1" -v b="$B" 'BEGIN{printf "%.2f", a/b}'; }
printf "N=%s  sqlite3 .import, bench table: %ss | into the ledger's own table: %ss (x%s) | own table + audit entries: %ss (x%s) | restoration-ledger import: %ss (x%s)\n" \
  "$N" "$B" "$O" "$(x "$O")" "$A" "$(x "$A")" "$L" "$(x "$L")"
