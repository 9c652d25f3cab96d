#!/usr/bin/env bash
# Installs the Debian packages Arbiter needs, non-interactively; does nothing when all are present.
#   scripts/install-deps.sh          build, test and GUI dependencies
#   scripts/install-deps.sh --bench  also the Python peers used by bench/ (numpy, scipy, torch, statsmodels)
set -euo pipefail

packages=(
  cmake g++ make pkgconf
  libeigen3-dev nlohmann-json3-dev catch2
  libboost-dev libboost-program-options-dev libboost-math-dev
  libbenchmark-dev
  libimgui-dev libglfw3-dev libstb-dev libgl-dev
  xvfb xauth libgl1-mesa-dri
  libopenmpi-dev openmpi-bin libboost-mpi-dev
  zlib1g-dev dataset-fashion-mnist wamerican
)
if [[ "${1:-}" == "--bench" ]]; then
  packages+=(python3 python3-numpy python3-scipy python3-pandas python3-torch)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
sudo=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
