#!/usr/bin/env bash
# Runs every test of the solution: unit, HTTP contract, CLI and multi-process tests.
# Needs only the .NET SDK; packages restore from NuGet on first run.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Coffer.slnx -c Release -nologo -v quiet
output=$(mktemp -t coffer-tests.XXXXXX)
trap 'rm -f "$output"' EXIT
set +e
dotnet test --solution Coffer.slnx -c Release --no-build 2>&1 | tee "$output"
status=${PIPESTATUS[0]}
set -e
# Print the summary as one plain line, "N passed, N failed", for tools that read closing lines.
passed=$(grep -E '^\s+succeeded: [0-9]+' "$output" | tail -1 | grep -oE '[0-9]+' || echo 0)
failed=$(grep -E '^\s+failed: [0-9]+' "$output" | tail -1 | grep -oE '[0-9]+' || echo 0)
skipped=$(grep -E '^\s+skipped: [0-9]+' "$output" | tail -1 | grep -oE '[0-9]+' || echo 0)
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$status"
