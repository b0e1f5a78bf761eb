#!/usr/bin/env bash
# The web app under load: requests per second for the export of a cached policy, beside a static file of the same
# bytes served by the same app in the same run, and the time from launch to ready. Needs wrk (apt-get install wrk).
# Usage: benchmarks/web-load.sh [SECONDS_PER_ROUND] (default 10); PORT=N to use another port than 18089.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-10}"
port="${PORT:-18089}"
base="http://127.0.0.1:$port"
command -v wrk >/dev/null || { echo "web-load: needs wrk (apt-get install wrk)" >&2; exit 2; }

cd "$root"
# Builds and prepares the program first, so that the start-up below is what a user sees on every later start.
bin/landlock-studio --version >/dev/null
work="$(mktemp -d)"
mkdir -p "$work/static/css"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# The static file is served from a directory added to the app's static locations; it is public (no sign-in), so
# the comparison counts export's authentication against it.
start=$(date +%s%N)
bin/landlock-studio serve --port "$port" --data-dir "$work/data" \
  "--spring.web.resources.static-locations=classpath:/static/,file:$work/static/" >"$work/log" 2>&1 &
pid=$!
until curl -fs -o /dev/null "$base/login"; do
  kill -0 "$pid" 2>/dev/null || { cat "$work/log" >&2; exit 1; }
  sleep 0.02
done
ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))

# Sign in with the initial password and create an API token through the pages, as a person would.
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
static_url="$base/css/export-same-bytes.json"
curl -fs -H "$auth" "$export_url" -o "$work/static/css/export-same-bytes.json"
cmp -s <(curl -fs -H "$auth" "$export_url") <(curl -fs "$static_url") || { echo "web-load: the two bodies differ" >&2; exit 1; }

rate() { wrk -t2 -c32 -d"${2}s" ${3:+-H "$3"} "$1" | awk '/Requests\/sec/ {print $2}'; }
# Warm-up: both paths compiled by the JIT before anything is measured.
rate "$export_url" 20 "$auth" >/dev/null
rate "$static_url" 20 >/dev/null
echo "start-up to ready: ${ready_ms} ms ($(grep -o 'Started Launcher in [0-9.]* seconds' "$work/log"))"
echo "body: $(wc -c <"$work/static/css/export-same-bytes.json") bytes; wrk -t2 -c32, ${seconds} s per round, rounds alternate"
for round in 1 2 3; do
  exported=$(rate "$export_url" "$seconds" "$auth")
  static=$(rate "$static_url" "$seconds")
  echo "round $round: export ${exported} req/s, static file ${static} req/s, ratio $(awk -v a="$exported" -v b="$static" 'BEGIN {printf "%.2f", a / b}')"
done
