#!/usr/bin/env bash
# The web app under load: requests per second for the export of a cached policy, beside a public static asset of
# the same app of about the same size, in the same run; and the time from launch to ready. Needs wrk and curl
# (apt-get install wrk curl).
#
# The comparison: the app serves no file from disk, only its own assets from its jar, so export's bytes cannot be
# put beside it as a file. The asset is the filesystem view schema (/schemas/fs-view.schema.json): JSON like export's body
# and of about its size (both are printed, and the run stops if they are more than a quarter apart), served by the
# same Tomcat through the same security filters, but public (no sign-in) and by Spring's static resource handler.
# So the ratio is what export's bearer token check, policy lookup and cached output cost beside the cheapest JSON
# answer the same server gives.
#
# Start-up: the first start after a build (or on another JVM) records the start-up archive (bin/landlock-studio)
# and is not counted; the next three are, each a first start on a fresh data directory (migrations, the initial
# admin), from launch until the sign-in page answers. The last one then takes the load.
# Usage: benchmarks/web-load.sh [SECONDS_PER_ROUND] (default 10); PORT=N to use another port than 18089;
# LANDLOCK_STUDIO_JAVA=/path/to/bin/java to run the app on that JVM (bin/landlock-studio).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-10}"
port="${PORT:-18089}"
base="http://127.0.0.1:$port"
for tool in wrk curl; do
  command -v "$tool" >/dev/null || { echo "web-load: needs $tool (apt-get install $tool)" >&2; exit 2; }
done

cd "$root"
# Builds the program first, so that no start below includes a build.
bin/landlock-studio --version >/dev/null
work="$(mktemp -d)"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# Starts the app on a fresh data directory ($work/data) and waits until the sign-in page answers; sets ready_ms.
start() {
  rm -rf "$work/data"
  local begin
  begin=$(date +%s%N)
  bin/landlock-studio serve --port "$port" --data-dir "$work/data" >"$work/log" 2>&1 &
  pid=$!
  until curl -fs -o /dev/null "$base/login"; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/log" >&2; exit 1; }
    sleep 0.02
  done
  ready_ms=$(( ($(date +%s%N) - begin) / 1000000 ))
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""; }

start
stop
starts=()
for run in 1 2 3; do
  [ "$run" -eq 1 ] || stop
  start
  starts+=("$ready_ms")
done

# Sign in with the initial password and create an API token through the pages, as a person would. The initial admin
# is made once the database is migrated, which may end just after the sign-in page first answers.
for _ in $(seq 100); do [ -s "$work/data/initial-admin-password" ] && break; sleep 0.1; done
cookies="$work/cookies"
csrf() { grep -o 'name="_csrf" value="[^"]*"' | head -1 | cut -d'"' -f4; }
token_field=$(curl -fs -c "$cookies" "$base/login" | csrf)
curl -fs -o /dev/null -b "$cookies" -c "$cookies" --data-urlencode "username=admin" \
  --data-urlencode "password=$(cat "$work/data/initial-admin-password")" --data-urlencode "_csrf=$token_field" "$base/login"
token_field=$(curl -fs -b "$cookies" "$base/tokens" | csrf)
token=$(curl -fs -L -b "$cookies" -c "$cookies" --data-urlencode "name=load" --data-urlencode "scope=full" --data-urlencode "_csrf=$token_field" "$base/tokens" \
  | grep -o 'lls_[0-9a-f]*' | head -1)
auth="Authorization: Bearer $token"
curl -fs -o /dev/null -H "$auth" -H "Content-Type: application/json" --data-binary @examples/static-web-server.json "$base/api/policies"

export_url="$base/api/policies/static-web-server/export?target=oci&abi=7"
asset_url="$base/schemas/fs-view.schema.json"
export_bytes=$(curl -fs -H "$auth" "$export_url" | wc -c)
asset_bytes=$(curl -fs "$asset_url" | wc -c)
if [ $(( export_bytes * 4 )) -gt $(( asset_bytes * 5 )) ] || [ $(( asset_bytes * 4 )) -gt $(( export_bytes * 5 )) ]; then
  echo "web-load: export's body ($export_bytes bytes) and the asset ($asset_bytes bytes) are no longer of about one size" >&2
  exit 1
fi

rate() { wrk -t2 -c32 -d"${2}s" ${3:+-H "$3"} "$1" | awk '/Requests\/sec/ {print $2}'; }
# Warm-up: both paths compiled by the JIT before anything is measured.
rate "$export_url" 20 "$auth" >/dev/null
rate "$asset_url" 20 >/dev/null
echo "start-up to ready: ${starts[*]} ms ($(grep -o 'Started [A-Za-z]* in [0-9.]* seconds' "$work/log") on $(grep -o -m1 'using Java [0-9.]*' "$work/log" | cut -d' ' -f2-))"
echo "bodies: export $export_bytes bytes, asset $asset_bytes bytes; wrk -t2 -c32, ${seconds} s per round, rounds alternate"
for round in 1 2 3; do
  exported=$(rate "$export_url" "$seconds" "$auth")
  asset=$(rate "$asset_url" "$seconds")
  echo "round $round: export ${exported} req/s, asset ${asset} req/s, ratio $(awk -v a="$exported" -v b="$asset" 'BEGIN {printf "%.2f", a / b}')"
done
