#!/usr/bin/env bash
# Installs the Debian 12 packages cscsim builds with, if any is missing. Needs root or sudo.
set -euo pipefail

packages=(
    cmake g++ make git pkg-config
    libboost-random-dev libboost-graph-dev libtbb-dev libhdf5-dev libspdlog-dev
    catch2 librandom123-dev libtomlplusplus-dev libcli11-dev libbenchmark-dev
    hdf5-tools python3 libopenmpi-dev openmpi-bin
)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
echo "installing: ${missing[*]}" >&2
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
    sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
