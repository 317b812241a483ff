// The official `openai` npm SDK (v6) `client.responses` against /v1/responses of a running gateway whose model is the
// peer's mock upstream: it answers "echo: <last user text>" and calls a client tool on [[mock:client_tool=NAME {args}]].
// Env (set by run.sh): GATEWAY_URL, GATEWAY_TOKEN, MOCK_URL (the mock's /__mock/requests shows what the model saw), and
// for the restart case those of gateway-process.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import OpenAI from "openai";
import { startGateway } from "./gateway-process.mjs";

const apiKey = process.env.GATEWAY_TOKEN ?? "";
const mockURL = process.env.MOCK_URL ?? "http://127.0.0.1:18900";
const clientFor = (gatewayURL) => new OpenAI({ baseURL: `${gatewayURL}/v1`, apiKey, maxRetries: 0, timeout: 30_000 });
const client = clientFor(process.env.GATEWAY_URL ?? "http://127.0.0.1:18789");
const model = "openclaw/main";

const weatherTool = {
  type: "function",
  name: "get_weather",
  description: "Weather for a city",
  parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  strict: false,
};
const askWeather = 'weather in Paris? [[mock:client_tool=get_weather {"city":"Paris"}]]';

async function upstreamSeq() {
  return (await (await fetch(`${mockURL}/__mock/health`)).json()).seq;
}

const withoutEnvelope = (text) => text.replace(/^\[[^\]\n]*\]\s*/, "");

/** The chat request the model received after `since` whose current (last) message is the client's tool result. */
async function upstreamCallWithToolResult(since, callId) {
  const { entries } = await (await fetch(`${mockURL}/__mock/requests?since=${since}`)).json();
  const calls = entries.filter((e) => e.path.startsWith("/v1/chat/completions") && typeof e.body === "object");
  const call = calls.find((e) => withoutEnvelope(String(e.body.messages.at(-1).content)) === `Tool:${callId}: sunny, 21C`);
  assert.ok(call, `the model saw the tool result of ${callId} as the current message`);
  return call.body.messages;
}

/** The model saw the first turn (the question and its own call of the client tool) before the tool result. */
function assertFirstTurnInHistory(messages, callId) {
  const question = messages.findIndex((m) => m.role === "user" && withoutEnvelope(String(m.content)) === askWeather);
  assert.ok(question > 0, "the first turn's question is in the continued session");
  const assistant = messages[question + 1];
  assert.equal(assistant.role, "assistant");
  assert.deepEqual(assistant.tool_calls.map((c) => [c.id, c.function.name]), [[callId, "get_weather"]]);
}

// The text of a response's message items (what `output_text` holds; the SDK sets that on create(), not on a stream's
// final response).
const outputText = (response) =>
  response.output.filter((item) => item.type === "message").flatMap((item) => item.content.map((part) => part.text)).join("");

/** The single function_call item; a stream always has the assistant message item first, here with empty text (§6.12). */
function assertFunctionCall(response, { streamed = false } = {}) {
  assert.equal(response.status, "completed");
  const calls = response.output.filter((item) => item.type === "function_call");
  assert.deepEqual(response.output.map((item) => item.type), streamed ? ["message", "function_call"] : ["function_call"]);
  assert.equal(outputText(response), "");
  const [call] = calls;
  assert.equal(call.type, "function_call");
  assert.match(call.id, /^call_/);
  assert.match(call.call_id, /^call_mock_/);
  assert.equal(call.name, "get_weather");
  assert.deepEqual(JSON.parse(call.arguments), { city: "Paris" });
  return call;
}

const toolResultTurn = (first, call) => ({
  model,
  previous_response_id: first.id,
  tools: [weatherTool],
  input: [{ type: "function_call_output", call_id: call.call_id, output: "sunny, 21C" }],
});

test("responses.create returns the agent's answer, ids and usage", async () => {
  const response = await client.responses.create({ model, instructions: "Be brief.", input: "hello responses" });
  assert.match(response.id, /^resp_/);
  assert.equal(response.object, "response");
  assert.equal(response.status, "completed");
  assert.equal(response.model, model);
  assert.equal(response.output_text, "echo: hello responses");
  const [message] = response.output;
  assert.equal(message.type, "message");
  assert.match(message.id, /^msg_/);
  assert.equal(message.role, "assistant");
  assert.deepEqual(message.content, [{ type: "output_text", text: "echo: hello responses" }]);
  assert.ok(response.usage.input_tokens > 0);
  assert.equal(response.usage.total_tokens, response.usage.input_tokens + response.usage.output_tokens);
});

test("responses.create accepts the SDK's easy input messages ({role, content})", async () => {
  const response = await client.responses.create({
    model,
    input: [
      { role: "developer", content: "Answer in one line." },
      { role: "user", content: "easy input" },
    ],
  });
  assert.equal(response.output_text, "echo: easy input");
});

test("responses.create with stream: true yields the lifecycle events and the text deltas in order", async () => {
  const stream = await client.responses.create({ model, input: "stream me three words", stream: true });
  const types = [];
  let text = "";
  let completed;
  for await (const event of stream) {
    types.push(event.type);
    if (event.type === "response.output_text.delta") text += event.delta;
    if (event.type === "response.completed") completed = event.response;
  }
  assert.deepEqual(types.slice(0, 4), ["response.created", "response.in_progress", "response.output_item.added", "response.content_part.added"]);
  assert.deepEqual(types.slice(-4), ["response.output_text.done", "response.content_part.done", "response.output_item.done", "response.completed"]);
  assert.ok(types.filter((t) => t === "response.output_text.delta").length > 1, "the text arrives in several deltas");
  assert.equal(text, "echo: stream me three words");
  assert.equal(completed.status, "completed");
  assert.equal(completed.output[0].content[0].text, "echo: stream me three words");
  assert.ok(completed.usage.output_tokens > 0);
});

test("responses.stream accumulates the deltas into its snapshot and final response", async () => {
  const stream = client.responses.stream({ model, input: "helper stream words" });
  const snapshots = [];
  stream.on("response.output_text.delta", (event) => snapshots.push(event.snapshot));
  const final = await stream.finalResponse();
  assert.equal(final.status, "completed");
  assert.equal(outputText(final), "echo: helper stream words");
  assert.equal(snapshots.at(-1), "echo: helper stream words");
  assert.ok(snapshots.length > 1);
});

test("a client function tool round trip continues the session by previous_response_id", async () => {
  // Turn 1: the model calls the client tool.
  const first = await client.responses.create({ model, tools: [weatherTool], input: askWeather });
  const call = assertFunctionCall(first);

  // Turn 2: the client answers the call; the gateway continues the first response's session.
  const since = await upstreamSeq();
  const second = await client.responses.create(toolResultTurn(first, call));

  assert.equal(second.status, "completed");
  assert.equal(second.output_text, `echo: Tool:${call.call_id}: sunny, 21C`);
  assertFirstTurnInHistory(await upstreamCallWithToolResult(since, call.call_id), call.call_id);
});

test("the same round trip streamed with responses.stream", async () => {
  const firstStream = client.responses.stream({ model, tools: [weatherTool], input: askWeather });
  const done = [];
  firstStream.on("response.output_item.done", (event) => done.push(event.item));
  const first = await firstStream.finalResponse();
  const call = assertFunctionCall(first, { streamed: true });
  assert.deepEqual(done.map((item) => [item.type, item.status]), [["message", "completed"], ["function_call", "completed"]]);
  assert.equal(done[0].phase, "commentary");

  const since = await upstreamSeq();
  const second = await client.responses.stream(toolResultTurn(first, call)).finalResponse();

  assert.equal(outputText(second), `echo: Tool:${call.call_id}: sunny, 21C`);
  assertFirstTurnInHistory(await upstreamCallWithToolResult(since, call.call_id), call.call_id);
});

test("the round trip continues across a gateway restart on the same state dir", { timeout: 180_000 }, async () => {
  const stateDir = fs.mkdtempSync(path.join(process.env.NODE_SDK_WORK ?? "/tmp", "restart-state-"));

  // Turn 1 on a gateway process that is then stopped.
  const before = await startGateway(stateDir, "gateway-before-restart");
  let first;
  try {
    first = await clientFor(before.url).responses.create({ model, tools: [weatherTool], input: askWeather });
  } finally {
    await before.stop();
  }
  const call = assertFunctionCall(first);

  // Turn 2 on a new gateway process started on the same state dir.
  const after = await startGateway(stateDir, "gateway-after-restart");
  try {
    const since = await upstreamSeq();
    const second = await clientFor(after.url).responses.create(toolResultTurn(first, call));

    assert.equal(second.output_text, `echo: Tool:${call.call_id}: sunny, 21C`);
    assertFirstTurnInHistory(await upstreamCallWithToolResult(since, call.call_id), call.call_id);
  } finally {
    await after.stop();
  }
});

test("with the opt-in agent activity, responses.stream passes the openclaw.* events through and still completes", async () => {
  // The mock calls the agent's own `ls` tool, which the gateway runs itself (not a client tool).
  const stream = client.responses.stream(
    { model, input: "list the files [[mock:client_tool=ls {}]]" },
    { headers: { "x-openclaw-agent-activity": "1" } },
  );
  const types = [];
  for await (const event of stream) types.push(event.type);
  const final = await stream.finalResponse();

  assert.equal(final.status, "completed");
  const started = types.indexOf("openclaw.tool_call.started");
  const completed = types.indexOf("openclaw.tool_call.completed");
  assert.ok(started > 0 && completed > started, `tool activity events in order: ${types.join(", ")}`);
  assert.ok(completed < types.indexOf("response.completed"));
  assert.equal(types.at(-1), "response.completed");
});
