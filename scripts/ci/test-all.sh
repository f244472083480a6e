#!/usr/bin/env bash
# The whole test suite: lint, typecheck, generated-docs drift, unit + API tests, then the
# real-component test environment (FerretDB, PostgreSQL, Keycloak, moto) and the integration
# tests, then the offline IaC checks. Every step runs even when an earlier one fails, so one run
# shows every problem; the exit code is non-zero if any step failed.
# Writes reports/summary.txt with the single line "N passed, N failed".
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
REPORTS="$ROOT/reports"
rm -rf "$REPORTS" && mkdir -p "$REPORTS"
STEPS_FILE="$REPORTS/steps.tsv"
: >"$STEPS_FILE"
SKIP_TF_CHECK="${MCPGW_SKIP_TF_CHECK:-0}"

log() { printf '\n\033[1m[test] %s\033[0m\n' "$*"; }

# run_step NAME CMD... — records pass/fail and duration; never aborts the script.
run_step() {
  local name="$1"; shift
  local started=$SECONDS
  log "$name: $*"
  if "$@"; then
    printf '%s\tpass\t%ss\n' "$name" "$((SECONDS - started))" >>"$STEPS_FILE"
    return 0
  fi
  printf '%s\tfail\t%ss\n' "$name" "$((SECONDS - started))" >>"$STEPS_FILE"
  return 1
}

install_deps() {
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund
  else
    echo "node_modules is up to date"
  fi
}

test_env_started=0
stop_test_env() {
  if [ "$test_env_started" = 1 ]; then
    log "test-env: stopping"
    bash scripts/test-env/down || true
    test_env_started=0
  fi
}
trap stop_test_env EXIT
trap 'stop_test_env; exit 130' INT TERM

vitest_json() { # vitest_json PROJECT REPORT
  npx vitest run --project "$1" --reporter=default --reporter=json --outputFile.json="$REPORTS/$2"
}

if ! run_step install install_deps; then
  node scripts/ci/summarize.mjs "$REPORTS" | tee "$REPORTS/summary.txt"
  exit 1
fi
run_step build npx tsc -b
run_step typecheck-tests npm run typecheck:tests
run_step lint npm run lint
run_step docs-drift npm run docs:check
run_step unit vitest_json unit unit.json

# Stop only what this run starts: an environment a developer already had running stays up.
already_running=0
if bash scripts/test-env/status >/dev/null 2>&1; then already_running=1; fi
if run_step test-env-up bash scripts/test-env/up; then
  [ "$already_running" = 1 ] || test_env_started=1
  run_step integration vitest_json integration integration.json
  # The real Dockerfiles built with podman, each container smoke-tested against the environment.
  if [ "${MCPGW_SKIP_IMAGES:-0}" != 1 ]; then
    run_step images env MCPGW_IMAGES_REQUIRE_TEST_ENV=1 bash scripts/images/build-and-smoke
  fi
else
  echo "[test] the test environment did not come up: integration tests count as failed" >&2
fi
stop_test_env

# MCP conformance suite directly against server-everything and through the gateway: any
# scenario that passes directly but fails through the gateway fails the step.
if [ "${MCPGW_SKIP_CONFORMANCE:-0}" != 1 ]; then
  run_step conformance bash scripts/conformance/run
fi

if [ "$SKIP_TF_CHECK" != 1 ] && [ -x scripts/tf-check/run ]; then
  run_step tf-check bash scripts/tf-check/run
fi

log "steps"
column -t -s $'\t' "$STEPS_FILE" 2>/dev/null || cat "$STEPS_FILE"
node scripts/ci/summarize.mjs "$REPORTS" | tee "$REPORTS/summary.txt"
! grep -q $'\tfail\t' "$STEPS_FILE"
