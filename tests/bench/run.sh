#!/bin/bash
# SPDX-License-Identifier: MIT
# make bench: the benchmark of issue 6 (see tests/bench/bench.py).
# Env: O (build dir), CACHE_DIR; BENCH_BUDGET, BENCH_RUNS, BENCH_AGENTS,
# BENCH_KCONFIG, BENCH_QUICK (see bench.py).
set -eu
SRC=$(cd "$(dirname "$0")/../.." && pwd)
: "${O:=$SRC/build}"
export O SRC
# 1000 hosts in flight: one socket each (asyncget, snmpd farm).
ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)"
exec /usr/bin/python3 "$SRC/tests/bench/bench.py"
