// The official `openai` npm SDK (v6) against a running gateway whose model is the peer's mock upstream
// (../../../shared/peer/mock-upstream.mjs): it answers "echo: <last user text>" and obeys [[mock:...]] controls.
// Env: GATEWAY_URL (e.g. http://127.0.0.1:18789), GATEWAY_TOKEN. Run: npm test (node --test).
import { test } from "node:test";
import assert from "node:assert/strict";
import OpenAI from "openai";

const baseURL = `${process.env.GATEWAY_URL ?? "http://127.0.0.1:18789"}/v1`;
const apiKey = process.env.GATEWAY_TOKEN ?? "";
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: 30_000 });

test("non-streaming completion returns the agent's answer and usage", async () => {
  const completion = await client.chat.completions.create({
    model: "openclaw/main",
    messages: [{ role: "user", content: "hello from node" }],
  });
  assert.match(completion.id, /^chatcmpl_/);
  assert.equal(completion.object, "chat.completion");
  assert.equal(completion.model, "openclaw/main");
  assert.equal(completion.choices[0].message.role, "assistant");
  assert.equal(completion.choices[0].message.content, "echo: hello from node");
  assert.equal(completion.choices[0].finish_reason, "stop");
  assert.ok(completion.usage.prompt_tokens > 0);
  assert.equal(completion.usage.total_tokens, completion.usage.prompt_tokens + completion.usage.completion_tokens);
});

test("streaming yields the text in order, one finish and no usage by default", async () => {
  const stream = await client.chat.completions.create({
    model: "openclaw/main",
    stream: true,
    messages: [{ role: "user", content: "stream me three words" }],
  });
  let text = "";
  const finishes = [];
  let usageChunks = 0;
  for await (const chunk of stream) {
    if (chunk.usage) usageChunks++;
    for (const choice of chunk.choices) {
      text += choice.delta.content ?? "";
      if (choice.finish_reason) finishes.push(choice.finish_reason);
    }
  }
  assert.equal(text, "echo: stream me three words");
  assert.deepEqual(finishes, ["stop"]);
  assert.equal(usageChunks, 0);
});

test("streaming with include_usage ends with a usage chunk", async () => {
  const stream = await client.chat.completions.create({
    model: "openclaw/main",
    stream: true,
    stream_options: { include_usage: true },
    messages: [{ role: "user", content: "usage please" }],
  });
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  const last = chunks.at(-1);
  assert.deepEqual(last.choices, []);
  assert.ok(last.usage.prompt_tokens > 0);
  assert.ok(last.usage.completion_tokens > 0);
});

test("non-ASCII and HTML-sensitive text round-trips literally", async () => {
  const completion = await client.chat.completions.create({
    model: "openclaw/main",
    messages: [{ role: "user", content: "café <b> & 'quotes' 日本" }],
  });
  assert.equal(completion.choices[0].message.content, "echo: café <b> & 'quotes' 日本");
});

test("an invalid model is a BadRequestError with the gateway's message", async () => {
  await assert.rejects(
    client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "x" }] }),
    (error) => {
      assert.ok(error instanceof OpenAI.BadRequestError);
      assert.equal(error.status, 400);
      assert.equal(error.error.type, "invalid_request_error");
      assert.match(error.message, /Invalid `model`/);
      return true;
    },
  );
});

test("a wrong key is an AuthenticationError", async () => {
  const wrong = new OpenAI({ baseURL, apiKey: "wrong-key", maxRetries: 0 });
  await assert.rejects(
    wrong.chat.completions.create({ model: "openclaw/main", messages: [{ role: "user", content: "x" }] }),
    (error) => error instanceof OpenAI.AuthenticationError && error.status === 401,
  );
});

test("an upstream failure is an APIError (502, non-streaming)", async () => {
  await assert.rejects(
    client.chat.completions.create({ model: "openclaw/main", messages: [{ role: "user", content: "fail [[mock:status=500]]" }] }),
    (error) => error instanceof OpenAI.APIError && error.status === 502 && /upstream provider error/.test(error.message),
  );
});

test("an upstream failure after the stream started raises an APIError from the in-band error frame", async () => {
  const stream = await client.chat.completions.create({
    model: "openclaw/main",
    stream: true,
    messages: [{ role: "user", content: "fail [[mock:status=500]]" }],
  });
  await assert.rejects(
    (async () => {
      for await (const _chunk of stream) {
        // drain
      }
    })(),
    (error) => error instanceof OpenAI.APIError && /upstream provider error/.test(error.message),
  );
});

test("models.list pages through the agent targets", async () => {
  const ids = [];
  for await (const model of client.models.list()) ids.push(model.id);
  assert.deepEqual(ids.slice(0, 3), ["openclaw", "openclaw/default", "openclaw/main"]);
  assert.ok(ids.every((id) => id === "openclaw" || id.startsWith("openclaw/")));
});

test("models.retrieve finds an agent target and 404s an unknown one", async () => {
  const model = await client.models.retrieve("openclaw/main");
  assert.equal(model.id, "openclaw/main");
  assert.equal(model.owned_by, "openclaw");
  await assert.rejects(client.models.retrieve("openclaw/nope"), (err) => {
    assert.ok(err instanceof OpenAI.NotFoundError);
    assert.equal(err.message, "404 Model 'openclaw/nope' not found.");
    return true;
  });
});
