#!/usr/bin/env bash
# Single-node KRaft Kafka broker for local Faultline runs: a plain background JVM,
# no Docker, no Kafka tarball. The class path (kafka_2.13 + kafka-tools + log4j2)
# is resolved with Maven from deploy/local/kafka/pom.xml and cached in the data dir.
#
#   deploy/local/kafka.sh start  [--port 9092] [--controller-port PORT] [--dir DIR]
#   deploy/local/kafka.sh stop   [--dir DIR]
#   deploy/local/kafka.sh status [--dir DIR]
#   deploy/local/kafka.sh topics [--dir DIR]      # list topics
#   deploy/local/kafka.sh classpath [--dir DIR]   # print the broker/tools class path
#   deploy/local/kafka.sh reset  [--dir DIR]      # stop and delete all data
#
# Env: FAULTLINE_HOME (default ~/.faultline; DIR defaults to $FAULTLINE_HOME/kafka),
#      KAFKA_HEAP_OPTS (default "-Xms256m -Xmx512m"), KAFKA_JVM_OPTS (extra JVM flags),
#      FAULTLINE_KAFKA_TOPICS (default "build-logs:3 build-events:3 build-verdicts:3 build-dead-letters:1 build-alerts:1"),
#      JAVA_HOME, MVN (default mvn).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib/maven-classpath.sh
source "$SCRIPT_DIR/lib/maven-classpath.sh"
POM="$SCRIPT_DIR/kafka/pom.xml"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
MVN="${MVN:-$(cd "$(dirname "$0")/../.." && pwd)/mvnw}"  # the Maven wrapper, unless MVN names another Maven
HOST=127.0.0.1
START_TIMEOUT=60
STOP_TIMEOUT=20
TOPICS="${FAULTLINE_KAFKA_TOPICS:-build-logs:3 build-events:3 build-verdicts:3 build-dead-letters:1 build-alerts:1}"

usage() { sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
log() { echo "kafka.sh: $*"; }
die() { echo "kafka.sh: $*" >&2; exit 1; }

CMD="${1:-}"; [ $# -gt 0 ] && shift
PORT=""; CPORT=""; DIR="${FAULTLINE_HOME:-$HOME/.faultline}/kafka"
while [ $# -gt 0 ]; do
  case "$1" in
    --port) PORT="${2:?--port needs a value}"; shift 2 ;;
    --port=*) PORT="${1#*=}"; shift ;;
    --controller-port) CPORT="${2:?--controller-port needs a value}"; shift 2 ;;
    --controller-port=*) CPORT="${1#*=}"; shift ;;
    --dir) DIR="${2:?--dir needs a value}"; shift 2 ;;
    --dir=*) DIR="${1#*=}"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument: $1 (try --help)" ;;
  esac
done
case "$CMD" in -h|--help|help|"") usage; [ -n "$CMD" ]; exit ;; esac
[ "$CMD" = start ] || [ "$CMD" = classpath ] && mkdir -p "$DIR"
DIR="$(realpath -m "$DIR")"
PID_FILE="$DIR/kafka.pid"
PORTS_FILE="$DIR/ports"          # "BROKER_PORT CONTROLLER_PORT" the storage was formatted for
CP_FILE="$DIR/classpath.txt"
CP_KEY_FILE="$DIR/classpath.key"
DATA="$DIR/data"
LOG="$DIR/kafka.log"
PROPS="$DIR/server.properties"

# --- helpers ---------------------------------------------------------------

port_open() { # port_open PORT -> 0 if something accepts connections on HOST:PORT
  timeout 2 bash -c "exec 3<>/dev/tcp/$HOST/$1" 2>/dev/null
}

running_pid() { # prints the broker pid if ours is alive (pid file + kafka.Kafka + our props)
  [ -f "$PID_FILE" ] || return 1
  local pid; pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  local args; args="$(ps -o args= -p "$pid" 2>/dev/null || true)"
  [[ "$args" == *kafka.Kafka*"$PROPS"* ]] || return 1
  echo "$pid"
}

saved_ports() { [ -f "$PORTS_FILE" ] && cat "$PORTS_FILE" || true; }

classpath() { maven_classpath Kafka "~45 MB"; }  # resolved once per pom content, cached

write_log4j() {
  cat > "$DIR/log4j2.properties" <<'EOF'
status = warn
appender.out.type = Console
appender.out.name = OUT
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.out.ref = OUT
logger.kafka.name = kafka
logger.kafka.level = INFO
logger.apache.name = org.apache.kafka
logger.apache.level = INFO
logger.request.name = kafka.request.logger
logger.request.level = WARN
EOF
  cat > "$DIR/tools-log4j2.properties" <<'EOF'
status = warn
appender.err.type = Console
appender.err.name = ERR
appender.err.target = SYSTEM_ERR
appender.err.layout.type = PatternLayout
appender.err.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.err.ref = ERR
EOF
}

write_props() {
  cat > "$PROPS" <<EOF
# Written by deploy/local/kafka.sh; regenerated on every start.
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=$HOST:$CPORT
listeners=PLAINTEXT://$HOST:$PORT,CONTROLLER://$HOST:$CPORT
advertised.listeners=PLAINTEXT://$HOST:$PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$DATA
num.partitions=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
transaction.max.timeout.ms=900000
EOF
}

tool() { # tool MAIN_CLASS ARGS... : run a Kafka CLI class from the same class path
  local main="$1"; shift
  "$JAVA" -Xmx256m -XX:TieredStopAtLevel=1 -Dlog4j2.configurationFile="$DIR/tools-log4j2.properties" \
    -cp "$(classpath)" "$main" "$@"
}

create_topics() {
  local spec name parts pids=() rc=0
  for spec in $TOPICS; do
    name="${spec%%:*}"; parts="${spec#*:}"; [ "$parts" = "$spec" ] && parts=1
    tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$HOST:$PORT" --create --if-not-exists \
      --topic "$name" --partitions "$parts" --replication-factor 1 >/dev/null &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || rc=1; done
  [ $rc -eq 0 ] || die "creating topics failed (see above)"
  log "topics: $TOPICS"
}

print_log_tail() {
  echo "---- last 40 lines of $LOG ----" >&2
  tail -n 40 "$LOG" >&2 2>/dev/null || true
  echo "-------------------------------" >&2
}

# --- commands --------------------------------------------------------------

do_start() {
  local pid saved
  if pid="$(running_pid)"; then
    local bp; bp="$(saved_ports | cut -d' ' -f1)"
    log "already running (pid $pid, bootstrap $HOST:$bp, dir $DIR)"
    [ -z "$PORT" ] || [ "$PORT" = "$bp" ] || log "note: --port $PORT ignored; stop it first or use another --dir"
    exit 0
  fi
  rm -f "$PID_FILE"

  saved="$(saved_ports)"
  if [ -f "$DATA/meta.properties" ] && [ -n "$saved" ]; then
    # A formatted --standalone log remembers the controller endpoint: keep the ports it was made with.
    local sp="${saved%% *}" sc="${saved##* }"
    if { [ -n "$PORT" ] && [ "$PORT" != "$sp" ]; } || { [ -n "$CPORT" ] && [ "$CPORT" != "$sc" ]; }; then
      die "$DIR was formatted for ports $sp/$sc; use those, another --dir, or '$0 reset --dir $DIR'"
    fi
    PORT="$sp"; CPORT="$sc"
  fi
  PORT="${PORT:-9092}"; CPORT="${CPORT:-$((PORT + 1))}"
  [[ "$PORT" =~ ^[0-9]+$ && "$CPORT" =~ ^[0-9]+$ ]] || die "ports must be numbers"
  for p in "$PORT" "$CPORT"; do
    port_open "$p" && die "port $HOST:$p is already in use by another process"
  done

  command -v "$JAVA" >/dev/null || die "java not found (set JAVA_HOME)"
  local t0=$SECONDS cp
  cp="$(classpath)"
  write_log4j
  write_props

  if [ ! -f "$DATA/meta.properties" ]; then
    rm -rf "$DATA"
    local id
    id="$(tool kafka.tools.StorageTool random-uuid | tail -n 1)"
    [ -n "$id" ] || die "StorageTool random-uuid printed nothing"
    log "formatting storage in $DATA (cluster id $id)"
    tool kafka.tools.StorageTool format -t "$id" -c "$PROPS" --standalone >/dev/null \
      || die "StorageTool format failed"
    echo "$id" > "$DIR/cluster.id"
    echo "$PORT $CPORT" > "$PORTS_FILE"
  fi

  [ -f "$LOG" ] && mv -f "$LOG" "$LOG.1"
  # shellcheck disable=SC2086
  nohup "$JAVA" ${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m} -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -Djava.awt.headless=true -Dlog4j2.configurationFile="$DIR/log4j2.properties" \
    ${KAFKA_JVM_OPTS:-} -cp "$cp" kafka.Kafka "$PROPS" > "$LOG" 2>&1 < /dev/null &
  pid=$!
  echo "$pid" > "$PID_FILE"
  log "started broker (pid $pid), waiting for $HOST:$PORT ..."

  local deadline=$((SECONDS + START_TIMEOUT))
  until port_open "$PORT"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PID_FILE"; print_log_tail; die "broker exited during start-up"
    fi
    if [ $SECONDS -ge $deadline ]; then
      print_log_tail; kill "$pid" 2>/dev/null || true; rm -f "$PID_FILE"
      die "broker did not open $HOST:$PORT within ${START_TIMEOUT}s (stopped it)"
    fi
    sleep 0.5
  done
  log "broker accepting connections after $((SECONDS - t0))s"
  create_topics
  log "ready in $((SECONDS - t0))s: bootstrap.servers=$HOST:$PORT (controller $HOST:$CPORT, dir $DIR, log $LOG)"
}

do_stop() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$PID_FILE"; log "not running (dir $DIR)"; return 0
  fi
  log "stopping broker (pid $pid)..."
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then
      log "still alive after ${STOP_TIMEOUT}s, sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      local i; for i in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      break
    fi
    sleep 0.5
  done
  rm -f "$PID_FILE"
  log "stopped"
}

do_status() {
  local pid ports
  ports="$(saved_ports)"
  if pid="$(running_pid)"; then
    local rss; rss="$(ps -o rss= -p "$pid" 2>/dev/null | tr -d ' ')"
    local bp="${ports%% *}"
    if [ -n "$bp" ] && port_open "$bp"; then
      log "running (pid $pid, bootstrap $HOST:$bp, controller $HOST:${ports##* }, rss $((${rss:-0} / 1024)) MB, dir $DIR)"
    else
      log "process alive (pid $pid) but $HOST:${bp:-?} not accepting connections (dir $DIR, log $LOG)"
    fi
    return 0
  fi
  log "not running (dir $DIR)"
  return 3
}

do_topics() {
  running_pid >/dev/null || die "not running (dir $DIR)"
  PORT="$(saved_ports | cut -d' ' -f1)"
  tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$HOST:$PORT" --describe --exclude-internal
}

do_reset() {
  do_stop
  rm -rf "$DATA" "$PORTS_FILE" "$DIR/cluster.id" "$PROPS" "$LOG" "$LOG.1"
  log "deleted broker data in $DIR (class path cache kept)"
}

case "$CMD" in
  start) do_start ;;
  stop) do_stop ;;
  status) do_status ;;
  topics) do_topics ;;
  classpath) classpath ;;
  reset) do_reset ;;
  *) die "unknown command: $CMD (try --help)" ;;
esac
