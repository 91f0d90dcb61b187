# Pinned versions and paths of the local stack. Sourced by install-stack.sh and stack.sh;
# change a version here and `bash scripts/install-stack.sh` rebuilds only that binary.
# shellcheck shell=bash

# Temporal CLI: `temporal server start-dev` (Temporal server + Web UI, SQLite persistence).
TEMPORAL_CLI_MODULE="github.com/temporalio/cli"
TEMPORAL_CLI_PKG="github.com/temporalio/cli/cmd/temporal"
TEMPORAL_CLI_VERSION="v1.5.1"

# Versity S3 Gateway: S3-compatible server over a POSIX directory (Apache-2.0, maintained).
VERSITYGW_MODULE="github.com/versity/versitygw"
VERSITYGW_PKG="github.com/versity/versitygw/cmd/versitygw"
VERSITYGW_VERSION="v1.8.0"

FF_CACHE_DIR="${FF_CACHE_DIR:-$HOME/.cache/finetune-flow}"
FF_BIN_DIR="$FF_CACHE_DIR/bin"
