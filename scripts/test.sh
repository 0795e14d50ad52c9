#!/usr/bin/env bash
# Sets up (Debian packages) and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --no-build
swift build --build-tests
swift test --skip-build "$@"
