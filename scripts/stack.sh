#!/usr/bin/env bash
# The local stack for development and tests: a Temporal dev server (with Web UI, SQLite
# persistence) and an S3-compatible server (Versity S3 Gateway over a directory), both
# bound to 127.0.0.1, both installed by scripts/install-stack.sh.
#
# Usage: bash scripts/stack.sh <command>
#   start              start both (no-op for a service already running and healthy), wait
#                      until healthy, create the bucket, write $FF_STACK_DIR/env
#   stop               stop both (SIGTERM, then SIGKILL after a grace period)
#   status             print each service's state; exit 0 only if both are healthy
#   env                print the export lines (source them: eval "$(bash scripts/stack.sh env)")
#   restart            stop, then start
#   restart-temporal | start-temporal | stop-temporal     (chaos tests)
#   start-s3 | stop-s3 | restart-s3                       (chaos tests)
#
# Settings (environment): FF_STACK_DIR (default <repo>/.stack), FF_TEMPORAL_PORT (7233),
# FF_TEMPORAL_UI_PORT (8233), FF_S3_PORT (9000), FF_S3_BUCKET (finetune-flow),
# FF_S3_PREFIX (ff), AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (local dev defaults),
# FF_STACK_TIMEOUT (seconds to wait for health, 90), FF_CACHE_DIR (see stack-versions.sh).
# State, data and logs live in $FF_STACK_DIR: temporal.{pid,log,db}, s3.{pid,log}, s3/, env.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
# shellcheck source=scripts/stack-versions.sh
source "$SCRIPT_DIR/stack-versions.sh"

STACK_DIR="${FF_STACK_DIR:-$REPO_ROOT/.stack}"
HOST=127.0.0.1
TEMPORAL_PORT="${FF_TEMPORAL_PORT:-7233}"
TEMPORAL_UI_PORT="${FF_TEMPORAL_UI_PORT:-8233}"
S3_PORT="${FF_S3_PORT:-9000}"
S3_BUCKET="${FF_S3_BUCKET:-finetune-flow}"
S3_PREFIX="${FF_S3_PREFIX:-ff}"
S3_REGION=us-east-1
S3_ACCESS_KEY="${AWS_ACCESS_KEY_ID:-finetune}"
S3_SECRET_KEY="${AWS_SECRET_ACCESS_KEY:-finetune-secret}"
TIMEOUT="${FF_STACK_TIMEOUT:-90}"

TEMPORAL_BIN="$FF_BIN_DIR/temporal"
S3_BIN="$FF_BIN_DIR/versitygw"
S3_ENDPOINT="http://$HOST:$S3_PORT"
EMPTY_SHA256=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855

log() { printf '[stack] %s\n' "$*"; }
die() { printf '[stack] ERROR: %s\n' "$*" >&2; exit 1; }
now_ms() { date +%s%3N; }

# --- process bookkeeping ----------------------------------------------------------------

pid_file() { echo "$STACK_DIR/$1.pid"; }
log_file() { echo "$STACK_DIR/$1.log"; }
bin_of() { [[ "$1" == temporal ]] && echo "$TEMPORAL_BIN" || echo "$S3_BIN"; }

# Prints the pid of service $1 if its pid file names a live process running our binary
# (guards against a stale pid file whose pid was reused by another process).
live_pid() {
  local file pid
  file="$(pid_file "$1")"
  [[ -f "$file" ]] || return 1
  pid="$(cat "$file")"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$(bin_of "$1")" || return 1
  echo "$pid"
}

port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# --- health checks ----------------------------------------------------------------------

temporal_healthy() {
  "$TEMPORAL_BIN" operator cluster health --address "$HOST:$TEMPORAL_PORT" --command-timeout 3s 2>/dev/null \
    | grep -q SERVING || return 1
  curl -sf -o /dev/null --max-time 3 "http://$HOST:$TEMPORAL_UI_PORT/" || return 1
}

# s3_request METHOD PATH: a SigV4-signed request with an empty body; prints the HTTP status.
s3_request() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 5 -X "$1" \
    --aws-sigv4 "aws:amz:$S3_REGION:s3" --user "$S3_ACCESS_KEY:$S3_SECRET_KEY" \
    -H "x-amz-content-sha256: $EMPTY_SHA256" "$S3_ENDPOINT$2" || true
}

# A real, authenticated S3 request (ListBuckets), not just an open port.
s3_healthy() { [[ "$(s3_request GET /)" == 200 ]]; }

# wait_healthy NAME CHECK_FN: polls until healthy, the process dies, or TIMEOUT.
wait_healthy() {
  local name="$1" check="$2" deadline=$((SECONDS + TIMEOUT))
  until "$check"; do
    if ! live_pid "$name" >/dev/null; then
      tail -n 20 "$(log_file "$name")" >&2 || true
      die "$name exited during startup; see $(log_file "$name")"
    fi
    if ((SECONDS >= deadline)); then
      tail -n 20 "$(log_file "$name")" >&2 || true
      die "$name not healthy after ${TIMEOUT}s; see $(log_file "$name")"
    fi
    sleep 0.5
  done
}

# --- start / stop -----------------------------------------------------------------------

require_bin() {
  [[ -x "$1" ]] || die "$1 is missing; run: bash scripts/install-stack.sh"
}

# launch NAME ENV... -- CMD...: starts CMD detached (own session, so the caller's process
# group being killed, e.g. by a test runner, leaves the server up) and records its pid.
launch() {
  local name="$1"; shift
  local envs=()
  while [[ "$1" != -- ]]; do envs+=("$1"); shift; done
  shift
  mkdir -p "$STACK_DIR"
  env "${envs[@]}" setsid "$@" </dev/null >>"$(log_file "$name")" 2>&1 &
  echo $! >"$(pid_file "$name")"
  # Until the forked subshell has exec'd, /proc/<pid>/cmdline is still this script's, and
  # live_pid would call the service dead ("exited during startup"); wait for the exec.
  local i
  for ((i = 0; i < 50; i++)); do
    live_pid "$name" >/dev/null && break
    sleep 0.1
  done
}

start_temporal() {
  local t0 port
  t0=$(now_ms)
  if live_pid temporal >/dev/null && temporal_healthy; then
    log "temporal already running and healthy (pid $(live_pid temporal))"
    ensure_search_attributes
    return 0
  fi
  require_bin "$TEMPORAL_BIN"
  if ! live_pid temporal >/dev/null; then
    for port in "$TEMPORAL_PORT" "$TEMPORAL_UI_PORT"; do
      port_open "$port" && die "port $HOST:$port is in use by another process (not our temporal); set FF_TEMPORAL_PORT/FF_TEMPORAL_UI_PORT or stop it"
    done
    log "starting temporal dev server on $HOST:$TEMPORAL_PORT (UI :$TEMPORAL_UI_PORT), log $(log_file temporal)"
    launch temporal -- "$TEMPORAL_BIN" server start-dev --ip "$HOST" --port "$TEMPORAL_PORT" \
      --ui-port "$TEMPORAL_UI_PORT" --db-filename "$STACK_DIR/temporal.db" --log-level warn \
      --search-attribute FfExperiment=Keyword --search-attribute FfSampler=Keyword \
      --search-attribute FfStage=Keyword --search-attribute FfBestScore=Double
  fi
  wait_healthy temporal temporal_healthy
  ensure_search_attributes
  log "temporal healthy in $(($(now_ms) - t0)) ms (pid $(live_pid temporal))"
}

# start-dev registers --search-attribute only when it creates a new database; a .stack/temporal.db
# from an older checkout lacks them, so register any that are missing (runs stay findable in the UI).
ensure_search_attributes() {
  local have attr
  have="$("$TEMPORAL_BIN" operator search-attribute list --address "$HOST:$TEMPORAL_PORT" 2>/dev/null || true)"
  for attr in FfExperiment:Keyword FfSampler:Keyword FfStage:Keyword FfBestScore:Double; do
    grep -qw "${attr%%:*}" <<<"$have" && continue
    "$TEMPORAL_BIN" operator search-attribute create --address "$HOST:$TEMPORAL_PORT" \
      --name "${attr%%:*}" --type "${attr##*:}" >/dev/null 2>&1 \
      || log "warning: could not register search attribute ${attr%%:*}"
  done
}

start_s3() {
  local t0 code
  t0=$(now_ms)
  if live_pid s3 >/dev/null && s3_healthy; then
    log "s3 already running and healthy (pid $(live_pid s3))"
  else
    require_bin "$S3_BIN"
    if ! live_pid s3 >/dev/null; then
      port_open "$S3_PORT" && die "port $HOST:$S3_PORT is in use by another process (not our S3 server); set FF_S3_PORT or stop it"
      mkdir -p "$STACK_DIR/s3"
      log "starting S3 server (versitygw posix) on $S3_ENDPOINT, data $STACK_DIR/s3, log $(log_file s3)"
      # Keys go through the environment, not argv, so they do not show up in `ps`.
      launch s3 ROOT_ACCESS_KEY_ID="$S3_ACCESS_KEY" ROOT_SECRET_ACCESS_KEY="$S3_SECRET_KEY" -- \
        "$S3_BIN" --port "$HOST:$S3_PORT" --region "$S3_REGION" --quiet posix "$STACK_DIR/s3"
    fi
    wait_healthy s3 s3_healthy
    log "s3 healthy in $(($(now_ms) - t0)) ms (pid $(live_pid s3))"
  fi
  # CreateBucket: 200 created, 409 already owned by us; then HeadBucket must say 200.
  code="$(s3_request PUT "/$S3_BUCKET")"
  [[ "$code" == 200 || "$code" == 409 ]] || die "CreateBucket $S3_BUCKET answered HTTP $code; see $(log_file s3)"
  code="$(s3_request HEAD "/$S3_BUCKET")"
  [[ "$code" == 200 ]] || die "HeadBucket $S3_BUCKET answered HTTP $code (wrong keys? the server keeps the keys it was started with; bash scripts/stack.sh restart-s3)"
}

# running PID: alive and not a zombie. A stopped server whose launching shell is gone is
# reparented to init and can linger as a zombie until init reaps it (slowly, in some
# sandboxes); `kill -0` succeeds on a zombie, which made stop_one wait forever.
running() {
  kill -0 "$1" 2>/dev/null || return 1
  [[ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]]
}

# stop_one NAME: SIGTERM, wait up to 15 s, then SIGKILL; removes the pid file.
stop_one() {
  local name="$1" pid i
  if ! pid="$(live_pid "$name")"; then
    rm -f "$(pid_file "$name")"
    log "$name not running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 150; i++)); do
    running "$pid" || break
    sleep 0.1
  done
  if running "$pid"; then
    log "$name (pid $pid) ignored SIGTERM for 15 s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    while running "$pid"; do sleep 0.1; done
  fi
  rm -f "$(pid_file "$name")"
  log "$name stopped (pid $pid)"
}

# --- env file ---------------------------------------------------------------------------

env_lines() {
  cat <<ENV
export TEMPORAL_ADDRESS=$HOST:$TEMPORAL_PORT
export TEMPORAL_NAMESPACE=default
export FF_TEMPORAL_UI_URL=http://$HOST:$TEMPORAL_UI_PORT
export FF_S3_ENDPOINT=$S3_ENDPOINT
export FF_S3_BUCKET=$S3_BUCKET
export FF_S3_PREFIX=$S3_PREFIX
export AWS_REGION=$S3_REGION
export AWS_ACCESS_KEY_ID=$S3_ACCESS_KEY
export AWS_SECRET_ACCESS_KEY=$S3_SECRET_KEY
ENV
}

write_env() {
  mkdir -p "$STACK_DIR"
  (umask 077 && env_lines >"$STACK_DIR/env.tmp")
  mv -f "$STACK_DIR/env.tmp" "$STACK_DIR/env"
  log "wrote $STACK_DIR/env (source it: . $STACK_DIR/env)"
}

# --- commands ---------------------------------------------------------------------------

cmd_start() {
  local t0
  t0=$(now_ms)
  start_temporal
  start_s3
  write_env
  log "stack healthy in $(($(now_ms) - t0)) ms: temporal $HOST:$TEMPORAL_PORT, UI http://$HOST:$TEMPORAL_UI_PORT, s3 $S3_ENDPOINT/$S3_BUCKET"
}

cmd_status() {
  local ok=0 pid
  if pid="$(live_pid temporal)"; then
    if temporal_healthy; then log "temporal: running, healthy (pid $pid, $HOST:$TEMPORAL_PORT, UI :$TEMPORAL_UI_PORT)"
    else log "temporal: running, NOT healthy (pid $pid); see $(log_file temporal)"; ok=1; fi
  else log "temporal: stopped"; ok=1; fi
  if pid="$(live_pid s3)"; then
    if s3_healthy; then log "s3: running, healthy (pid $pid, $S3_ENDPOINT, bucket $S3_BUCKET)"
    else log "s3: running, NOT healthy (pid $pid); see $(log_file s3)"; ok=1; fi
  else log "s3: stopped"; ok=1; fi
  return "$ok"
}

main() {
  local cmd="${1:-}"
  case "$cmd" in
    start) cmd_start ;;
    stop) stop_one temporal; stop_one s3 ;;
    restart) stop_one temporal; stop_one s3; cmd_start ;;
    status) cmd_status ;;
    env) env_lines ;;
    start-temporal) start_temporal ;;
    stop-temporal) stop_one temporal ;;
    restart-temporal) stop_one temporal; start_temporal ;;
    start-s3) start_s3 ;;
    stop-s3) stop_one s3 ;;
    restart-s3) stop_one s3; start_s3 ;;
    *)
      sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
      exit 2
      ;;
  esac
}

main "$@"
