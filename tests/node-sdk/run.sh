#!/usr/bin/env bash
# Starts the peer's mock upstream and a gateway configured against it, runs the official `openai` npm SDK tests
# (sdk.test.mjs: chat completions and models; responses.test.mjs: /v1/responses, whose restart case starts and stops
# gateway processes of its own on the same config, see gateway-process.mjs) against the gateway, and stops them all.
# Needs ../shared beside the repository and Node 20+.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
mock="${MOCK_UPSTREAM:-$repo/../shared/peer/mock-upstream.mjs}"
[[ -f "$mock" ]] || { echo "node-sdk: mock upstream not found at $mock" >&2; exit 1; }

free_port() { node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
work="$(mktemp -d)"
pids=()
cleanup() {
  # Gateways a test started and did not see exit (a crashed test) are left in gateway-pids/.
  if [[ -d "$work/gateway-pids" ]]; then
    for file in "$work/gateway-pids"/*; do [[ -f "$file" ]] && pids+=("$(basename "$file")"); done
  fi
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

mock_port="$(free_port)"
gateway_port="$(free_port)"
token="node-sdk-token-$RANDOM$RANDOM"
cat > "$work/openclaw.json" <<JSON
{ gateway: { auth: { mode: "token", token: "$token" },
    http: { endpoints: { chatCompletions: { enabled: true }, responses: { enabled: true } } } },
  agents: { defaults: { model: { primary: "mock/mock-model" } } },
  models: { mode: "replace", providers: { mock: { baseUrl: "http://127.0.0.1:$mock_port/v1", apiKey: "mock-local",
    api: "openai-completions", models: [{ id: "mock-model", maxTokens: 4096 }] } } } }
JSON

dotnet build "$repo/src/OpenClaw.Cli" -c Release -nologo -v quiet >/dev/null
dll="$repo/src/OpenClaw.Cli/bin/Release/net10.0/openclaw.dll"
PORT="$mock_port" MOCK_LOG=/dev/null node "$mock" >"$work/mock.log" 2>&1 &
pids+=($!)
OPENCLAW_STATE_DIR="$work/state" OPENCLAW_CONFIG_PATH="$work/openclaw.json" Serilog__MinimumLevel__Default=Warning \
  dotnet "$dll" gateway run --port "$gateway_port" >"$work/gateway.log" 2>&1 &
pids+=($!)

for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$gateway_port/readyz" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS "http://127.0.0.1:$gateway_port/readyz" >/dev/null || { echo "node-sdk: gateway did not become ready" >&2; cat "$work/gateway.log" >&2; exit 1; }

cd "$here"
npm ci --no-audit --no-fund --loglevel=error
GATEWAY_URL="http://127.0.0.1:$gateway_port" GATEWAY_TOKEN="$token" MOCK_URL="http://127.0.0.1:$mock_port" \
  OPENCLAW_GATEWAY_DLL="$dll" NODE_SDK_CONFIG="$work/openclaw.json" NODE_SDK_WORK="$work" \
  node --test --test-reporter=spec sdk.test.mjs responses.test.mjs
