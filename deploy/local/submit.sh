#!/usr/bin/env bash
# Submits Faultline's live detection to the local Flink session cluster (deploy/local/flink.sh) through
# its REST API: uploads the job jar, runs `detect`, and waits until every task of the job is RUNNING.
#
#   deploy/local/submit.sh [--dir DIR | --rest URL] [--jar jobs/target/faultline.jar]
#                          [--from-savepoint PATH] [--allow-non-restored-state] [DETECT FLAGS...]
#
# DETECT FLAGS are passed to `faultline detect` as they are (see README, Streaming); without
# --bootstrap-servers, 127.0.0.1:9092 is used. Prints the job ID, and keeps it in DIR/job.id.
# --from-savepoint starts the job from a savepoint (resume.sh does that with the last one).
# Env: FAULTLINE_HOME (default ~/.faultline; DIR defaults to $FAULTLINE_HOME/flink), SUBMIT_TIMEOUT (120 s).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
ENTRY_CLASS=dev.faultline.jobs.FaultlineCli
TIMEOUT="${SUBMIT_TIMEOUT:-120}"

usage() { sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
log() { echo "submit.sh: $*" >&2; }
die() { echo "submit.sh: $*" >&2; exit 1; }
# The arguments fit to print: secret values masked, by the rules of the job's own SecretArgs (a flag
# named like a key, token, password or secret; a --kafka-property whose KEY names one).
mask_value() {  # FLAG VALUE
  local flag="${1,,}" key
  case "$flag" in *-key|*token*|*password*|*secret*|*credential*) echo '****'; return ;; esac
  key="${2%%=*}"; key="${key,,}"
  if [ "$flag" = --kafka-property ] && [[ "$2" == *=* && "$key" =~ password|secret|jaas|key|token|credential ]]; then
    echo "${2%%=*}=****"
  else
    echo "$2"
  fi
}
printable_args() {
  local out=() flag="" a
  for a in "$@"; do
    if [ -n "$flag" ]; then out+=("$(mask_value "$flag" "$a")"); flag=""
    elif [[ "$a" == --*=* ]]; then out+=("${a%%=*}=$(mask_value "${a%%=*}" "${a#*=}")")
    elif [[ "$a" == --* ]]; then out+=("$a"); flag="$a"
    else out+=("$a"); fi
  done
  echo "${out[*]}"
}

DIR="${FAULTLINE_HOME:-$HOME/.faultline}/flink"; REST=""; JAR="$ROOT/jobs/target/faultline.jar"
SAVEPOINT=""; ALLOW_NON_RESTORED=false; ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) DIR="${2:?--dir needs a value}"; shift 2 ;;
    --rest) REST="${2:?--rest needs a value}"; shift 2 ;;
    --jar) JAR="${2:?--jar needs a value}"; shift 2 ;;
    --from-savepoint) SAVEPOINT="${2:?--from-savepoint needs a value}"; shift 2 ;;
    --allow-non-restored-state) ALLOW_NON_RESTORED=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) ARGS+=("$1"); shift ;;
  esac
done
command -v curl >/dev/null || die "curl not found"
command -v jq >/dev/null || die "jq not found (apt-get install jq)"
DIR="$(realpath -m "$DIR")"
[ -n "$REST" ] || REST="$(cat "$DIR/rest.url" 2>/dev/null)" || die "no cluster in $DIR (deploy/local/flink.sh start, or pass --rest URL)"
[ -f "$JAR" ] || die "job jar $JAR not found (mvn -B -q package -DskipTests)"
curl -fsS --max-time 5 "$REST/overview" > /dev/null || die "Flink REST API at $REST does not answer"

has_servers=false
for a in "${ARGS[@]+"${ARGS[@]}"}"; do [[ "$a" == --bootstrap-servers* ]] && has_servers=true; done
$has_servers || ARGS=(--bootstrap-servers 127.0.0.1:9092 "${ARGS[@]+"${ARGS[@]}"}")

t0=$SECONDS
log "uploading $JAR ($(du -m "$JAR" | cut -f1) MB) to $REST ..."
upload="$(curl -fsS -X POST -H 'Expect:' -F "jarfile=@$JAR" "$REST/jars/upload")" || die "jar upload failed"
jar_id="$(echo "$upload" | jq -r '.filename // empty' | sed 's#.*/##')"
[ -n "$jar_id" ] || die "unexpected upload response: $upload"

program_args="$(printf '%s\n' detect "${ARGS[@]}" | jq -R . | jq -s -c .)"   # one argument per line
body="$(jq -n --arg entry "$ENTRY_CLASS" --arg sp "$SAVEPOINT" --argjson allow "$ALLOW_NON_RESTORED" \
  --argjson args "$program_args" '{entryClass: $entry, programArgsList: $args}
   + (if $sp == "" then {} else {savepointPath: $sp, allowNonRestoredState: $allow} end)')"
log "running detect $(printable_args "${ARGS[@]}")${SAVEPOINT:+ from savepoint $SAVEPOINT}"
run="$(curl -sS -X POST -H 'Content-Type: application/json' -d "$body" "$REST/jars/$jar_id/run")" || true
# The cluster keeps its own copy of the jar for the job: the upload is not needed any more.
curl -fsS -X DELETE "$REST/jars/$jar_id" > /dev/null 2>&1 || true
job="$(echo "$run" | jq -r '.jobid // empty' 2>/dev/null || true)"
[ -n "$job" ] || die "run failed: $(echo "$run" | jq -r '.errors // . | tostring' 2>/dev/null | cut -c1-2000)"

log "job $job submitted; waiting until all its tasks run ..."
deadline=$((SECONDS + TIMEOUT))
while :; do
  info="$(curl -fsS --max-time 5 "$REST/jobs/$job" 2>/dev/null || true)"
  state="$(echo "$info" | jq -r '.state // empty' 2>/dev/null || true)"
  pending="$(echo "$info" | jq -r '[.vertices[]? | select(.status != "RUNNING")] | length' 2>/dev/null || echo 1)"
  case "$state" in
    RUNNING) [ "$pending" = 0 ] && break ;;
    FAILED|CANCELED|FINISHED)
      curl -fsS "$REST/jobs/$job/exceptions" 2>/dev/null | jq -r '."root-exception" // empty' | sed -n 1,30p >&2
      die "job $job is $state" ;;
  esac
  [ $SECONDS -lt $deadline ] || die "job $job not running after ${TIMEOUT}s (state ${state:-unknown})"
  sleep 1
done
mkdir -p "$DIR" && echo "$job" > "$DIR/job.id"
log "job $job running after $((SECONDS - t0))s; web UI: $REST/#/job/running/$job/overview"
echo "$job"
