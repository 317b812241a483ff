#!/usr/bin/env bash
# The other direction of agent-runtime.md §9 item 11: OUR `openclaw` CLI against the ORIGINAL gateway
# (../shared/peer/run-reference.sh). Not a CI step (the reference needs Node 24, openclaw from npm and ~15 s to start);
# run it by hand after changing the CLI's WebSocket client. Starts the reference if it is not ready and stops it
# again only then. Settings: REF_PORT [18789], REF_TOKEN [ref-token-0123456789].
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
peer="$repo/../shared/peer"
port="${REF_PORT:-18789}"
token="${REF_TOKEN:-ref-token-0123456789}"
url="ws://127.0.0.1:$port"
work="$(mktemp -d)"
started=0
cleanup() {
  [[ $started -eq 1 ]] && (cd "$peer" && ./run-reference.sh stop >/dev/null 2>&1 || true)
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

if ! curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; then
  (cd "$peer" && ./run-reference.sh start >/dev/null)
  started=1
fi

dotnet build "$repo/src/OpenClaw.Cli" -c Release -nologo -v quiet >/dev/null
ours=(dotnet "$repo/src/OpenClaw.Cli/bin/Release/net10.0/openclaw.dll")
export HOME="$work" OPENCLAW_STATE_DIR="$work/state"
unset OPENCLAW_GATEWAY_URL OPENCLAW_GATEWAY_TOKEN OPENCLAW_GATEWAY_PASSWORD OPENCLAW_CONFIG_PATH

failed=0
check() {
  local name="$1" expect="$2"; shift 2
  local out
  if out="$("$@" 2>&1)" && grep -q -- "$expect" <<<"$out"; then
    echo "ok - $name"
  else
    echo "not ok - $name"; printf '%s\n' "$out" | sed 's/^/    /' | head -20; failed=$((failed + 1))
  fi
}

text="ours-to-reference-$RANDOM"
check "gateway call health" '"ok": true' "${ours[@]}" gateway call health --url "$url" --token "$token"
check "gateway call sessions.list" '"sessions"' "${ours[@]}" gateway call sessions.list --url "$url" --token "$token"
check "agent --message" "echo: $text" "${ours[@]}" agent --agent main -m "$text" --url "$url" --token "$token"
check "health" "Agents: main (default)" "${ours[@]}" health --url "$url" --token "$token"
check "status" "Gateway: reachable at $url/" "${ours[@]}" status --url "$url" --token "$token"
echo "ours-against-reference: $failed failed"
[[ $failed -eq 0 ]]
