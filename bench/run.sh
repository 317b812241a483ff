#!/usr/bin/env bash
# OpenClaw Gateway (.NET) benchmark: direct-to-mock vs through-gateway, non-streaming and streaming, c=1 and c=16.
# Builds Release, starts the mock upstream and the gateway (fresh state dir, free ports), measures idle RSS, runs
# the matrix with bench/OpenClaw.Bench, stops what it started (by PID, also on error / Ctrl-C), writes RESULTS.md.
# See bench/README.md. Knobs (environment):
#   DURATION=10  WARMUP=3       measured seconds / warm-up seconds per run
#   CONCURRENCY="1 16"          concurrency levels
#   STREAMS="false true"        response modes: false = non-streaming JSON, true = SSE
#   REPEAT=1                    run every direct/gateway pair this many times; RESULTS.md then uses medians + ranges
#   PROMPT="..."                the user message sent in every request
#   GATEWAY_ENV="K=V ..."       extra environment for the gateway only (e.g. DOTNET_gcServer=1)
#   VARIANT_BUILD=DIR           if set: the variant gateway runs this build output instead (e.g. another worktree's
#                               src/OpenClaw.Cli/bin/Release/net10.0), to compare two commits side by side; a variant
#                               runs even with VARIANT_ENV empty
#   MAX_CONCURRENT=             agents.defaults.maxConcurrent in the generated config (empty = the default, 4: at
#                               c=16 twelve turns wait in the gateway's queue)
#   VARIANT_ENV="K=V ..."       if set: a second gateway (fresh state) runs beside the first with GATEWAY_ENV +
#                               VARIANT_ENV; each repetition runs the base and the variant back to back (one at a
#                               time, both pre-warmed; the variant first in even repetitions), and RESULTS.md gets a
#                               comparison section
#   MOCK_LOG=/dev/null          passed to the mock (empty = no request log at all)
#   SETTLE=5 IDLE_REQUESTS=10   idle RSS: this many requests after readiness, then wait SETTLE s, then read VmRSS
#   PREWARM=20                  seconds of unmeasured gateway load (half JSON, half SSE, c=16) after the idle RSS
#                               reading and before the matrix, so tiered JIT has settled (0 = off)
#   PAUSE=1                     seconds between runs
#   UPSTREAM_REF=1              also replay the gateway's own upstream request (captured from the mock) directly to the
#                               mock, streaming, at each concurrency: what the upstream call alone costs (0 = off)
#   SKIP_BUILD=0                1 = use the existing Release builds
#   KEEP_STATE=0                1 = keep the gateway state dirs (SQLite) and the binaries' copies under OUT_DIR
#   RESULTS=bench/RESULTS.md    where the report goes; OUT_DIR=bench/out/<utc-stamp> for the raw JSON + logs
#   BENCH_NOTE="..."            a free-text line added to the report's notes
#   SLOWREADER=0                1 = afterwards also run bench/slowreader.sh on this gateway build (its own knobs apply)
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"

DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-3}"
CONCURRENCY="${CONCURRENCY:-1 16}"
STREAMS="${STREAMS:-false true}"
REPEAT="${REPEAT:-1}"
PROMPT="${PROMPT:-say hello to the benchmark}"
GATEWAY_ENV="${GATEWAY_ENV:-}"
MAX_CONCURRENT="${MAX_CONCURRENT:-}"
VARIANT_ENV="${VARIANT_ENV:-}"
VARIANT_BUILD="${VARIANT_BUILD:-}"
HAS_VARIANT=""; if [[ -n "$VARIANT_ENV" || -n "$VARIANT_BUILD" ]]; then HAS_VARIANT=1; fi
MOCK_LOG="${MOCK_LOG-/dev/null}"
SETTLE="${SETTLE:-5}"
IDLE_REQUESTS="${IDLE_REQUESTS:-10}"
PAUSE="${PAUSE:-1}"
PREWARM="${PREWARM:-20}"
UPSTREAM_REF="${UPSTREAM_REF:-1}"
SKIP_BUILD="${SKIP_BUILD:-0}"
KEEP_STATE="${KEEP_STATE:-0}"
RESULTS="${RESULTS:-$BENCH_DIR/RESULTS.md}"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT_DIR="${OUT_DIR:-$BENCH_DIR/out/$STAMP}"
TOKEN="bench-token-0123456789"
MOCK_SCRIPT="${MOCK_SCRIPT:-$ROOT/../shared/peer/mock-upstream.mjs}"

GATEWAY_BUILD="$ROOT/src/OpenClaw.Cli/bin/Release/net10.0"
BENCH_BUILD="$BENCH_DIR/OpenClaw.Bench/bin/Release/net10.0"

# The exact command, with every knob that was set explicitly.
COMMAND=""
for knob in DURATION WARMUP CONCURRENCY STREAMS REPEAT PROMPT GATEWAY_ENV MAX_CONCURRENT VARIANT_ENV VARIANT_BUILD MOCK_LOG SETTLE IDLE_REQUESTS PREWARM UPSTREAM_REF PAUSE SKIP_BUILD KEEP_STATE RESULTS OUT_DIR BENCH_NOTE; do
  if [[ -n "${!knob+x}" ]] && env | grep -q "^$knob="; then COMMAND+="$knob=$(printf '%q' "${!knob}") "; fi
done
COMMAND+="bench/run.sh"

log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

MOCK_PID=""
GW_PID=""
BASE_PID=""
VARIANT_PID=""
CLIENT_PID=""
stop_pid() { # stop_pid PID NAME: TERM, wait up to 10 s, then KILL
  local pid="$1" name="$2"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }; sleep 0.1; done
  log "$name (pid $pid) did not stop after SIGTERM; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_pid "$CLIENT_PID" client
  stop_pid "$GW_PID" gateway
  stop_pid "$BASE_PID" gateway
  stop_pid "$VARIANT_PID" variant
  stop_pid "$MOCK_PID" mock
  exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});'
}

wait_http() { # wait_http URL NAME PID
  local url="$1" name="$2" pid="$3"
  for _ in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || { log "$name exited during start-up; see $OUT_DIR/$name.log"; tail -20 "$OUT_DIR/$name.log" >&2; return 1; }
    [[ "$(curl -s -o /dev/null -w '%{http_code}' "$url" || true)" == "200" ]] && return 0
    sleep 0.1
  done
  log "$name not ready after 30 s ($url)"; return 1
}

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

mkdir -p "$OUT_DIR"
log "results: $OUT_DIR"

# ---------------------------------------------------------------- build
git_state() { echo "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" status --porcelain -- src 2>/dev/null | grep -q . && echo ' + uncommitted changes in src/')"; }
GIT_BEFORE="$(git_state)"
if [[ "$SKIP_BUILD" != "1" ]]; then
  log "building Release (gateway + load generator)"
  dotnet build -c Release "$ROOT/src/OpenClaw.Cli" -nologo -v q >"$OUT_DIR/build.log" 2>&1 || { tail -30 "$OUT_DIR/build.log" >&2; exit 1; }
  dotnet build -c Release "$BENCH_DIR/OpenClaw.Bench" -nologo -v q >>"$OUT_DIR/build.log" 2>&1 || { tail -30 "$OUT_DIR/build.log" >&2; exit 1; }
fi
[[ -f "$GATEWAY_BUILD/openclaw.dll" && -f "$BENCH_BUILD/openclaw-bench.dll" ]] || { log "missing build output in $GATEWAY_BUILD / $BENCH_BUILD"; exit 1; }

# Run private copies: src/ may be rebuilt by someone else while the benchmark runs, and overwriting the
# assemblies of a running process (or swapping them between the runs) would corrupt the measurement.
snapshot() { # snapshot FROM TO: the build output without other platforms' native libraries
  local from="$1" to="$2" rid
  mkdir -p "$to"
  (cd "$from" && tar --exclude=./runtimes -cf - .) | (cd "$to" && tar -xf -)
  case "$(uname -m)" in x86_64) rid=linux-x64 ;; aarch64) rid=linux-arm64 ;; *) rid="" ;; esac
  if [[ -n "$rid" && -d "$from/runtimes/$rid" ]]; then mkdir -p "$to/runtimes" && cp -a "$from/runtimes/$rid" "$to/runtimes/"
  elif [[ -d "$from/runtimes" ]]; then cp -a "$from/runtimes" "$to/"; fi
}
snapshot "$GATEWAY_BUILD" "$OUT_DIR/bin/gateway"
snapshot "$BENCH_BUILD" "$OUT_DIR/bin/bench"
GATEWAY_DLL="$OUT_DIR/bin/gateway/openclaw.dll"
BENCH_DLL="$OUT_DIR/bin/bench/openclaw-bench.dll"
GATEWAY_SHA="$(cat "$OUT_DIR"/bin/gateway/{openclaw,OpenClaw.Gateway,OpenClaw.Core}.dll | sha256sum | cut -c1-12)"
VARIANT_DLL="$GATEWAY_DLL"; VARIANT_SHA="$GATEWAY_SHA"
if [[ -n "$VARIANT_BUILD" ]]; then
  [[ -f "$VARIANT_BUILD/openclaw.dll" ]] || { log "VARIANT_BUILD=$VARIANT_BUILD has no openclaw.dll"; exit 1; }
  snapshot "$VARIANT_BUILD" "$OUT_DIR/bin/variant"
  VARIANT_DLL="$OUT_DIR/bin/variant/openclaw.dll"
  VARIANT_SHA="$(cat "$OUT_DIR"/bin/variant/{openclaw,OpenClaw.Gateway,OpenClaw.Core}.dll | sha256sum | cut -c1-12)"
fi

# ---------------------------------------------------------------- mock
MOCK_PORT="$(free_port)"
log "starting mock upstream on 127.0.0.1:$MOCK_PORT"
PORT="$MOCK_PORT" MOCK_LOG="$MOCK_LOG" node "$MOCK_SCRIPT" >"$OUT_DIR/mock.log" 2>&1 &
MOCK_PID=$!
wait_http "http://127.0.0.1:$MOCK_PORT/__mock/health" mock "$MOCK_PID"

# ---------------------------------------------------------------- gateway
CONFIG="$OUT_DIR/openclaw.json5"
cat >"$CONFIG" <<EOF
{ gateway: { mode: "local", auth: { mode: "token", token: "$TOKEN" }, http: { endpoints: { chatCompletions: { enabled: true } } } },
  agents: { defaults: { model: { primary: "mock/mock-model" }${MAX_CONCURRENT:+, maxConcurrent: $MAX_CONCURRENT} } },
  models: { mode: "replace", providers: { mock: { baseUrl: "http://127.0.0.1:$MOCK_PORT/v1", apiKey: "mock-local", api: "openai-completions",
    models: [{ id: "mock-model", contextWindow: 128000, maxTokens: 4096 }] } } } }
EOF

GW_PORT=""
STATE_DIR=""
CUR_REP=1
start_gateway() { # start_gateway NAME EXTRA_ENV...
  local name="$1"; shift
  GW_PORT="$(free_port)"
  STATE_DIR="$OUT_DIR/state-$name"
  rm -rf "$STATE_DIR"; mkdir -p "$STATE_DIR"
  log "starting gateway ($name) on 127.0.0.1:$GW_PORT ${*:+with $*}"
  # shellcheck disable=SC2086
  env OPENCLAW_STATE_DIR="$STATE_DIR" OPENCLAW_CONFIG_PATH="$CONFIG" \
    Serilog__MinimumLevel__Default=Warning "Serilog__MinimumLevel__Override__Microsoft.Hosting.Lifetime=Warning" \
    "$@" dotnet "${START_DLL:-$GATEWAY_DLL}" gateway run --port "$GW_PORT" >"$OUT_DIR/$name.log" 2>&1 &
  GW_PID=$!
  wait_http "http://127.0.0.1:$GW_PORT/readyz" "$name" "$GW_PID"
}

# Idle RSS: right after readiness, then after a few agent turns (JSON + SSE) and a settle period.
measure_idle() { # measure_idle PREFIX
  local prefix="$1" ready i
  ready="$(rss_kb "$GW_PID")"
  for i in $(seq 1 "$IDLE_REQUESTS"); do
    local stream=false; (( i % 2 == 0 )) && stream=true
    curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
      -d "{\"model\":\"openclaw\",\"stream\":$stream,\"messages\":[{\"role\":\"user\",\"content\":\"idle probe $i\"}]}" \
      "http://127.0.0.1:$GW_PORT/v1/chat/completions" || { log "idle probe request $i failed"; return 1; }
  done
  sleep "$SETTLE"
  local idle; idle="$(rss_kb "$GW_PID")"
  log "gateway RSS: ready $((ready / 1024)) MiB, idle $((idle / 1024)) MiB"
  printf '%s_ready_rss_kb=%s\n%s_idle_rss_kb=%s\n' "$prefix" "$ready" "$prefix" "$idle" >>"$OUT_DIR/meta.txt"
}

body() { # body MODEL STREAM
  printf '{"model":"%s","stream":%s,"messages":[{"role":"user","content":"%s"}]}' "$1" "$2" "$PROMPT"
}

run_one() { # run_one TARGET STREAM C VARIANT [DURATION WARMUP]
  local target="$1" stream="$2" c="$3" variant="$4" duration="${5:-$DURATION}" warmup="${6:-$WARMUP}" mode url model auth
  mode=$([[ "$stream" == true ]] && echo stream || echo json)
  if [[ "$target" == direct || "$target" == upstream ]]; then
    url="http://127.0.0.1:$MOCK_PORT/v1/chat/completions"; model=mock-model; auth="Bearer mock-local"
  else
    url="http://127.0.0.1:$GW_PORT/v1/chat/completions"; model=openclaw; auth="Bearer $TOKEN"   # gateway, prewarm
  fi
  local name="$target-$mode-c$c"
  if [[ "$variant" != base ]]; then name+="-$variant"; fi
  if (( REPEAT > 1 )) && [[ "$target" != prewarm ]]; then name+="-r$CUR_REP"; fi
  local body_args=(--body "$(body "$model" "$stream")")
  if [[ "$target" == upstream ]]; then body_args=(--body-file "$OUT_DIR/upstream-body.json"); fi
  local args=(run --name "$name" --url "$url" "${body_args[@]}" --header "Authorization: $auth"
    -c "$c" --duration "$duration" --warmup "$warmup" --label "target=$target" --label "variant=$variant" --label "rep=$CUR_REP"
    --proc "gateway=$GW_PID" --proc "mock=$MOCK_PID" --out "$OUT_DIR/$name.json")
  [[ "$stream" == true ]] && args+=(--stream)
  log "run $name"
  dotnet "$BENCH_DLL" "${args[@]}" &
  CLIENT_PID=$!
  local rc=0
  wait "$CLIENT_PID" || rc=$?
  CLIENT_PID=""
  kill -0 "$GW_PID" 2>/dev/null || { log "the gateway died during $name; see $OUT_DIR/gateway.log"; exit 1; }
  (( rc == 0 )) || { log "run $name failed (exit $rc)"; exit 1; }
  sleep "$PAUSE"
}

# Unmeasured load on a fresh gateway: tier-1 JIT of the request path takes tens of seconds of CPU on 2 cores.
prewarm() { # prewarm VARIANT
  [[ "$PREWARM" == 0 ]] && return 0
  local half; half="$(awk -v p="$PREWARM" 'BEGIN { printf "%g", p / 2 }')"
  log "pre-warming the gateway (${PREWARM} s)"
  run_one prewarm false 16 "$1" "$half" 0 >/dev/null
  run_one prewarm true 16 "$1" "$half" 0 >/dev/null
}

# Interference: what the rest of the machine is doing right before the runs (the machine may be shared).
background_load() {
  local a b
  a="$(awk '/^cpu / { t = 0; for (i = 2; i <= 9; i++) t += $i; print t - $5 - $6, t }' /proc/stat)"
  sleep 3
  b="$(awk '/^cpu / { t = 0; for (i = 2; i <= 9; i++) t += $i; print t - $5 - $6, t }' /proc/stat)"
  awk -v a="$a" -v b="$b" -v n="$(nproc)" -v l="$(cut -d' ' -f1-3 /proc/loadavg)" 'BEGIN {
    split(a, x, " "); split(b, y, " "); busy = (y[1] - x[1]) / (y[2] - x[2]);
    printf "%.0f %% of all cores busy (%.2f cores) over 3 s before start; load average %s\n", 100 * busy, busy * n, l }'
}

# ---------------------------------------------------------------- machine facts
BACKGROUND="$(background_load)"
log "background: $BACKGROUND"
{
  echo "background=$BACKGROUND"
  echo "date_utc=$(date -u '+%Y-%m-%d %H:%M:%S')"
  echo "command=$COMMAND"
  echo "nproc=$(nproc)"
  echo "cpu_model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
  echo "mem_total=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
  echo "kernel=$(uname -sr)"
  echo "dotnet_version=$(dotnet --version)"
  echo "node_version=$(node --version)"
  GIT_AFTER="$(git_state)"
  if [[ "$GIT_AFTER" == "$GIT_BEFORE" ]]; then echo "git_commit=$GIT_AFTER"
  else echo "git_commit=$GIT_AFTER (was $GIT_BEFORE when the build started: src/ changed during the build)"; fi
  echo "gateway_sha=$GATEWAY_SHA (sha256 of openclaw.dll + OpenClaw.Gateway.dll + OpenClaw.Core.dll, first 12 hex)"
  echo "duration_s=$DURATION s"
  echo "warmup_s=$WARMUP s"
  echo "prompt=$PROMPT"
  echo "gateway_env=${GATEWAY_ENV:-(none)}; Serilog__MinimumLevel__Default=Warning"
  echo "gateway_config=agents.defaults.maxConcurrent = ${MAX_CONCURRENT:-4 (default)}; full config in the raw results dir (openclaw.json5)"
  echo "mock_env=MOCK_LOG=${MOCK_LOG:-(unset)}"
  echo "idle_requests=$IDLE_REQUESTS"
  echo "settle_s=$SETTLE"
  echo "prewarm=$PREWARM s at c=16 (half JSON, half SSE) after the idle RSS reading"
  if [[ -n "${BENCH_NOTE:-}" ]]; then echo "note=$BENCH_NOTE"; fi
  if [[ -n "$HAS_VARIANT" ]]; then echo "variant_env=${VARIANT_ENV}${VARIANT_BUILD:+${VARIANT_ENV:+ }build $VARIANT_SHA}"; fi
} >"$OUT_DIR/meta.txt"

# ---------------------------------------------------------------- main matrix (and the variant beside it)
# shellcheck disable=SC2086
start_gateway gateway $GATEWAY_ENV
BASE_PID="$GW_PID"; BASE_PORT="$GW_PORT"; BASE_STATE="$STATE_DIR"
measure_idle gateway
if [[ "$UPSTREAM_REF" == 1 ]]; then
  # The last upstream request the gateway sent (an idle probe's), as the mock received it.
  node -e 'fetch(process.argv[1]).then((r) => r.json()).then((j) => {
      const e = j.entries.filter((x) => x.path.startsWith("/v1/chat/completions") && x.body && x.body.messages).pop();
      if (!e) { console.error("no upstream request captured"); process.exit(1); }
      process.stdout.write(JSON.stringify(e.body)); })' "http://127.0.0.1:$MOCK_PORT/__mock/requests?limit=20" >"$OUT_DIR/upstream-body.json"
  echo "upstream_body_bytes=$(wc -c <"$OUT_DIR/upstream-body.json")" >>"$OUT_DIR/meta.txt"
fi
use_gateway() { GW_PID="$1"; GW_PORT="$2"; STATE_DIR="$3"; }
if [[ -n "$HAS_VARIANT" ]]; then
  # The variant runs beside the base, so both see the same machine: the pairs below alternate within each repetition.
  # shellcheck disable=SC2086
  START_DLL="$VARIANT_DLL" start_gateway variant $GATEWAY_ENV $VARIANT_ENV
  VARIANT_PID="$GW_PID"; VARIANT_PORT="$GW_PORT"; VARIANT_STATE="$STATE_DIR"
  measure_idle variant
  use_gateway "$BASE_PID" "$BASE_PORT" "$BASE_STATE"
fi
run_variant() {
  use_gateway "$VARIANT_PID" "$VARIANT_PORT" "$VARIANT_STATE"
  run_one gateway "$1" "$2" variant
  use_gateway "$BASE_PID" "$BASE_PORT" "$BASE_STATE"
}
prewarm base
if [[ -n "$HAS_VARIANT" ]]; then use_gateway "$VARIANT_PID" "$VARIANT_PORT" "$VARIANT_STATE"; prewarm variant; fi
for stream in $STREAMS; do
  for c in $CONCURRENCY; do
    for CUR_REP in $(seq 1 "$REPEAT"); do
      use_gateway "$BASE_PID" "$BASE_PORT" "$BASE_STATE"
      run_one direct "$stream" "$c" base
      # Even repetitions run the variant first, so neither gateway always follows the direct run.
      if [[ -n "$HAS_VARIANT" ]] && ((CUR_REP % 2 == 0)); then run_variant "$stream" "$c"; fi
      run_one gateway "$stream" "$c" base
      if [[ "$stream" == true && "$UPSTREAM_REF" == 1 ]]; then run_one upstream true "$c" base; fi
      if [[ -n "$HAS_VARIANT" ]] && ((CUR_REP % 2 == 1)); then run_variant "$stream" "$c"; fi
    done
  done
done
CUR_REP=1
echo "gateway_state_bytes=$(du -sb "$BASE_STATE" | cut -f1)" >>"$OUT_DIR/meta.txt"
GW_PID=""
stop_pid "$BASE_PID" gateway; BASE_PID=""
if [[ -n "$HAS_VARIANT" ]]; then
  echo "variant_state_bytes=$(du -sb "$VARIANT_STATE" | cut -f1)" >>"$OUT_DIR/meta.txt"
  stop_pid "$VARIANT_PID" variant; VARIANT_PID=""
fi
stop_pid "$MOCK_PID" mock; MOCK_PID=""

# ---------------------------------------------------------------- report
for log_file in "$OUT_DIR"/gateway.log "$OUT_DIR"/variant.log; do
  if [[ -s "$log_file" ]]; then
    log "note: $(basename "$log_file") is not empty ($(wc -l <"$log_file") lines of Warning+ logs)"
    echo "note=\`$(basename "$log_file")\` has $(wc -l <"$log_file") lines of Warning+ output (kept in the raw results dir)." >>"$OUT_DIR/meta.txt"
  fi
done
dotnet "$BENCH_DLL" report --dir "$OUT_DIR" --out "$RESULTS"
if [[ "${SLOWREADER:-0}" == 1 ]]; then GATEWAY_DLL="$GATEWAY_DLL" SKIP_BUILD=1 RESULTS="$RESULTS" OUT_DIR="$OUT_DIR/slowreader" "$BENCH_DIR/slowreader.sh"; fi
if [[ "$KEEP_STATE" != "1" ]]; then rm -rf "$OUT_DIR"/state-* "$OUT_DIR/bin"; fi
log "done: $RESULTS"
