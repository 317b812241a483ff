#!/usr/bin/env bash
# Side-by-side conformance run: the original OpenClaw gateway (reference, via /work/shared/peer/run-reference.sh)
# against our gateway, each with its own mock upstream. Starts everything, runs compare.mjs phase by phase
# (reconfiguring both gateways between phases), writes RESULTS.md, and stops everything it started.
#
#   tests/conformance/run.sh                      # all phases (~8-10 min; the original retries failing upstreams for minutes)
#   REF_FAILURES=recorded tests/conformance/run.sh   # use the recorded T#76-T#81 for the original's slow failure cases
#   PHASES="main single" tests/conformance/run.sh    # a subset (results of other phases are kept if KEEP_RESULTS=1)
#   SKIP_BUILD=1 KEEP_RUNNING=1 ...                  # no dotnet build / leave both gateways running afterwards
#
# Ports (defaults chosen not to collide with 18789/18900 used by other engineers):
#   original 28789, its mock 28900; ours 28790, our mock 28901.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PEER="${PEER_DIR:-/work/shared/peer}"

REF_PORT="${REF_PORT:-28789}"
MOCK_PORT="${MOCK_PORT:-28900}"
REF_DIR="${REF_DIR:-/tmp/openclaw-ref-conf}"
REF_NETNS="${REF_NETNS:-ocrefconf}"        # own namespace name: never touches another engineer's "ocref"
OURS_PORT="${OURS_PORT:-28790}"
OURS_MOCK_PORT="${OURS_MOCK_PORT:-28901}"
OURS_DIR="${OURS_DIR:-/tmp/openclaw-ours-conf}"
TOKEN="${TOKEN:-ref-token-0123456789}"
PHASES="${PHASES:-main failures down recovery ratelimit ratelimit-exempt tools-policy single provider-401 provider-402 disabled}"
REF_FAILURES="${REF_FAILURES:-live}"
NODE="${NODE:-node}"
OUT="$HERE/out"
RESULTS="${RESULTS:-$OUT/results.json}"
REPORT="${REPORT:-$HERE/RESULTS.md}"
BUILD_DIR="$ROOT/src/OpenClaw.Cli/bin/Release/net10.0"
OURS_DLL="${OURS_DIR:-/tmp/openclaw-ours-conf}/bin/openclaw.dll"   # private copy: other engineers rebuild bin/Release while we run
REF_CONFIG="$REF_DIR/state/openclaw.json"
REF_GW_LOG="$REF_DIR/logs/gateway.out"

log() { printf '[conformance] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ------------------------------------------------------------------ original (reference)
ref_cmd() { # ref_cmd CMD [VAR=value ...]
  local cmd="$1"; shift
  (cd "$PEER" && env REF_PORT="$REF_PORT" MOCK_PORT="$MOCK_PORT" REF_DIR="$REF_DIR" REF_NETNS="$REF_NETNS" "$@" ./run-reference.sh "$cmd")
}

# ref_patch JS: edit the running original's config in place (c = parsed config) and wait for its hot reload.
# (run-reference.sh has no switch for gateway.auth.rateLimit; the original hot-reloads that key.)
ref_patch() {
  local before; before="$(grep -c 'config hot reload applied' "$REF_GW_LOG" 2>/dev/null || true)"
  "$NODE" -e "const fs=require('fs');const f=process.argv[1];const c=JSON.parse(fs.readFileSync(f,'utf8'));$1;fs.writeFileSync(f,JSON.stringify(c,null,2)+'\n')" "$REF_CONFIG"
  local i
  for i in $(seq 1 60); do
    [[ "$(grep -c 'config hot reload applied' "$REF_GW_LOG" 2>/dev/null || true)" -gt "$before" ]] && { sleep 1; log "original: config hot reload applied"; return 0; }
    sleep 0.5
  done
  die "original did not hot-reload its config (see $REF_GW_LOG)"
}

# ------------------------------------------------------------------ ours
mkdir -p "$OURS_DIR"
OURS_PID_FILE="$OURS_DIR/gateway.pid"
OURS_MOCK_PID_FILE="$OURS_DIR/mock.pid"
OURS_CONFIG="$OURS_DIR/openclaw.json"

# Our config = the original's generated config (same agents, auth, endpoints, provider), pointed at our mock/port.
write_ours_config() {
  "$NODE" -e "
const fs=require('fs');
const c=JSON.parse(fs.readFileSync(process.argv[1],'utf8'));
c.gateway.port=Number(process.argv[3]);
c.models.providers.mock.baseUrl='http://127.0.0.1:'+process.argv[4]+'/v1';
if (c.logging) c.logging.file=process.argv[5];
fs.writeFileSync(process.argv[2], JSON.stringify(c,null,2)+'\n');
" "$REF_CONFIG" "$OURS_CONFIG" "$OURS_PORT" "$OURS_MOCK_PORT" "$OURS_DIR/openclaw.log"
}

pid_alive() { [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null; }

ours_mock_start() {
  pid_alive "$(cat "$OURS_MOCK_PID_FILE" 2>/dev/null)" && return 0
  PORT="$OURS_MOCK_PORT" MOCK_LOG="$OURS_DIR/mock-requests.jsonl" nohup "$NODE" "$PEER/mock-upstream.mjs" >>"$OURS_DIR/mock.out" 2>&1 </dev/null &
  echo $! > "$OURS_MOCK_PID_FILE"
  local i
  for i in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$OURS_MOCK_PORT/__mock/health" && { log "our mock pid=$(cat "$OURS_MOCK_PID_FILE") on :$OURS_MOCK_PORT"; return 0; }; sleep 0.1; done
  die "our mock did not start (see $OURS_DIR/mock.out)"
}

stop_pid_file() { # stop_pid_file FILE NAME
  local pid; pid="$(cat "$1" 2>/dev/null || true)"
  if pid_alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    local i; for i in $(seq 1 50); do pid_alive "$pid" || break; sleep 0.1; done
    pid_alive "$pid" && kill -KILL "$pid" 2>/dev/null || true
    log "stopped $2 pid=$pid"
  fi
  rm -f "$1"
}

ours_start() {
  write_ours_config
  # The original has no circuit breaker: with ours on, the failure phases (X1–X13, D1–D3) would open the mock's
  # circuit and compare our 503 circuit_open with its 502s. The breaker has its own tests.
  OpenClaw__Providers__CircuitBreaker__Enabled=false \
  HOME="$OURS_DIR/home" OPENCLAW_STATE_DIR="$OURS_DIR/state" OPENCLAW_CONFIG_PATH="$OURS_CONFIG" \
    nohup dotnet "$OURS_DLL" gateway run --port "$OURS_PORT" >>"$OURS_DIR/gateway.out" 2>&1 </dev/null &
  echo $! > "$OURS_PID_FILE"
  local i code
  for i in $(seq 1 120); do
    code="$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$OURS_PORT/readyz" || true)"
    [[ "$code" == 200 ]] && { log "our gateway pid=$(cat "$OURS_PID_FILE") ready on :$OURS_PORT"; return 0; }
    pid_alive "$(cat "$OURS_PID_FILE")" || { tail -n 30 "$OURS_DIR/gateway.out" >&2; die "our gateway exited"; }
    sleep 0.25
  done
  die "our gateway not ready (see $OURS_DIR/gateway.out)"
}
ours_restart() { stop_pid_file "$OURS_PID_FILE" "our gateway"; ours_start; }

# ------------------------------------------------------------------ cleanup
cleanup() {
  local rc=$?
  if [[ "${KEEP_RUNNING:-0}" == 1 ]]; then log "KEEP_RUNNING=1: leaving both gateways running"; exit $rc; fi
  stop_pid_file "$OURS_PID_FILE" "our gateway"
  stop_pid_file "$OURS_MOCK_PID_FILE" "our mock"
  ref_cmd stop >/dev/null 2>&1 || true
  log "original stopped"
  exit $rc
}
trap cleanup EXIT INT TERM

# Make sure both mocks are up (something outside this script may have stopped them).
ensure_mocks() {
  if ! pid_alive "$(cat "$OURS_MOCK_PID_FILE" 2>/dev/null)"; then log "WARNING: our mock was not running; restarting it"; ours_mock_start; fi
  if [[ "$(curl -s -o /dev/null -m 3 -w '%{http_code}' "http://127.0.0.1:$MOCK_PORT/__mock/health" || true)" != 200 ]]; then
    log "WARNING: the original's mock was not answering; restarting it"
    ref_cmd mock-start || true; sleep 1
  fi
}

compare() { # compare PHASE
  log "=== phase $1"
  [[ "$1" == down ]] || ensure_mocks
  "$NODE" "$HERE/compare.mjs" --phase "$1" --results "$RESULTS" --ref-failures "$REF_FAILURES" \
    --ours "http://127.0.0.1:$OURS_PORT" --ours-token "$TOKEN" --ours-mock "http://127.0.0.1:$OURS_MOCK_PORT" \
    --ref "http://127.0.0.1:$REF_PORT" --ref-token "$TOKEN" --ref-mock "http://127.0.0.1:$MOCK_PORT"
}
has_phase() { [[ " $PHASES " == *" $1 "* ]]; }

# ------------------------------------------------------------------ run
command -v "$NODE" >/dev/null || die "node (>= 20) is required"
mkdir -p "$OUT" "$(dirname "$RESULTS")"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  log "building our gateway (Release)"
  (cd "$ROOT" && dotnet build src/OpenClaw.Cli -c Release -v q -nologo) >"$OUT/build.log" 2>&1 || { tail -n 30 "$OUT/build.log" >&2; die "dotnet build failed"; }
fi
[[ -f "$BUILD_DIR/openclaw.dll" ]] || die "missing $BUILD_DIR/openclaw.dll"
rm -rf "$OURS_DIR/bin"; cp -a "$BUILD_DIR" "$OURS_DIR/bin"
"$NODE" -e '
const {execSync}=require("child_process");const root=process.argv[1];
const sh=(c)=>{try{return execSync(c,{cwd:root}).toString().trim()}catch{return ""}};
require("fs").writeFileSync(process.argv[2], JSON.stringify({builtAt:new Date().toISOString(), skipBuild:process.argv[3]==="1", commit:sh("git rev-parse --short HEAD"),
  dirty:sh("git status --porcelain -- src").split("\n").filter(Boolean).map((l)=>l.slice(3))}, null, 1));' "$ROOT" "$(dirname "$RESULTS")/build-info.json" "${SKIP_BUILD:-0}"
[[ "${KEEP_RESULTS:-0}" == 1 ]] || rm -f "$RESULTS"
rm -rf "$OURS_DIR/state" "$OURS_DIR/home"; mkdir -p "$OURS_DIR/state" "$OURS_DIR/home"

log "starting the original with wiped state (first start installs Node 24 + openclaw: a few minutes)"
ref_cmd stop >/dev/null 2>&1 || true
ref_cmd start REF_FRESH=1 >/dev/null
ours_mock_start
ours_start

has_phase main && compare main
has_phase failures && compare failures
if has_phase down; then
  ref_cmd mock-stop || true   # (run-reference.sh mock-stop exits 1 even on success)
  stop_pid_file "$OURS_MOCK_PID_FILE" "our mock"
  compare down
  ref_cmd mock-start || true; ours_mock_start; sleep 1
fi
has_phase recovery && compare recovery

if has_phase ratelimit; then
  ref_patch "c.gateway.auth.rateLimit={maxAttempts:1,exemptLoopback:false,lockoutMs:4000}"
  ours_restart
  compare ratelimit
fi
if has_phase ratelimit-exempt; then
  ref_patch "c.gateway.auth.rateLimit={maxAttempts:1}"
  ours_restart
  compare ratelimit-exempt
fi
if has_phase tools-policy; then
  ref_patch "c.gateway.tools={allow:['write','exec'],deny:['ls','exec','agents_list']}"   # the original hot-reloads gateway.tools
  ours_restart
  compare tools-policy
fi
if has_phase single; then
  ref_cmd restart REF_AGENTS=main >/dev/null
  ours_restart
  compare single
fi
for p in provider-401 provider-402; do
  if has_phase $p; then
    ref_cmd restart REF_FRESH=1 >/dev/null   # clears the provider-key cooldown left by the previous phase
    ours_restart
    compare $p
  fi
done
if has_phase disabled; then
  ref_cmd restart REF_CHAT=0 REF_RESPONSES=0 >/dev/null
  ours_restart
  compare disabled
fi

"$NODE" "$HERE/compare.mjs" --report --results "$RESULTS" --out "$REPORT"
