#!/usr/bin/env bash
# Sets up (Debian packages) and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --no-build --test-packages
swift build --build-tests
# The tests' corpora are temporary files: their reference indexes go to a temporary cache, not the user's
# ~/.cache/antipode, where each run would leave files that no later run can use.
if [ -z "${ANTIPODE_CACHE:-}" ]; then
    ANTIPODE_CACHE="$(mktemp -d)"
    export ANTIPODE_CACHE
    trap 'rm -rf "$ANTIPODE_CACHE"' EXIT
fi
swift test --skip-build "$@"
