#!/usr/bin/env bash
# Slow-reader scenario (bench/README.md): one long streamed answer to a client that reads its first bytes, stops
# reading for a while, then reads to the end -- through this tree's gateway and, side by side, a baseline build of
# another git ref. Writes the "slowreader" section of RESULTS.md (the other sections are kept). Knobs (environment):
#   CHUNKS=40000 CHUNK_CHARS=64     content deltas of the answer, characters per delta
#   STALL=6 STALL_AFTER_BYTES=65536 seconds without reading, after this many bytes read
#   RECEIVE_BUFFER=                 the client's fixed socket receive buffer in bytes (empty = OS autotuning)
#   BASELINE_REF=main               git ref built as the "before" column (empty = this tree only)
#   GATEWAY_DLL=                    use this openclaw.dll as "after" instead of building src/ (run.sh passes its copy)
#   SKIP_BUILD=0                    1 = reuse the existing Release builds of src/ and bench/
#   RESULTS=bench/RESULTS.md        OUT_DIR=bench/out/slowreader-<utc-stamp> for the raw JSON and the baseline build
#   NOTE="..."                      a free-text paragraph added to the section
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
CHUNKS="${CHUNKS:-40000}"
CHUNK_CHARS="${CHUNK_CHARS:-64}"
STALL="${STALL:-6}"
STALL_AFTER_BYTES="${STALL_AFTER_BYTES:-65536}"
RECEIVE_BUFFER="${RECEIVE_BUFFER:-}"
BASELINE_REF="${BASELINE_REF-main}"
GATEWAY_DLL="${GATEWAY_DLL:-}"
SKIP_BUILD="${SKIP_BUILD:-0}"
RESULTS="${RESULTS:-$BENCH_DIR/RESULTS.md}"
NOTE="${NOTE:-}"
OUT_DIR="${OUT_DIR:-$BENCH_DIR/out/slowreader-$(date -u +%Y%m%dT%H%M%SZ)}"
BENCH_BUILD="$BENCH_DIR/OpenClaw.Bench/bin/Release/net10.0"

log() { printf '[slowreader %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
build() { # build PROJECT: Release, quiet, log kept in OUT_DIR
  dotnet build -c Release "$1" -nologo -v q >>"$OUT_DIR/build.log" 2>&1 || { tail -30 "$OUT_DIR/build.log" >&2; exit 1; }
}

mkdir -p "$OUT_DIR"
HEAD_SHA="$(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" status --porcelain -- src | grep -q . && echo '+changes' || true)"
if [[ -z "$GATEWAY_DLL" ]]; then
  [[ "$SKIP_BUILD" == 1 ]] || { log "building this tree ($HEAD_SHA)"; build "$ROOT/src/OpenClaw.Cli"; }
  mkdir -p "$OUT_DIR/after" && cp -a "$ROOT/src/OpenClaw.Cli/bin/Release/net10.0/." "$OUT_DIR/after/"
  GATEWAY_DLL="$OUT_DIR/after/openclaw.dll"
fi
[[ "$SKIP_BUILD" == 1 ]] || build "$BENCH_DIR/OpenClaw.Bench"

GATEWAYS=()
if [[ -n "$BASELINE_REF" ]]; then
  BASE_SHA="$(git -C "$ROOT" rev-parse --short "$BASELINE_REF")"
  log "building the baseline $BASELINE_REF ($BASE_SHA) from its committed tree"
  mkdir -p "$OUT_DIR/baseline"
  git -C "$ROOT" archive "$BASELINE_REF" | tar -x -C "$OUT_DIR/baseline"
  build "$OUT_DIR/baseline/src/OpenClaw.Cli"
  GATEWAYS+=(--gateway "before ($BASELINE_REF $BASE_SHA)=$OUT_DIR/baseline/src/OpenClaw.Cli/bin/Release/net10.0/openclaw.dll")
fi
GATEWAYS+=(--gateway "after ($HEAD_SHA)=$GATEWAY_DLL")

ARGS=(slowreader "${GATEWAYS[@]}" --chunks "$CHUNKS" --chunk-chars "$CHUNK_CHARS" --stall "$STALL"
  --stall-after-bytes "$STALL_AFTER_BYTES" --out "$OUT_DIR/slowreader.result" --results "$RESULTS")
[[ -n "$RECEIVE_BUFFER" ]] && ARGS+=(--receive-buffer "$RECEIVE_BUFFER")
ARGS+=(--note "Command: \`$(for k in CHUNKS CHUNK_CHARS STALL STALL_AFTER_BYTES RECEIVE_BUFFER BASELINE_REF; do [[ -n "${!k}" ]] && printf '%s=%q ' "$k" "${!k}"; done)bench/slowreader.sh\`; machine: $(nproc) cores, $(uname -sr), dotnet $(dotnet --version); raw results: \`${OUT_DIR#"$ROOT"/}\`.${NOTE:+ $NOTE}")
dotnet "$BENCH_BUILD/openclaw-bench.dll" "${ARGS[@]}"
rm -rf "$OUT_DIR/baseline" "$OUT_DIR/after"
log "done: $RESULTS"
