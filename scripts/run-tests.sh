#!/usr/bin/env bash
# One command from a fresh Debian 12 machine: install what is missing, build (Release) and run the
# test suite with CTest. Set CSCSIM_SANITIZE=1 to build and test with address and undefined-
# behaviour sanitizers instead (build/asan).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
preset=release
if [ "${CSCSIM_SANITIZE:-0}" = 1 ]; then
    preset=asan
fi
cmake --preset "$preset"
cmake --build --preset "$preset" -j "$(nproc)"
ctest --preset "$preset"
