#!/usr/bin/env bash
# Builds (Release) and runs the benchmarks: median of 3 runs for the whole of England and a 1%
# sample, on 1 and 2 threads, with events per second; then peak memory of a full-England run of
# the command-line program (one process per run, so the peak is that run's own).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" --target cscsim_bench cscsim >/dev/null
./build/release/bench/cscsim_bench --benchmark_counters_tabular=true "$@"
if command -v /usr/bin/time >/dev/null 2>&1; then
    for threads in 1 2; do
        /usr/bin/time -f "full England, ${threads} thread(s): %e s wall, %M KiB peak RSS" \
            ./build/release/cscsim --log-level warn run scenarios/baseline.toml \
            -o /tmp/cscsim-bench.h5 --threads "$threads"
    done
    rm -f /tmp/cscsim-bench.h5
fi
