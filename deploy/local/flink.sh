#!/usr/bin/env bash
# Standalone Flink session cluster for local Faultline runs: one JobManager (web UI + REST) and one
# TaskManager with two slots, as plain background JVMs; no Docker, no Flink tarball. The class path
# (flink-runtime, clients, RocksDB, runtime-web, Prometheus reporter, log4j2) is resolved with Maven
# from deploy/local/flink/pom.xml and cached in the data dir. Checkpoints and savepoints go to DIR.
#
#   deploy/local/flink.sh start  [--rest-port 8081] [--rpc-port 6123] [--metrics-port 9249] [--dir DIR]
#   deploy/local/flink.sh stop   [--dir DIR]      # stops the TaskManager, then the JobManager
#   deploy/local/flink.sh status [--dir DIR]      # exit 0 if both run, 3 if not
#   deploy/local/flink.sh rest   [--dir DIR]      # print the REST/web UI URL of the running cluster
#   deploy/local/flink.sh classpath [--dir DIR]   # print the cluster class path
#   deploy/local/flink.sh reset  [--dir DIR]      # stop and delete logs, checkpoints and savepoints
#
# The Prometheus reporter listens on --metrics-port (JobManager) and --metrics-port + 1 (TaskManager).
# Env: FAULTLINE_HOME (default ~/.faultline; DIR defaults to $FAULTLINE_HOME/flink),
#      FLINK_JM_PROCESS_SIZE (default 1024m), FLINK_TM_PROCESS_SIZE (default 2048m), FLINK_SLOTS (default 2),
#      FLINK_JVM_OPTS (extra JVM flags for both), JAVA_HOME, MVN (default mvn).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib/maven-classpath.sh
source "$SCRIPT_DIR/lib/maven-classpath.sh"
POM="$SCRIPT_DIR/flink/pom.xml"
FAULTLINE_CONF="$SCRIPT_DIR/../flink/config.yaml"   # the settings the job relies on
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
MVN="${MVN:-$(cd "$(dirname "$0")/../.." && pwd)/mvnw}"  # the Maven wrapper, unless MVN names another Maven
HOST=127.0.0.1
START_TIMEOUT=90
STOP_TIMEOUT=30
# Flink's own list of JDK module openings (flink-dist's config.yaml, env.java.default-opts.all).
JDK_OPENS="--add-exports=java.base/sun.net.util=ALL-UNNAMED --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
 --add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED
 --add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED --add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED
 --add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED
 --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
 --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
 --add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
 --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
 --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED"

usage() { sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
log() { echo "flink.sh: $*"; }
die() { echo "flink.sh: $*" >&2; exit 1; }

CMD="${1:-}"; [ $# -gt 0 ] && shift
REST_PORT=8081; RPC_PORT=6123; METRICS_PORT=9249; DIR="${FAULTLINE_HOME:-$HOME/.faultline}/flink"
while [ $# -gt 0 ]; do
  case "$1" in
    --rest-port) REST_PORT="${2:?--rest-port needs a value}"; shift 2 ;;
    --rest-port=*) REST_PORT="${1#*=}"; shift ;;
    --rpc-port) RPC_PORT="${2:?--rpc-port needs a value}"; shift 2 ;;
    --rpc-port=*) RPC_PORT="${1#*=}"; shift ;;
    --metrics-port) METRICS_PORT="${2:?--metrics-port needs a value}"; shift 2 ;;
    --metrics-port=*) METRICS_PORT="${1#*=}"; shift ;;
    --dir) DIR="${2:?--dir needs a value}"; shift 2 ;;
    --dir=*) DIR="${1#*=}"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument: $1 (try --help)" ;;
  esac
done
case "$CMD" in -h|--help|help|"") usage; [ -n "$CMD" ]; exit ;; esac
[ "$CMD" = start ] || [ "$CMD" = classpath ] && mkdir -p "$DIR"
DIR="$(realpath -m "$DIR")"
CONF="$DIR/conf"
LOGS="$DIR/log"
CP_FILE="$DIR/classpath.txt"
CP_KEY_FILE="$DIR/classpath.key"
URL_FILE="$DIR/rest.url"

# --- helpers ---------------------------------------------------------------

port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/$HOST/$1" 2>/dev/null; }

running_pid() { # running_pid jobmanager|taskmanager -> pid if ours is alive
  local f="$DIR/$1.pid" main
  [ "$1" = jobmanager ] && main=StandaloneSessionClusterEntrypoint || main=TaskManagerRunner
  [ -f "$f" ] || return 1
  local pid; pid="$(cat "$f" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  local args; args="$(ps -o args= -p "$pid" 2>/dev/null || true)"
  [[ "$args" == *"$main"*"$CONF"* ]] || return 1
  echo "$pid"
}

classpath() { maven_classpath Flink "~120 MB"; }  # resolved once per pom content, cached

write_config() {
  mkdir -p "$CONF" "$LOGS" "$DIR/checkpoints" "$DIR/savepoints" "$DIR/tmp" "$DIR/web"
  {
    echo "# Written by deploy/local/flink.sh on every start."
    echo "jobmanager.rpc.address: $HOST"
    echo "jobmanager.rpc.port: $RPC_PORT"
    echo "jobmanager.bind-host: $HOST"
    echo "taskmanager.host: $HOST"
    echo "taskmanager.bind-host: $HOST"
    echo "rest.address: $HOST"
    echo "rest.bind-address: $HOST"
    echo "rest.port: $REST_PORT"
    echo "# faultline.jar is a fat jar (~140 MB): allow uploading it"
    echo "rest.server.max-content-length: 536870912"
    echo "web.upload.dir: $DIR/web"
    echo "web.tmpdir: $DIR/web"
    echo "io.tmp.dirs: $DIR/tmp"
    echo "jobmanager.memory.process.size: ${FLINK_JM_PROCESS_SIZE:-1024m}"
    echo "taskmanager.memory.process.size: ${FLINK_TM_PROCESS_SIZE:-2048m}"
    echo "taskmanager.numberOfTaskSlots: ${FLINK_SLOTS:-2}"
    echo "parallelism.default: 2"
    echo "metrics.reporter.prom.factory.class: org.apache.flink.metrics.prometheus.PrometheusReporterFactory"
    echo "metrics.reporter.prom.port: $METRICS_PORT"
    echo "execution.checkpointing.dir: file://$DIR/checkpoints"
    echo "execution.checkpointing.savepoint-dir: file://$DIR/savepoints"
    echo "execution.checkpointing.num-retained: 3"
    echo "# from deploy/flink/config.yaml (everything but its directories):"
    grep -v -E '^\s*(#|$)|checkpointing\.(dir|savepoint-dir):' "$FAULTLINE_CONF"
  } > "$CONF/config.yaml"
  cat > "$CONF/log4j.properties" <<'EOF'
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = MainAppender
appender.main.name = MainAppender
appender.main.type = File
appender.main.append = true
appender.main.fileName = ${sys:log.file}
appender.main.layout.type = PatternLayout
appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
logger.kafka.name = org.apache.kafka
logger.kafka.level = WARN
logger.netty.name = org.jboss.netty.channel.DefaultChannelPipeline
logger.netty.level = OFF
EOF
}

print_log_tail() {
  echo "---- last 40 lines of $1 ----" >&2
  tail -n 40 "$1" >&2 2>/dev/null || true
  echo "-------------------------------" >&2
}

start_process() { # start_process jobmanager|taskmanager MAIN_CLASS RESOURCE_PARAMS_CMD EXTRA_DYNAMIC_PROPS...
  local role="$1" main="$2" params="$3"; shift 3
  local cp; cp="$(classpath)"
  # The same memory flags (line 1) and -D properties (line 2) that flink-dist's scripts compute.
  local out; out="$("$JAVA" -Xmx128m -cp "$cp" org.apache.flink.runtime.util.bash.BashJavaUtils "$params" \
      --configDir "$CONF" 2>&1)" || { echo "$out" >&2; die "BashJavaUtils $params failed"; }
  local results; results="$(echo "$out" | grep '^BASH_JAVA_UTILS_EXEC_RESULT:' | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://')"
  local jvm_mem dyn
  jvm_mem="$(echo "$results" | sed -n 1p)"
  dyn="$(echo "$results" | sed -n 2p)"
  [ -n "$jvm_mem" ] || { echo "$out" >&2; die "BashJavaUtils $params printed no memory flags"; }
  local log="$LOGS/$role.log"
  for f in "$log" "$LOGS/$role.out"; do [ -f "$f" ] && mv -f "$f" "$f.1"; done
  # shellcheck disable=SC2086
  nohup "$JAVA" $jvm_mem $JDK_OPENS -XX:+UseG1GC ${FLINK_JVM_OPTS:-} \
    -Dlog.file="$log" -Dlog4j.configurationFile="file:$CONF/log4j.properties" \
    -Dlog4j2.formatMsgNoLookups=true -cp "$cp" "$main" --configDir "$CONF" $dyn "$@" \
    > "$LOGS/$role.out" 2>&1 < /dev/null &
  echo $! > "$DIR/$role.pid"
}

stop_process() { # stop_process jobmanager|taskmanager
  local pid
  pid="$(running_pid "$1")" || { rm -f "$DIR/$1.pid"; return 0; }
  log "stopping $1 (pid $pid)..."
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then
      log "$1 still alive after ${STOP_TIMEOUT}s, sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      local i; for i in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      break
    fi
    sleep 0.5
  done
  rm -f "$DIR/$1.pid"
}

rest_url() { [ -f "$URL_FILE" ] && cat "$URL_FILE" || echo "http://$HOST:$REST_PORT"; }

registered_slots() { # total slots the JobManager knows about, or nothing
  curl -fsS --max-time 5 "$(rest_url)/overview" 2>/dev/null | sed -n 's/.*"slots-total":\([0-9]*\).*/\1/p'
}

# --- commands --------------------------------------------------------------

do_start() {
  local jm tm
  jm="$(running_pid jobmanager || true)"; tm="$(running_pid taskmanager || true)"
  if [ -n "$jm" ] && [ -n "$tm" ]; then
    log "already running (JobManager pid $jm, TaskManager pid $tm, web UI $(rest_url), dir $DIR)"
    exit 0
  fi
  [ -n "$jm$tm" ] && die "only half running (JobManager '${jm}', TaskManager '${tm}'); run '$0 stop --dir $DIR' first"
  for p in REST_PORT RPC_PORT METRICS_PORT; do [[ "${!p}" =~ ^[0-9]+$ ]] || die "$p must be a number"; done
  for p in "$REST_PORT" "$RPC_PORT" "$METRICS_PORT" "$((METRICS_PORT + 1))"; do
    port_open "$p" && die "port $HOST:$p is already in use by another process"
  done
  command -v "$JAVA" >/dev/null || die "java not found (set JAVA_HOME)"
  command -v curl >/dev/null || die "curl not found"
  local t0=$SECONDS
  classpath > /dev/null
  write_config
  echo "http://$HOST:$REST_PORT" > "$URL_FILE"
  echo "$REST_PORT $RPC_PORT $METRICS_PORT $((METRICS_PORT + 1))" > "$DIR/ports"

  start_process jobmanager org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint \
    GET_JM_RESOURCE_PARAMS -D "metrics.reporter.prom.port=$METRICS_PORT"
  jm="$(cat "$DIR/jobmanager.pid")"
  log "started JobManager (pid $jm), waiting for the REST endpoint $(rest_url) ..."
  local deadline=$((SECONDS + START_TIMEOUT))
  until curl -fsS --max-time 3 "$(rest_url)/config" > /dev/null 2>&1; do
    if ! kill -0 "$jm" 2>/dev/null; then
      rm -f "$DIR/jobmanager.pid"; print_log_tail "$LOGS/jobmanager.log"; print_log_tail "$LOGS/jobmanager.out"
      die "JobManager exited during start-up"
    fi
    if [ $SECONDS -ge $deadline ]; then
      print_log_tail "$LOGS/jobmanager.log"; stop_process jobmanager
      die "JobManager REST did not come up within ${START_TIMEOUT}s (stopped it)"
    fi
    sleep 0.5
  done
  log "JobManager up after $((SECONDS - t0))s"

  start_process taskmanager org.apache.flink.runtime.taskexecutor.TaskManagerRunner \
    GET_TM_RESOURCE_PARAMS -D "metrics.reporter.prom.port=$((METRICS_PORT + 1))"
  tm="$(cat "$DIR/taskmanager.pid")"
  log "started TaskManager (pid $tm), waiting for it to register ..."
  until [ "$(registered_slots)" = "${FLINK_SLOTS:-2}" ]; do
    if ! kill -0 "$tm" 2>/dev/null; then
      rm -f "$DIR/taskmanager.pid"; print_log_tail "$LOGS/taskmanager.log"; print_log_tail "$LOGS/taskmanager.out"
      stop_process jobmanager; die "TaskManager exited during start-up (stopped the JobManager)"
    fi
    if [ $SECONDS -ge $deadline ]; then
      print_log_tail "$LOGS/taskmanager.log"; stop_process taskmanager; stop_process jobmanager
      die "TaskManager did not register within ${START_TIMEOUT}s (stopped the cluster)"
    fi
    sleep 0.5
  done
  log "ready in $((SECONDS - t0))s: web UI/REST $(rest_url), ${FLINK_SLOTS:-2} slots, Prometheus metrics on" \
      "$HOST:$METRICS_PORT (JobManager) and $HOST:$((METRICS_PORT + 1)) (TaskManager), dir $DIR"
}

do_stop() {
  if ! running_pid jobmanager > /dev/null && ! running_pid taskmanager > /dev/null; then
    rm -f "$DIR/jobmanager.pid" "$DIR/taskmanager.pid"; log "not running (dir $DIR)"; return 0
  fi
  # Jobs still running are not stopped gracefully here: use savepoint.sh first to keep their state.
  stop_process taskmanager
  stop_process jobmanager
  log "stopped"
}

do_status() {
  local jm tm
  jm="$(running_pid jobmanager || true)"; tm="$(running_pid taskmanager || true)"
  if [ -z "$jm" ] && [ -z "$tm" ]; then log "not running (dir $DIR)"; return 3; fi
  local slots; slots="$(registered_slots || true)"
  log "JobManager ${jm:+pid }${jm:-not running}, TaskManager ${tm:+pid }${tm:-not running}," \
      "slots ${slots:-?}, web UI $(rest_url), dir $DIR"
  if [ -n "$jm" ]; then
    curl -fsS --max-time 5 "$(rest_url)/jobs/overview" 2>/dev/null \
      | grep -o '"jid":"[^"]*","name":"[^"]*","start-time":[0-9]*,"end-time":-\?[0-9]*,"duration":[0-9]*,"state":"[A-Z]*"' \
      | sed 's/"jid":"\([^"]*\)","name":"\([^"]*\)".*"state":"\([A-Z]*\)"/  job \1 \2 \3/' || true
  fi
  [ -n "$jm" ] && [ -n "$tm" ] || return 3
}

do_reset() {
  do_stop
  rm -rf "$LOGS" "$DIR/checkpoints" "$DIR/savepoints" "$DIR/tmp" "$DIR/web" "$CONF" "$URL_FILE" "$DIR/ports"
  log "deleted logs, checkpoints and savepoints in $DIR (class path cache kept)"
}

case "$CMD" in
  start) do_start ;;
  stop) do_stop ;;
  status) do_status ;;
  rest) rest_url ;;
  classpath) classpath ;;
  reset) do_reset ;;
  *) die "unknown command: $CMD (try --help)" ;;
esac
