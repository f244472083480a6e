# Shared helpers for scripts/images/*; sourced, not run.
# shellcheck shell=bash

log() { printf '[images] %s\n' "$*"; }
warn() { printf '[images] WARNING: %s\n' "$*" >&2; }
die() {
  printf '[images] ERROR: %s\n' "$*" >&2
  exit 1
}

# Phase timings, printed as a table at the end of the run.
TIMINGS=()
record_timing() { TIMINGS+=("$1"$'\t'"$2s"); }
print_timings() {
  log 'timings:'
  printf '  %s\n' "${TIMINGS[@]}" | column -t -s $'\t' 2>/dev/null || printf '  %s\n' "${TIMINGS[@]}"
}

# logfile NAME — path of a log under LOG_DIR, (re)creating the directory: `make test` empties
# reports/ at its start, possibly while this script runs.
logfile() {
  mkdir -p "$LOG_DIR"
  printf '%s/%s\n' "$LOG_DIR" "$1"
}

# show_log_tail FILE [LINES] — the end of a log, indented, after a failure.
show_log_tail() {
  local file="$1" lines="${2:-40}"
  [[ -s "$file" ]] || return 0
  printf '[images] last %s lines of %s:\n' "$lines" "$file" >&2
  tail -n "$lines" "$file" | sed 's/^/    /' >&2
}

# The engine every podman call uses: runc (crun is not needed) and our containers.conf.
pm() { podman --runtime runc "$@"; }

# write_containers_conf DIR — the settings podman needs on these machines (no systemd for
# cgroups; ulimits the kernel may refuse); exported through CONTAINERS_CONF.
write_containers_conf() {
  local conf="$1/containers.conf"
  cat >"$conf" <<'EOF'
[containers]
default_ulimits = []

[engine]
cgroup_manager = "cgroupfs"
EOF
  export CONTAINERS_CONF="$conf"
}

# free_port — a TCP port free on 127.0.0.1 right now.
free_port() {
  node -e "const s=require('node:net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close();});"
}
