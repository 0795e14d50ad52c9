#!/usr/bin/env bash
# Installs what Antipode needs to build from Debian 12's archive, when missing, then builds.
#   librdkit-dev      RDKit 2022.09 (C++), wrapped by Sources/CRDKitShim
#   libboost1.81-dev  Boost headers for RDKit's headers. Debian's default 1.74 headers are rejected
#                     by the Swift toolchain's clang (boost/numeric/conversion/detail/*mixture.hpp,
#                     fixed upstream in 1.81); 1.81 replaces only the headers, RDKit's 1.74 runtime
#                     libraries stay. The chemistry tests check every value against Python RDKit.
#   libopenblas-dev   every matrix product
#   libsqlite3-dev    campaign stores
#   openbabel         protonation and PDBQT files for docking (`antipode dock`, called as a program)
#   autodock-vina     AutoDock Vina 1.2.3, the docking program (called as a program)
# For the tests only (--test-packages):
#   slurm-wlm, munge  a one-node Slurm cluster on localhost (scripts/slurm-local-cluster.sh) for `antipode batch slurm`
# Usage: bash scripts/setup.sh [--no-build] [--test-packages]
set -euo pipefail
cd "$(dirname "$0")/.."
packages=(librdkit-dev rdkit-data libboost1.81-dev libopenblas-dev libsqlite3-dev openbabel autodock-vina)
build=1
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    --test-packages) packages+=(slurm-wlm munge) ;;
    *) echo "setup: unknown option '$arg' (usage: bash scripts/setup.sh [--no-build] [--test-packages])" >&2; exit 2 ;;
  esac
done
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v swift >/dev/null || { echo "setup: swift is not on PATH (Swift 6 toolchain required)" >&2; exit 1; }
if [ "$build" = 1 ]; then
  swift build -c release --product antipode >&2
fi
