#!/usr/bin/env bash
# Peak memory and time of every command on a ledger of N after-care entries (default 1,000,000):
# the ledger is made as issue 25 made it (init --demo, then import of N after-care entries through
# the JSON exchange file the shared benchmark writes), then import, summary, verify, export (JSON
# and xlsx) and report each run once under /usr/bin/time -v.
#   bash scripts/memory_1m.sh target/release/restoration-ledger          # N = 1000000
#   N=100000 bash scripts/memory_1m.sh target/release/restoration-ledger
# Needs ../shared/bench (gen_data.py, to_exchange.py) and GNU time. Everything goes to $WORK
# (default /tmp/rl-memory). Prints one Markdown table: command, seconds, peak RSS in MiB.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
BIN=$(realpath "${1:?usage: memory_1m.sh PATH/TO/restoration-ledger}")
N=${N:-1000000}; WORK=${WORK:-/tmp/rl-memory}; mkdir -p "$WORK"
bench="$here/../../shared/bench"; [ -d "$bench" ] || bench="$here/../shared/bench"
[ -x /usr/bin/time ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; }
export RESTORATION_LEDGER_PASSWORD=memory-bench-password RESTORATION_LEDGER_OPERATOR=bench
export RESTORATION_LEDGER_CONFIG_DIR="$WORK/config"
L="$WORK/m.ledger"
rm -rf "$WORK/config" "$L"* "$WORK/demo.ledger"* "$WORK/out".*
"$BIN" init "$WORK/demo.ledger" --demo >/dev/null 2>&1
"$BIN" export "$WORK/demo.ledger" --out "$WORK/demo.json" --force >/dev/null
if [ ! -s "$WORK/x$N.json" ]; then
  python3 "$bench/gen_data.py" "$N" > "$WORK/data_$N.json"
  python3 "$bench/to_exchange.py" "$WORK/data_$N.json" "$WORK/demo.json" "$WORK/x$N.json" "$WORK/x$N.csv"
fi
row() { # label, command...
  local label=$1; shift
  if /usr/bin/time -v -o "$WORK/time" "$@" >"$WORK/out.log" 2>"$WORK/err.log"; then rc=0; else rc=$?; fi
  awk -v l="$label" -v rc="$rc" -F': ' '
    /Elapsed \(wall clock\)/ { n=split($2, p, ":"); s=0; for (i=1;i<=n;i++) s=s*60+p[i] }
    /Maximum resident set size/ { m=$2/1024 }
    END { printf "| %-28s | %8.1f | %8.0f | %s |\n", l, s, m, (rc==0||rc==1) ? "exit " rc : "FAILED exit " rc }' "$WORK/time"
}
echo "| command ($N after-care entries) | seconds | peak MiB | |"
echo "|---|---:|---:|---|"
row "import (JSON, new ledger)" "$BIN" import "$L" "$WORK/x$N.json"
row "summary" "$BIN" summary "$L"
row "summary --json" "$BIN" summary "$L" --json
row "verify" "$BIN" verify "$L"
row "export (JSON)" "$BIN" export "$L" --out "$WORK/out.json" --force
row "export (xlsx)" "$BIN" export "$L" --out "$WORK/out.xlsx" --force
row "report" "$BIN" report "$L" --out "$WORK/out.pdf"
row "verify --report" "$BIN" verify "$L" --report "$WORK/out.pdf"
