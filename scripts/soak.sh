#!/usr/bin/env bash
# Soak test of the workbench: scripts/soak.sh [MINUTES] [--seed N] [--otlab PATH] [--verbose]
# Builds the release binary unless --otlab (or $OTLAB) names one, then runs scripts/soak.py
# (random keys, resizes, mouse events and presets in a private tmux server; see its docstring).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${OTLAB:-}" && " $* " != *" --otlab "* ]]; then
    swift build -c release --product otlab >&2
fi
exec python3 scripts/soak.py "$@"
