#!/usr/bin/env bash
# Resumes Faultline's live detection from a savepoint on the local Flink cluster: submit.sh with
# --from-savepoint. Open builds, their timers and the Kafka offsets continue where the savepoint left them.
#
#   deploy/local/resume.sh [--savepoint PATH] [--dir DIR | --rest URL] [--jar JAR] [DETECT FLAGS...]
#
# --savepoint defaults to DIR/last-savepoint (written by savepoint.sh). Use the same DETECT FLAGS as the
# first submission (topics, --transactional-id-prefix); a new jar version is fine as long as operator
# uids are kept. Prints the new job ID.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
die() { echo "resume.sh: $*" >&2; exit 1; }

DIR="${FAULTLINE_HOME:-$HOME/.faultline}/flink"; SAVEPOINT=""; REST_ARGS=()
ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --savepoint) SAVEPOINT="${2:?--savepoint needs a value}"; shift 2 ;;
    --dir) DIR="${2:?--dir needs a value}"; REST_ARGS+=(--dir "$2"); shift 2 ;;
    -h|--help) sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) ARGS+=("$1"); shift ;;
  esac
done
if [ -z "$SAVEPOINT" ]; then
  SAVEPOINT="$(cat "$(realpath -m "$DIR")/last-savepoint" 2>/dev/null)" \
    || die "no --savepoint given and no $DIR/last-savepoint (run savepoint.sh first)"
fi
exec "$SCRIPT_DIR/submit.sh" "${REST_ARGS[@]+"${REST_ARGS[@]}"}" --from-savepoint "$SAVEPOINT" "${ARGS[@]+"${ARGS[@]}"}"
