#!/usr/bin/env bash
# One command from a fresh Debian 12 machine: install what is missing, build (Release), run the
# default scenario (the whole of England, April 2022 to March 2033) and print its summary.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake --preset release
cmake --build --preset release -j "$(nproc)"
mkdir -p runs
./build/release/cscsim run scenarios/baseline.toml -o runs/baseline.h5 "$@"
./build/release/cscsim summary runs/baseline.h5
