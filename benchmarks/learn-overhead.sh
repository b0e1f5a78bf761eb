#!/usr/bin/env bash
# What learning costs, for the programs the live tests learn (tar, Python, git), each in a directory of its own:
# - the recording's overhead: the command alone beside the command under strace as learn records it (the same
#   options as enforcer/.../learn/StraceRecorder), timed by hyperfine;
# - the refinement: how many confined runs `bin/landlock-studio learn` needs until one has no denial, and its time.
# Needs root, Landlock ABI 7 or later, hyperfine and strace (apt-get install hyperfine strace), and no audit daemon.
# Usage: benchmarks/learn-overhead.sh [RUNS] (default 20 timed runs of each command).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-20}"
for tool in hyperfine strace tar git python3; do
  command -v "$tool" >/dev/null || { echo "learn-overhead: needs $tool (apt-get install $tool)" >&2; exit 2; }
done
cd "$root"
bin/landlock-studio --version >/dev/null

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/tar/src" "$work/python" "$work/git"
printf 'alpha\n' >"$work/tar/src/a.txt"
printf 'beta\n' >"$work/tar/src/b.txt"
printf 'port=18077\n' >"$work/python/app.conf"
printf '%s\n' 'import socket, sys' 'd = sys.argv[1]' 'port = int(open(d + "/app.conf").read().split("=")[1])' \
  'with open(d + "/app.log", "a") as log:' '    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)' \
  '    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)' '    s.bind(("127.0.0.1", port))' '    s.listen(1)' \
  '    log.write("listening on %d\n" % port)' '    s.close()' >"$work/python/app.py"
# Each program as a script of its own, run by sh: the same command for hyperfine and for learn.
echo "cd $work/tar && rm -rf out a.tar && tar -cf a.tar src && mkdir out && tar -xf a.tar -C out" >"$work/tar.sh"
echo "cd $work/python && exec python3 app.py $work/python" >"$work/python.sh"
echo "cd $work/git && rm -rf repo && mkdir repo && cd repo && git init -q && echo hello > greeting && git add greeting" \
  "&& git -c user.name=learn -c user.email=learn@example.invalid commit -q -m first" >"$work/git.sh"
# The programs run as nobody, as learn runs them.
chown -R nobody "$work"
chmod 755 "$work"
traced="trace=%file,%network,%process,getdents,getdents64,ftruncate,fchdir"

for name in tar python git; do
  hyperfine -N --warmup 3 --runs "$runs" --export-json "$work/$name.json" \
    -n plain "runuser -u nobody -- sh $work/$name.sh" \
    -n recorded "runuser -u nobody -- strace -f -qq -y -s 0 -e $traced -e signal=none -o $work/recording -- sh $work/$name.sh" \
    >/dev/null
  begin=$(date +%s%N)
  bin/landlock-studio learn -o "$work/$name-policy.json" -- sh "$work/$name.sh" 2>"$work/$name-report.txt" || true
  learn_ms=$(( ($(date +%s%N) - begin) / 1000000 ))
  python3 - "$name" "$work/$name.json" "$work/$name-report.txt" "$learn_ms" <<'EOF'
import json, re, sys
name, timings, report, learn_ms = sys.argv[1:5]
results = {r["command"]: r for r in json.load(open(timings))["results"]}
plain, recorded = results["plain"], results["recorded"]
text = open(report).read()
confined = re.findall(r"run (\d+), confined", text)
verdict = "confirmed" if "confirmed: run" in text and "not confirmed" not in text else "not confirmed"
print(f"{name}: plain {plain['mean'] * 1000:.1f} ± {plain['stddev'] * 1000:.1f} ms, recorded "
      f"{recorded['mean'] * 1000:.1f} ± {recorded['stddev'] * 1000:.1f} ms ({recorded['mean'] / plain['mean']:.1f}×); "
      f"learn {int(learn_ms) / 1000:.1f} s, {len(confined)} confined run(s), {verdict}")
EOF
done
