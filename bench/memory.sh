#!/usr/bin/env bash
# Memory under big request bodies (issue 11 item 2): one 20 MiB chat request, 8 concurrent, 30 sequential, then
# 60 s idle, against a model server that drops the body and answers briefly (bench/sink-upstream.mjs). Samples the
# gateway's VmRSS every 50 ms with `openclaw-bench memory`. With BASELINE_DIR (a Release build output of another
# commit, e.g. main's), that gateway is measured first, then this tree's, in one invocation, one after the other.
# Knobs (environment):
#   BODY_MIB=20 CONCURRENT=8 SEQUENTIAL=30 IDLE=60 SETTLE=5
#   BASELINE_DIR=            the build output (folder holding openclaw.dll) of the "before" gateway
#   BASELINE_LABEL=baseline  its name in the report (e.g. main@7ec4341)
#   UNLIMITED=1              also measure this tree with no body budget (OpenClaw__Http__MaxBodyBytesInFlight=0)
#   RESULTS=bench/RESULTS.md where the "memory" section goes (empty: no report)
#   GATEWAY_ENV="K=V ..."    extra environment for the measured gateways
#   SKIP_BUILD=0             1 = use the existing Release build of src/OpenClaw.Cli
#   OUT_DIR=bench/out/memory-<utc-stamp>
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
BODY_MIB="${BODY_MIB:-20}"
CONCURRENT="${CONCURRENT:-8}"
SEQUENTIAL="${SEQUENTIAL:-30}"
IDLE="${IDLE:-60}"
SETTLE="${SETTLE:-5}"
BASELINE_DIR="${BASELINE_DIR:-}"
BASELINE_LABEL="${BASELINE_LABEL:-baseline}"
UNLIMITED="${UNLIMITED:-1}"
RESULTS="${RESULTS-$BENCH_DIR/RESULTS.md}"
GATEWAY_ENV="${GATEWAY_ENV:-}"
SKIP_BUILD="${SKIP_BUILD:-0}"
OUT_DIR="${OUT_DIR:-$BENCH_DIR/out/memory-$(date -u +%Y%m%dT%H%M%SZ)}"
TOKEN="bench-token-0123456789"

log() { printf '[memory %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});'; }
wait_http() { for _ in $(seq 1 300); do [[ "$(curl -s -o /dev/null -w '%{http_code}' "$1" || true)" == "200" ]] && return 0; sleep 0.1; done; log "not ready: $1"; return 1; }

mkdir -p "$OUT_DIR"
if [[ "$SKIP_BUILD" != "1" ]]; then
  log "building Release"
  dotnet build -c Release "$ROOT/src/OpenClaw.Cli" -nologo -v q >"$OUT_DIR/build.log" 2>&1 || { tail -30 "$OUT_DIR/build.log" >&2; exit 1; }
  dotnet build -c Release "$BENCH_DIR/OpenClaw.Bench" -nologo -v q >>"$OUT_DIR/build.log" 2>&1 || { tail -30 "$OUT_DIR/build.log" >&2; exit 1; }
fi
mkdir -p "$OUT_DIR/bin"
cp -a "$ROOT/src/OpenClaw.Cli/bin/Release/net10.0" "$OUT_DIR/bin/current"
cp -a "$BENCH_DIR/OpenClaw.Bench/bin/Release/net10.0" "$OUT_DIR/bin/bench"

SINK_PORT="$(free_port)"
node "$BENCH_DIR/sink-upstream.mjs" "$SINK_PORT" >"$OUT_DIR/sink.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$SINK_PORT/health"
CONFIG="$OUT_DIR/openclaw.json5"
cat >"$CONFIG" <<JSON
{ gateway: { mode: "local", auth: { mode: "token", token: "$TOKEN" }, http: { endpoints: { chatCompletions: { enabled: true } } } },
  agents: { defaults: { model: { primary: "sink/sink-model" } } },
  models: { mode: "replace", providers: { sink: { baseUrl: "http://127.0.0.1:$SINK_PORT/v1", apiKey: "sink", api: "openai-completions",
    models: [{ id: "sink-model", contextWindow: 128000000, maxTokens: 4096 }] } } } }
JSON

mkdir -p "$OUT_DIR/results"
measure() { # measure NAME BUILD_DIR [EXTRA_ENV...]
  local name="$1" dir="$2" port state pid
  shift 2
  port="$(free_port)"; state="$OUT_DIR/state-$name"; mkdir -p "$state"
  log "gateway $name on 127.0.0.1:$port"
  # shellcheck disable=SC2086
  env OPENCLAW_STATE_DIR="$state" OPENCLAW_CONFIG_PATH="$CONFIG" Serilog__MinimumLevel__Default=Warning \
    $GATEWAY_ENV "$@" dotnet "$dir/openclaw.dll" gateway run --port "$port" >"$OUT_DIR/$name.log" 2>&1 &
  pid=$!; PIDS+=("$pid")
  wait_http "http://127.0.0.1:$port/readyz"
  MEASURED=$((MEASURED + 1))
  dotnet "$OUT_DIR/bin/bench/openclaw-bench.dll" memory --url "http://127.0.0.1:$port/v1/chat/completions" --token "$TOKEN" \
    --pid "$pid" --body-mib "$BODY_MIB" --concurrent "$CONCURRENT" --sequential "$SEQUENTIAL" --idle "$IDLE" --settle "$SETTLE" \
    --name "$name" --out "$OUT_DIR/results/$MEASURED-$name.json" | tee -a "$OUT_DIR/summary.txt"
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
}

MEASURED=0
COMMIT="$(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" status --porcelain -- src | grep -q . && echo '+changes' || true)"
if [[ -n "$BASELINE_DIR" ]]; then
  cp -a "$BASELINE_DIR" "$OUT_DIR/bin/baseline"
  measure "$BASELINE_LABEL" "$OUT_DIR/bin/baseline"
fi
measure "this tree ($COMMIT)" "$OUT_DIR/bin/current"
if [[ "$UNLIMITED" == "1" ]]; then
  measure "this tree ($COMMIT), no body budget" "$OUT_DIR/bin/current" OpenClaw__Http__MaxBodyBytesInFlight=0
fi
log "summary: $OUT_DIR/summary.txt"
if [[ -n "$RESULTS" ]]; then
  dotnet "$OUT_DIR/bin/bench/openclaw-bench.dll" memory-report --dir "$OUT_DIR/results" --results "$RESULTS" \
    --note "Recorded $(date -u +%Y-%m-%d) on $(nproc) cores; RSS of a freshly started gateway; body budget OpenClaw:Http:MaxBodyBytesInFlight = 128 MiB by default." >/dev/null
  log "wrote the memory section of $RESULTS"
fi
