# Runs each built image as a container on this host's network and checks what issue 6 asks:
# non-root user, /healthz and /readyz answer, the image's own HEALTHCHECK passes, no dev
# dependencies shipped, and SIGTERM stops node (PID 1) cleanly. Sourced by build-and-smoke.
# shellcheck shell=bash

READY_TIMEOUT="${MCPGW_IMAGES_READY_TIMEOUT:-90}"
STOP_TIMEOUT=20
STARTED=()  # container names, removed by cleanup_containers on any exit
FAILURES=()
RUN_ID="$$-$(date +%s)"
SMOKE_DB="images_smoke_${RUN_ID//-/_}" # one database per run in the test environment's FerretDB
GATEWAY_SECRET=''

cleanup_containers() {
  ((${#STARTED[@]} == 0)) && return 0
  local name
  for name in "${STARTED[@]}"; do
    pm logs "$name" >"$(logfile "$name.log")" 2>&1 || true
    pm rm -f -t 5 "$name" >/dev/null 2>&1 || true
  done
  STARTED=()
}

fail_check() {
  FAILURES+=("$1")
  printf '[images] FAIL %s\n' "$1" >&2
}

# detect_test_env — FerretDB (and moto) from scripts/test-env when it is up, else nothing.
detect_test_env() {
  MONGO_URI='' MOTO_ENDPOINT='' MOTO_REGION='' MOTO_KEY='' MOTO_SECRET=''
  local file="${MCPGW_TEST_ENV_FILE:-$ROOT/.test-env/env.json}"
  if [[ -s "$file" ]] && bash "$ROOT/scripts/test-env/status" >"$(logfile "test-env-status.log")" 2>&1; then
    local values
    values="$(node -e '
      const e = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
      const m = e.moto ?? {};
      console.log([e.mongo?.uri, m.endpoint, m.region, m.accessKeyId, m.secretAccessKey].map((v) => v ?? "-").join(" "));
    ' "$file")" || die "cannot read $file"
    read -r MONGO_URI MOTO_ENDPOINT MOTO_REGION MOTO_KEY MOTO_SECRET <<<"$values"
    [[ "$MONGO_URI" == - ]] && MONGO_URI=''
    [[ "$MOTO_ENDPOINT" == - ]] && MOTO_ENDPOINT=''
  fi
  if [[ -n "$MONGO_URI" ]]; then
    log "test environment is up: the registry runs against FerretDB at $MONGO_URI"
  elif [[ "${MCPGW_IMAGES_REQUIRE_TEST_ENV:-0}" == 1 ]]; then
    die "the test environment is not up (bash scripts/test-env/status) and MCPGW_IMAGES_REQUIRE_TEST_ENV=1: run 'make test-env-up' first"
  else
    log "test environment is not up (bash scripts/test-env/status): the registry runs with REGISTRY_STORE=memory; 'make test-env-up' first for the FerretDB check"
  fi
}

# service_env SVC — one KEY=VALUE per line: what SVC needs to start against its neighbours.
# <SVC>_HOST is loopback because the containers share the host's network here.
service_env() {
  local issuer="http://127.0.0.1:${PORT[auth]}/auth/realms/dev"
  local resource="http://127.0.0.1:${PORT[gateway]}/mcp"
  echo 'LOG_LEVEL=info'
  case "$1" in
    auth)
      printf '%s\n' "AUTH_HOST=127.0.0.1" "AUTH_PORT=${PORT[auth]}" \
        "AUTH_PUBLIC_URL=http://127.0.0.1:${PORT[auth]}" "AUTH_GATEWAY_RESOURCE=$resource" \
        'AUTH_MODE=embedded' 'AUTH_ALLOW_EMBEDDED_IN_PRODUCTION=true'
      ;;
    registry)
      printf '%s\n' "REGISTRY_HOST=127.0.0.1" "REGISTRY_PORT=${PORT[registry]}" \
        "REGISTRY_OIDC_ISSUER=$issuer" "REGISTRY_TOKEN_AUDIENCES=$resource"
      if [[ -n "$MONGO_URI" ]]; then
        printf '%s\n' 'REGISTRY_STORE=mongo' "REGISTRY_MONGO_URI=$MONGO_URI" \
          "REGISTRY_MONGO_DB=$SMOKE_DB"
      else
        echo 'REGISTRY_STORE=memory'
      fi
      if [[ -n "${PORT[sample-mcp-server]:-}" ]]; then
        # Registers, discovers and approves the sample server across containers (informational).
        printf '%s\n' 'REGISTRY_DEV_SEED=true' 'REGISTRY_ALLOW_PRIVATE_NETWORKS=127.0.0.1/32' \
          "REGISTRY_DEV_SAMPLE_SERVER_URL=http://127.0.0.1:${PORT[sample-mcp-server]}/mcp"
      fi
      ;;
    gateway)
      printf '%s\n' "GATEWAY_HOST=127.0.0.1" "GATEWAY_PORT=${PORT[gateway]}" \
        'GATEWAY_ENVIRONMENT=dev' "GATEWAY_RESOURCE_URL=$resource" "GATEWAY_OIDC_ISSUER=$issuer" \
        "GATEWAY_REGISTRY_URL=http://127.0.0.1:${PORT[registry]}" "GATEWAY_TOKEN_URL=$issuer/token" \
        'GATEWAY_CLIENT_ID=mcp-gateway' "GATEWAY_CLIENT_SECRET=$GATEWAY_SECRET" \
        'GATEWAY_UPSTREAM_ALLOW_PRIVATE_NETWORKS=127.0.0.1/32'
      if [[ -n "$MONGO_URI" ]]; then
        printf '%s\n' 'GATEWAY_AUDIT_SINK=mongo' "GATEWAY_MONGO_URI=$MONGO_URI" "GATEWAY_MONGO_DB=$SMOKE_DB"
      else
        echo 'GATEWAY_AUDIT_SINK=stdout'
      fi
      if [[ -n "$MOTO_ENDPOINT" ]]; then
        printf '%s\n' "GATEWAY_SECRETS_ENDPOINT=$MOTO_ENDPOINT" "GATEWAY_SECRETS_REGION=$MOTO_REGION" \
          "AWS_ACCESS_KEY_ID=$MOTO_KEY" "AWS_SECRET_ACCESS_KEY=$MOTO_SECRET"
      fi
      ;;
    sample-mcp-server)
      printf '%s\n' "SAMPLE_MCP_HOST=127.0.0.1" "SAMPLE_MCP_PORT=${PORT[sample-mcp-server]}"
      ;;
  esac
}

start_container() { # start_container SVC
  local svc="$1" name="mcpgw-smoke-$1-$RUN_ID" args=() line
  while IFS= read -r line; do args+=(-e "$line"); done < <(service_env "$svc")
  STARTED+=("$name")
  pm run -d --name "$name" --network=host "${args[@]}" "$(image_ref "$svc")" \
    >"$(logfile "run-$svc.log")" 2>&1 || {
    show_log_tail "$(logfile "run-$svc.log")"
    die "podman run of $(image_ref "$svc") failed"
  }
  NAME[$svc]="$name"
  log "started $svc as $name on 127.0.0.1:${PORT[$svc]}"
}

# wait_http SVC PATH — polls until 200, the container exits, or READY_TIMEOUT passes.
wait_http() {
  local svc="$1" path="$2" url="http://127.0.0.1:${PORT[$1]}$2" deadline=$((SECONDS + READY_TIMEOUT)) out=''
  while ((SECONDS < deadline)); do
    if out="$(node "$LIB_DIR/probe.mjs" "$url")"; then
      log "$svc $path -> ${out:0:160}"
      return 0
    fi
    if [[ "$(pm container inspect --format '{{.State.Running}}' "${NAME[$svc]}" 2>/dev/null)" != true ]]; then
      pm logs "${NAME[$svc]}" >"$(logfile "${NAME[$svc]}.log")" 2>&1 || true
      show_log_tail "$(logfile "${NAME[$svc]}.log")" 30
      fail_check "$svc: the container exited before $path answered 200"
      return 1
    fi
    sleep 1
  done
  pm logs "${NAME[$svc]}" >"$(logfile "${NAME[$svc]}.log")" 2>&1 || true
  show_log_tail "$(logfile "${NAME[$svc]}.log")" 30
  fail_check "$svc: $path did not answer 200 within ${READY_TIMEOUT}s (last: ${out:-nothing})"
  return 1
}

check_container() { # check_container SVC — every check; failures are collected, not fatal
  local svc="$1" name="${NAME[$1]}" uid user
  wait_http "$svc" /healthz || return 1
  user="$(pm image inspect --format '{{.Config.User}}' "$(image_ref "$svc")")"
  uid="$(pm exec "$name" id -u 2>/dev/null)" || uid='?'
  if [[ -n "$user" && "$user" != root && "$user" != 0* && "$uid" =~ ^[0-9]+$ && "$uid" != 0 ]]; then
    log "$svc runs as user '$user' (uid $uid)"
  else
    fail_check "$svc: runs as root or as an unknown user (image User='$user', id -u=$uid)"
  fi
  if [[ "$svc" != sample-mcp-server ]]; then # the sample server has no readiness endpoint
    wait_http "$svc" /readyz || return 1
  fi
  if pm healthcheck run "$name" >"$(logfile "healthcheck-$svc.log")" 2>&1; then
    log "$svc image HEALTHCHECK passes"
  else
    show_log_tail "$(logfile "healthcheck-$svc.log")" 10
    fail_check "$svc: the image's HEALTHCHECK failed"
  fi
  if pm exec "$name" sh -c 'test ! -e node_modules/typescript && test ! -e node_modules/vitest'; then
    log "$svc ships no dev dependencies (typescript, vitest absent)"
  else
    fail_check "$svc: dev dependencies found in the image"
  fi
}

# read_gateway_secret — the gateway's client secret, generated by the auth container's embedded
# provider at its first start (the same hand-off `make dev` does).
read_gateway_secret() {
  GATEWAY_SECRET="$(pm exec "${NAME[auth]}" node -p \
    "require('/app/.dev/identity-secrets.json').clients['mcp-gateway']" 2>/dev/null)" || GATEWAY_SECRET=''
  [[ -n "$GATEWAY_SECRET" && "$GATEWAY_SECRET" != undefined ]] || {
    fail_check 'auth: no mcp-gateway client secret in /app/.dev/identity-secrets.json; the gateway cannot start'
    return 1
  }
}

# stop_container SVC — SIGTERM to PID 1 must end node with exit code 0 well before the kill.
stop_container() {
  local svc="$1" name="${NAME[$1]}" started=$SECONDS code
  [[ "$(pm container inspect --format '{{.State.Running}}' "$name" 2>/dev/null)" == true ]] || return 0
  pm stop -t "$STOP_TIMEOUT" "$name" >/dev/null 2>&1 || true
  code="$(pm container inspect --format '{{.State.ExitCode}}' "$name" 2>/dev/null)" || code='?'
  if [[ "$code" == 0 ]] && ((SECONDS - started < STOP_TIMEOUT)); then
    log "$svc stopped on SIGTERM in $((SECONDS - started))s with exit code 0"
  else
    fail_check "$svc: SIGTERM did not stop it cleanly (exit code $code after $((SECONDS - started))s)"
  fi
}

report_seed() { # informational: did the registry register the sample server across containers?
  [[ -n "${NAME[registry]:-}" && -n "${NAME[sample-mcp-server]:-}" ]] || return 0
  local deadline=$((SECONDS + 30)) logs
  while ((SECONDS < deadline)); do
    logs="$(pm logs "${NAME[registry]}" 2>&1)" || true
    if grep -q 'sample MCP server registered and approved\|sample MCP server already present' <<<"$logs"; then
      log 'registry discovered and approved the sample MCP server container (cross-container MCP works)'
      return 0
    fi
    if grep -q 'sample MCP server seeding failed' <<<"$logs"; then break; fi
    sleep 1
  done
  warn 'the registry did not seed the sample MCP server (informational; see its log in the reports)'
}

# drop_smoke_db — removes this run's database from the test environment's FerretDB, with the
# driver inside the registry image (the host may have no node_modules).
drop_smoke_db() {
  [[ -n "$MONGO_URI" && -n "${NAME[registry]:-}" ]] || return 0
  pm run --rm --no-healthcheck --network=host -e "URI=$MONGO_URI" -e "DB=$SMOKE_DB" "$(image_ref registry)" node -e '
    const { MongoClient } = require("mongodb");
    const client = new MongoClient(process.env.URI, { retryWrites: false, serverSelectionTimeoutMS: 5000 });
    client.db(process.env.DB).dropDatabase().finally(() => client.close());
  ' >"$(logfile drop-db.log)" 2>&1 || warn "could not drop database $SMOKE_DB in the test environment (see reports/images/drop-db.log)"
}

run_smoke() { # run_smoke SVC... — in dependency order: the others trust auth's issuer, the
  # registry discovers the sample server, the gateway pulls its snapshot from the registry.
  declare -gA PORT=() NAME=()
  local svc order=() ok=1
  for svc in auth sample-mcp-server registry gateway; do
    [[ " $* " == *" $svc "* ]] && order+=("$svc")
  done
  for svc in auth registry gateway sample-mcp-server; do PORT[$svc]="$(free_port)"; done
  [[ " $* " == *" sample-mcp-server "* ]] || unset 'PORT[sample-mcp-server]'
  detect_test_env
  for svc in "${order[@]}"; do
    if [[ "$svc" == gateway ]] && ! read_gateway_secret; then
      ok=0
      break
    fi
    start_container "$svc"
    # A dependency that never came up would only make the next failures noise.
    check_container "$svc" || {
      ok=0
      break
    }
  done
  ((ok)) && report_seed
  for svc in "${order[@]}"; do [[ -n "${NAME[$svc]:-}" ]] && stop_container "$svc"; done
  cleanup_containers
  drop_smoke_db
}
