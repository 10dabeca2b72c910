#!/usr/bin/env bash
# Measures process start -> /actuator/health/readiness UP, several runs, each on an empty data
# folder (the first start: Flyway migrates, the operator token is written) unless KEEP_DATA=1.
#   scripts/reliability/start-to-ready.sh [runs] [java options...]
# JAVA_CMD overrides how the service is started (default: java <options> -jar target/*.jar).
set -euo pipefail
runs=${1:-5}
shift || true
jar=${JAR:-$(ls target/hcs-orchestrator-*.jar | grep -v plain | head -1)}
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
  # CPU the JVM used until ready (user + system, clock ticks): less bent by other load than wall time
  read -r -a st < "/proc/$pid/stat"
  cpu=$(( (st[13] + st[14]) * 1000 / $(getconf CLK_TCK) ))
  echo "run $i: ready after $(( (end - start) / 1000000 )) ms, CPU $cpu ms (load $(cut -d' ' -f1 /proc/loadavg))"
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
