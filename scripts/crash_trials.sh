#!/usr/bin/env sh
# Kills a ledger writer with SIGKILL at random moments, N times (default 500), and checks after
# each kill that the file passes SQLite's integrity check, the audit chain verifies, and every
# write the child reported as committed is there. Set TEST_SEED to repeat a run.
set -eu
N="${1:-500}"
cd "$(dirname "$0")/.."
CRASH_TRIALS="$N" cargo test --test crash crash_trials_many -- --ignored --nocapture
