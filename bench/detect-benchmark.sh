#!/usr/bin/env bash
# Detect benchmark: a real Kafka broker and the detect job (MiniCluster, RocksDB, exactly once) in one JVM.
# Phase "throughput" pre-loads N builds and times the job from start to the last committed verdict;
# phase "latency" produces live traffic and measures last line -> verdict visible to read_committed.
#
#   bench/detect-benchmark.sh [-Dbench.builds=20000] [-Dbench.phases=throughput,latency]
#                             [-Dbench.latency.rate=2000] [-Dbench.latency.seconds=60] [-Dfaultline.<option>=value ...]
#
# Every property is listed in bench/src/test/java/dev/faultline/bench/detect/DetectBenchmark.java. The report is
# printed and written to bench/target/bench/detect-benchmark.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
exec ./mvnw -B -q -pl bench -am test -Dtest=DetectBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dspotless.check.skip=true "$@"
