#!/usr/bin/env bash
# Measures process start -> /actuator/health/readiness UP, several runs, each on an empty data
# folder (the first start: Flyway migrates, the operator token is written) unless KEEP_DATA=1.
#   scripts/reliability/start-to-ready.sh [runs] [java options...]
# JAVA_CMD overrides how the service is started (default: java <options> -jar target/*.jar).
# Each line also splits the CPU time by thread: main (the start itself), the JIT compilers C1
# and C2, and the garbage collector.
set -euo pipefail
runs=${1:-5}
shift || true
jar=${JAR:-}
if [ -z "${JAVA_CMD:-}" ] && [ -z "$jar" ]; then
  jar=$(ls target/hcs-orchestrator-*.jar | grep -v plain | head -1)
fi
port=${PORT:-18089}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for i in $(seq 1 "$runs"); do
  data="$work/data-$i"
  [ "${KEEP_DATA:-0}" = 1 ] && data="$work/data"
  start=$(date +%s%N)
  ${JAVA_CMD:-java "$@" -jar "$jar"} --server.port="$port" --hcs.data-dir="$data" \
    --logging.file.name="$work/log-$i.txt" > "$work/out-$i.txt" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$port/actuator/health/readiness" 2>/dev/null | grep -q '"UP"'; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "run $i: the service ended" >&2; tail -20 "$work/out-$i.txt" >&2; exit 1; fi
    sleep 0.02
  done
  end=$(date +%s%N)
  # CPU the JVM used until ready (user + system, clock ticks): less bent by other load than wall
  # time; then per thread, by the thread's name (the JVM names its threads for the kernel)
  tick=$(getconf CLK_TCK)
  read -r -a st < "/proc/$pid/stat"
  cpu=$(( (st[13] + st[14]) * 1000 / tick ))
  main=0 c1=0 c2=0 gc=0
  for task in /proc/"$pid"/task/*; do
    name=$(cat "$task/comm" 2>/dev/null) || continue
    stat=$(cat "$task/stat" 2>/dev/null) || continue
    read -r -a f <<< "${stat##*) }"
    ms=$(( (f[11] + f[12]) * 1000 / tick ))
    case "$name" in
      java) main=$((main + ms)) ;;
      C1\ Compiler*) c1=$((c1 + ms)) ;;
      C2\ Compiler*) c2=$((c2 + ms)) ;;
      GC\ Thread*|G1\ *|VM\ Thread) gc=$((gc + ms)) ;;
    esac
  done
  echo "run $i: ready after $(( (end - start) / 1000000 )) ms, CPU $cpu ms (main $main, C1 $c1," \
    "C2 $c2, GC $gc) (load $(cut -d' ' -f1 /proc/loadavg))"
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
