#!/usr/bin/env bash
# Backfill benchmark: generate (or reuse) an archive of N builds, backfill it, and compare with the floor
# of reading the same uncompressed bytes once through `grep -E -c -f` with the catalog's own regexes.
#
#   bench/backfill-benchmark.sh [BUILDS] [--gzip] [--parallelism P] [--lines-per-build N] [--no-events]
#                               [--no-full-grep]
#
# --lines-per-build N makes every build about N lines long (the short-build case: per-build cost, not
# per-line cost, dominates); --no-events leaves the build events out. Archives are kept in
# ${BENCH_DIR:-/tmp/faultline-bench}/builds-N[-lines-L][-no-events][-gz] and reused. FAULTLINE_JAR
# picks another jar (e.g. an older build, to compare on the same archive).
set -euo pipefail
cd "$(dirname "$0")/.."

builds=${1:-100000}
shift || true
gzip=false
parallelism=2
lines_per_build=0
events=true
full_grep=true
while [ $# -gt 0 ]; do
  case "$1" in
    --gzip) gzip=true ;;
    --parallelism) parallelism=$2; shift ;;
    --lines-per-build) lines_per_build=$2; shift ;;
    --no-events) events=false ;;
    --no-full-grep) full_grep=false ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done

jar=${FAULTLINE_JAR:-jobs/target/faultline.jar}
[ -f "$jar" ] || ./mvnw -B -q package -DskipTests
suffix=$([ "$lines_per_build" != 0 ] && echo "-lines-$lines_per_build" || true)$([ "$events" = false ] && echo -no-events || true)$([ "$gzip" = true ] && echo -gz || true)
dir=${BENCH_DIR:-/tmp/faultline-bench}/builds-$builds$suffix
if [ ! -f "$dir/expected-verdicts.jsonl" ]; then
  rm -rf "$dir"
  java -jar "$jar" generate --builds "$builds" --out "$dir" --gzip "$gzip" --lines-per-build "$lines_per_build" \
    --events "$events"
fi
java -jar "$jar" export-grep-patterns --out "$dir/patterns.ere"

cat_cmd=cat
[ "$gzip" = true ] && cat_cmd=zcat
# Read every file once before anything is timed (this also counts the bytes): both the backfill and
# grep then find the archive in the page cache, whichever runs first.
bytes=$(find "$dir/archive" -name '*.log*' -print0 | xargs -0 $cat_cmd | wc -c)

echo "backfill of $dir/archive (parallelism $parallelism) ..."
# The process's CPU time (user + system, all threads), from bash's `time`: per-build cost shows in
# CPU even when other work on the machine stretches the wall time.
TIMEFORMAT='cpu %U %S'
{ time java -jar "$jar" backfill --archive "$dir/archive" --out "$dir/out" --parallelism "$parallelism" \
    > "$dir/backfill.txt" 2>&1 ; } 2> "$dir/backfill-cpu.txt"
summary=$(grep -m1 '^Faultline backfill' "$dir/backfill.txt")
wall=$(sed -n 's/.* lines in \([0-9.]*\) s.*/\1/p' <<< "$summary")
lines=$(sed -n 's/.* builds, \([0-9]*\) lines.*/\1/p' <<< "$summary")
rss=$(sed -n 's/.*peak RSS \([0-9]*\) MB.*/\1/p' <<< "$summary")
cpu=$(awk '/^cpu/{print $2 + $3}' "$dir/backfill-cpu.txt")

# grep over the same bytes, in the same run: $1 = grep's arguments; prints "seconds matches".
time_grep() {
  local start end n
  start=$(date +%s.%N)
  n=$(find "$dir/archive" -name '*.log*' -print0 | xargs -0 $cat_cmd | LC_ALL=C grep -c "$@" || true)
  end=$(date +%s.%N)
  echo "$(awk "BEGIN{print $end - $start}") $n"
}
echo "grep over the same bytes ..."
# Reading and splitting lines only; then 40 of the catalog's regexes (the issue's comparison);
# then all of them (minutes on error-dense archives: skip with --no-full-grep).
head -40 "$dir/patterns.ere" > "$dir/patterns-40.ere"
read -r read_s _ <<< "$(time_grep '')"
read -r grep40_s _ <<< "$(time_grep -E -f "$dir/patterns-40.ere")"
grep_s=0
matches=skipped
if [ "$full_grep" = true ]; then
  read -r grep_s matches <<< "$(time_grep -E -f "$dir/patterns.ere")"
fi

printf '\n%-28s %s\n' "builds" "$builds"
printf '%-28s %s\n' "lines" "$lines"
printf '%-28s %.1f MB%s\n' "bytes (uncompressed)" "$(awk "BEGIN{print $bytes / 1000000}")" "$([ "$gzip" = true ] && echo ', read as .log.gz' || true)"
printf '%-28s %.1f s\n' "backfill wall" "$wall"
printf '%-28s %.1f s (whole process, all threads; %.0f us per build)\n' "backfill CPU" "$cpu" \
  "$(awk "BEGIN{print $cpu * 1000000 / $builds}")"
printf '%-28s %.0f\n' "lines/s" "$(awk "BEGIN{print $lines / $wall}")"
printf '%-28s %.1f\n' "MB/s" "$(awk "BEGIN{print $bytes / 1000000 / $wall}")"
printf '%-28s %s MB\n' "peak RSS" "$rss"
printf '%-28s %.1f s\n' "grep -c '' (read only)" "$read_s"
printf '%-28s %.1f s (backfill / grep: %.1fx)\n' "grep -E -c, 40 regexes" "$grep40_s" \
  "$(awk "BEGIN{print $wall / $grep40_s}")"
if [ "$full_grep" = true ]; then
  printf '%-28s %.1f s (%s matching lines, %s patterns; backfill / grep: %.2fx)\n' \
    "grep -E -c, all regexes" "$grep_s" "$matches" "$(wc -l < "$dir/patterns.ere")" \
    "$(awk "BEGIN{print $wall / $grep_s}")"
fi
