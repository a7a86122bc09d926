#!/usr/bin/env bash
# Runs the extension's node:test suites and fails when no test ran (a silent empty suite is a failure).
set -euo pipefail
out=$(mktemp)
trap 'rm -f "$out"' EXIT
status=0
node --test --test-reporter=tap extension/test/ >"$out" 2>&1 || status=$?
grep -E '^# (tests|pass|fail|skipped)' "$out" || true
if [ "$status" -ne 0 ]; then
  grep -B2 -A30 -E '^not ok' "$out" | head -200
  exit "$status"
fi
ran=$(awk '/^# tests /{print $3}' "$out")
if [ -z "$ran" ] || [ "$ran" -eq 0 ]; then
  echo "node --test ran no test: failing the run" >&2
  exit 1
fi
passed=$(awk '/^# pass /{print $3}' "$out")
failed=$(awk '/^# fail /{print $3}' "$out")
echo "node tests: $passed passed, $failed failed"
