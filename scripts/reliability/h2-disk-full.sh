#!/usr/bin/env bash
# H2 on a full disk (docs/reliability.md). The service runs under `ulimit -S -f` (the largest file it
# may write, in KiB; the JVM ignores SIGXFSZ, so a write past it fails with EFBIG, as a write to a
# full disk fails with ENOSPC), with a fresh data folder on the simulated host. Definitions with
# large labels are created until the database file cannot grow; then the service is stopped and
# started again without the limit, and every definition it acknowledged (201) must be there, and a
# new one can be stored.
#   scripts/reliability/h2-disk-full.sh [limit-kib]     (after ./mvnw package)
set -euo pipefail
limit=${1:-1024}
jar=${JAR:-$(ls target/hcs-orchestrator-*.jar | grep -v plain | head -1)}
port=${PORT:-18093}
token=disk-full-token
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
base="http://127.0.0.1:$port"
args=(--server.port="$port" --hcs.data-dir="$work/data" --hcs.host.mode=simulated
  --hcs.security.tokens[0].name=disk-full --hcs.security.tokens[0].role=operator
  --hcs.security.tokens[0].value="$token")

await_ready() { # $1: log file
  until curl -sf "$base/actuator/health/readiness" 2>/dev/null | grep -q '"UP"'; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "the service ended before it was ready:" >&2; tail -30 "$1" >&2; return 1
    fi
    sleep 0.2
  done
}

stop() {
  kill "$pid"
  for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  wait "$pid" 2>/dev/null || true
  pid=
}

# 60 labels of 250 characters: about 15 KB per definition, so the file fills after a few dozen
labels=$(for i in $(seq 1 60); do printf '"l%02d":"%s",' "$i" "$(head -c 250 /dev/zero | tr '\0' 'x')"; done)
labels="{${labels%,}}"
body() {
  printf '{"name":"%s","kind":"VirtualMachine","desiredState":"Stopped","labels":%s,"virtualMachine":{"processors":1,"memoryMB":512,"disks":[{"name":"os","sizeGB":8}]}}' "$1" "$labels"
}

# stdout goes through a pipe to a process outside the limit, so the log itself is never cut
( ulimit -S -f "$limit"; exec java -jar "$jar" "${args[@]}" ) > >(cat > "$work/limited.log") 2>&1 &
pid=$!
await_ready "$work/limited.log"
echo "started under ulimit -S -f $limit (KiB); database file $(stat -c %s "$work/data/hcs.mv.db") bytes"

acked=()
refused=0
first_refusal=
for i in $(seq 1 2000); do
  name="full-$i"
  code=$(curl -s -o "$work/answer.json" -w '%{http_code}' -X POST "$base/api/v1/definitions" \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/json' --data-binary "$(body "$name")")
  if [ "$code" = 201 ]; then
    acked+=("$name")
  else
    refused=$((refused + 1))
    [ -z "$first_refusal" ] && first_refusal="create $i: HTTP $code $(cat "$work/answer.json")"
    [ "$refused" -ge 5 ] && break
  fi
done
echo "acknowledged ${#acked[@]} creates, then refused: $first_refusal"
echo "readiness while full: $(curl -s -o /dev/null -w '%{http_code}' "$base/actuator/health/readiness")," \
  "liveness: $(curl -s -o /dev/null -w '%{http_code}' "$base/actuator/health/liveness")," \
  "a read: $(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$base/api/v1/definitions/${acked[0]:-none}")"
echo "the service's log on the failure (first lines naming it):"
grep -m 6 -E ' ERROR |File too large|No space left|MVStoreException' "$work/limited.log" | cut -c1-300 || true

# the space returns while the service runs: the pool replaces the connections of the closed
# database, and reads and writes go on without a restart
prlimit --pid "$pid" --fsize=unlimited:
read_after=000
create_after=000
for attempt in $(seq 1 20); do
  read_after=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$base/api/v1/definitions/${acked[0]}")
  [ "$read_after" = 200 ] && break
  sleep 0.5
done
for attempt in $(seq 1 20); do
  create_after=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$base/api/v1/definitions" \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/json' --data-binary "$(body "after-space-$attempt")")
  if [ "$create_after" = 201 ]; then acked+=("after-space-$attempt"); break; fi
  sleep 0.5
done
echo "space back, no restart: a read HTTP $read_after, a create HTTP $create_after (attempt $attempt)"
stop
echo "stopped; database file $(stat -c %s "$work/data/hcs.mv.db") bytes"

java -jar "$jar" "${args[@]}" > "$work/free.log" 2>&1 &
pid=$!
await_ready "$work/free.log"
found=0
for name in "${acked[@]}"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$base/api/v1/definitions/$name")
  [ "$code" = 200 ] && found=$((found + 1))
done
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$base/api/v1/definitions" \
  -H "Authorization: Bearer $token" -H 'Content-Type: application/json' --data-binary "$(body after-free)")
echo "started again without the limit: $found of ${#acked[@]} acknowledged definitions found; a new create: HTTP $code"
stop
[ "$found" = "${#acked[@]}" ] && [ "$code" = 201 ] && [ "$refused" -gt 0 ] && [ "$create_after" = 201 ]
