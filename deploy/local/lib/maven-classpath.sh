# Sourced by kafka.sh and flink.sh: resolves a class path from a small pom with Maven, once per pom
# content, and caches it. Uses the caller's POM, CP_FILE, CP_KEY_FILE, DIR, MVN and die().

# maven_classpath WHAT DOWNLOAD: print the class path; WHAT and DOWNLOAD (e.g. "Kafka", "~45 MB") go
# into the messages. Resolves again when the pom changed or a cached jar is gone.
maven_classpath() {
  local what="$1" download="$2" me; me="$(basename "$0")"
  local key; key="$(sha256sum "$POM" | cut -d' ' -f1)"
  local ok=1
  if [ -s "$CP_FILE" ] && [ "$(cat "$CP_KEY_FILE" 2>/dev/null)" = "$key" ]; then
    local jar; ok=0
    IFS=':' read -ra jars < "$CP_FILE" || true   # file has no trailing newline
    for jar in "${jars[@]}"; do [ -f "$jar" ] || { ok=1; break; }; done
  fi
  if [ $ok -ne 0 ]; then
    command -v "$MVN" >/dev/null || die "maven ($MVN) not found; it is needed once to resolve the $what class path"
    echo "$me: resolving the $what class path with Maven (first run downloads $download)..." >&2
    if ! "$MVN" -q -B -Dstyle.color=never -f "$POM" dependency:build-classpath \
        -Dmdep.outputFile="$CP_FILE.tmp" > "$DIR/mvn.log" 2>&1; then
      tail -n 30 "$DIR/mvn.log" >&2
      die "mvn dependency:build-classpath failed (is Maven Central reachable? full output: $DIR/mvn.log)"
    fi
    mv "$CP_FILE.tmp" "$CP_FILE"
    echo "$key" > "$CP_KEY_FILE"
  fi
  cat "$CP_FILE"
}
