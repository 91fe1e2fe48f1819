#!/usr/bin/env bash
# Stops a Faultline job on the local Flink cluster with a savepoint (stop-with-savepoint: sources stop,
# a final savepoint is taken, the Kafka transactions it covers are committed, the job finishes).
#
#   deploy/local/savepoint.sh [--dir DIR | --rest URL] [--job JOB_ID] [--target DIR] [--drain]
#
# --job defaults to DIR/job.id (written by submit.sh), else the one running job. --target defaults to the
# cluster's execution.checkpointing.savepoint-dir (DIR/savepoints). --drain first advances event time to
# the end, deciding every open build (for a job you will not resume). Prints the savepoint path, and
# keeps it in DIR/last-savepoint for resume.sh.
# Env: FAULTLINE_HOME (default ~/.faultline; DIR defaults to $FAULTLINE_HOME/flink), SAVEPOINT_TIMEOUT (180 s).
set -euo pipefail

TIMEOUT="${SAVEPOINT_TIMEOUT:-180}"
usage() { sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
log() { echo "savepoint.sh: $*" >&2; }
die() { echo "savepoint.sh: $*" >&2; exit 1; }

DIR="${FAULTLINE_HOME:-$HOME/.faultline}/flink"; REST=""; JOB=""; TARGET=""; DRAIN=false
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) DIR="${2:?--dir needs a value}"; shift 2 ;;
    --rest) REST="${2:?--rest needs a value}"; shift 2 ;;
    --job) JOB="${2:?--job needs a value}"; shift 2 ;;
    --target) TARGET="${2:?--target needs a value}"; shift 2 ;;
    --drain) DRAIN=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument: $1 (try --help)" ;;
  esac
done
command -v curl >/dev/null || die "curl not found"
command -v jq >/dev/null || die "jq not found (apt-get install jq)"
DIR="$(realpath -m "$DIR")"
[ -n "$REST" ] || REST="$(cat "$DIR/rest.url" 2>/dev/null)" || die "no cluster in $DIR (pass --rest URL)"
if [ -z "$JOB" ]; then
  JOB="$(cat "$DIR/job.id" 2>/dev/null || true)"
  state="$( [ -n "$JOB" ] && curl -fsS --max-time 5 "$REST/jobs/$JOB" 2>/dev/null | jq -r .state || true)"
  if [ "$state" != RUNNING ]; then
    JOB="$(curl -fsS --max-time 5 "$REST/jobs/overview" | jq -r '[.jobs[] | select(.state == "RUNNING") | .jid] | if length == 1 then .[0] else empty end')"
    [ -n "$JOB" ] || die "no single running job; pass --job JOB_ID"
  fi
fi
[ -z "$TARGET" ] || [[ "$TARGET" == *://* ]] || TARGET="file://$(realpath -m "$TARGET")"

t0=$SECONDS
body="$(jq -n --arg t "$TARGET" --argjson drain "$DRAIN" \
  '{drain: $drain, formatType: "CANONICAL"} + (if $t == "" then {} else {targetDirectory: $t} end)')"
resp="$(curl -sS -X POST -H 'Content-Type: application/json' -d "$body" "$REST/jobs/$JOB/stop")"
trigger="$(echo "$resp" | jq -r '."request-id" // empty' 2>/dev/null || true)"
[ -n "$trigger" ] || die "stop-with-savepoint of $JOB refused: $resp"
log "stopping job $JOB with a savepoint (trigger $trigger) ..."

deadline=$((SECONDS + TIMEOUT))
while :; do
  st="$(curl -fsS --max-time 5 "$REST/jobs/$JOB/savepoints/$trigger" 2>/dev/null || true)"
  case "$(echo "$st" | jq -r '.status.id // empty' 2>/dev/null)" in
    COMPLETED)
      location="$(echo "$st" | jq -r '.operation.location // empty')"
      [ -n "$location" ] || die "savepoint failed: $(echo "$st" | jq -r '.operation."failure-cause"."stack-trace" // .' | sed -n 1,15p)"
      break ;;
  esac
  [ $SECONDS -lt $deadline ] || die "savepoint not complete after ${TIMEOUT}s: $st"
  sleep 1
done
# The job finishes once the savepoint is complete.
while [ "$(curl -fsS --max-time 5 "$REST/jobs/$JOB" 2>/dev/null | jq -r .state)" != FINISHED ]; do
  [ $SECONDS -lt $deadline ] || die "job $JOB did not finish after its savepoint"
  sleep 0.5
done
mkdir -p "$DIR" && echo "$location" > "$DIR/last-savepoint"
log "job $JOB stopped after $((SECONDS - t0))s; savepoint $location ($(du -sh "${location#file:}" 2>/dev/null | cut -f1))"
echo "$location"
