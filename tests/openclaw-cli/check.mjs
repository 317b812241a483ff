#!/usr/bin/env node
// Assertions on what the original openclaw CLI printed (and on the mock upstream's request log), used by run.sh.
// Each sub-command prints nothing and exits 0 when the assertion holds, else prints the reason and exits 1.
//
//   check.mjs health FILE AGENT_ID                  `gateway call health --json`: ok === true, defaultAgentId === AGENT_ID
//   check.mjs sessions FILE [SESSION_KEY]           `gateway call sessions.list --json`: sessions is an array [that has SESSION_KEY]
//   check.mjs agent FILE REPLY                      `agent --json`: status "ok", a runId, a result payload whose text is REPLY
//   check.mjs history FILE USER_TEXT REPLY          `gateway call chat.history --json`: a user message containing USER_TEXT
//                                                   followed by an assistant message containing REPLY
//   check.mjs mock-seq MOCK_URL                     prints the mock's current request sequence number
//   check.mjs mock-saw MOCK_URL SINCE TEXT          the mock received a model request (after SINCE) whose body contains TEXT
//
// The CLI may print banners or warnings around its JSON, so the JSON document is located in the output rather
// than the whole output parsed: the first line that starts with "{" up to the last line that is "}" (or ends with it).
import fs from "node:fs";

const [cmd, ...args] = process.argv.slice(2);
const fail = (msg) => {
  console.log(msg);
  process.exit(1);
};

function readJson(file) {
  const text = fs.readFileSync(file, "utf8");
  try {
    return JSON.parse(text);
  } catch {}
  const lines = text.split("\n");
  const starts = lines.map((l, i) => (l.startsWith("{") ? i : -1)).filter((i) => i >= 0);
  const ends = lines.map((l, i) => (l.trimEnd().endsWith("}") ? i : -1)).filter((i) => i >= 0).reverse();
  for (const s of starts) {
    for (const e of ends) {
      if (e < s) break;
      try {
        return JSON.parse(lines.slice(s, e + 1).join("\n"));
      } catch {}
    }
  }
  fail(`no JSON document found in ${file}`);
}

// Text of a chat message's content: a string, or the text parts of an array of parts.
function contentText(content) {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.map((p) => (typeof p === "string" ? p : typeof p?.text === "string" ? p.text : "")).join("\n");
  return "";
}

async function mockRequests(mockUrl, since) {
  const res = await fetch(`${mockUrl}/__mock/requests?since=${since}`);
  if (!res.ok) fail(`GET ${mockUrl}/__mock/requests -> HTTP ${res.status}`);
  return res.json();
}

switch (cmd) {
  case "health": {
    const [file, agentId] = args;
    const j = readJson(file);
    if (j.ok !== true) fail(`health: expected "ok": true, got ${JSON.stringify(j.ok)}`);
    if (j.defaultAgentId !== agentId) fail(`health: expected "defaultAgentId": "${agentId}", got ${JSON.stringify(j.defaultAgentId)}`);
    break;
  }
  case "sessions": {
    const [file, key] = args;
    const j = readJson(file);
    if (!Array.isArray(j.sessions)) fail(`sessions.list: expected a "sessions" array, got keys ${JSON.stringify(Object.keys(j))}`);
    if (key && !j.sessions.some((s) => s?.key === key)) {
      fail(`sessions.list: no session with key "${key}" among ${JSON.stringify(j.sessions.map((s) => s?.key))}`);
    }
    break;
  }
  case "agent": {
    const [file, reply] = args;
    const j = readJson(file);
    if (j.status !== "ok") fail(`agent --json: expected "status": "ok", got ${JSON.stringify(j.status)}${j.error ? ` (error ${JSON.stringify(j.error)})` : ""}`);
    if (typeof j.runId !== "string" || !j.runId) fail(`agent --json: expected a "runId" (the gateway's run id), got ${JSON.stringify(j.runId)}`);
    const texts = (j.result?.payloads ?? []).map((p) => p?.text);
    if (!texts.some((t) => typeof t === "string" && t.trim() === reply)) {
      fail(`agent --json: expected a result payload with text ${JSON.stringify(reply)}, got ${JSON.stringify(texts)}`);
    }
    break;
  }
  case "history": {
    const [file, userText, reply] = args;
    const j = readJson(file);
    if (!Array.isArray(j.messages)) fail(`chat.history: expected a "messages" array, got keys ${JSON.stringify(Object.keys(j))}`);
    const u = j.messages.findIndex((m) => m?.role === "user" && contentText(m.content).includes(userText));
    if (u < 0) fail(`chat.history: no user message containing ${JSON.stringify(userText)} among ${j.messages.length} messages`);
    if (!j.messages.slice(u + 1).some((m) => m?.role === "assistant" && contentText(m.content).includes(reply))) {
      fail(`chat.history: no assistant message containing ${JSON.stringify(reply)} after the user message`);
    }
    break;
  }
  case "mock-seq": {
    const res = await fetch(`${args[0]}/__mock/health`);
    if (!res.ok) fail(`GET ${args[0]}/__mock/health -> HTTP ${res.status}`);
    console.log((await res.json()).seq);
    break;
  }
  case "mock-saw": {
    const [mockUrl, since, text] = args;
    const { entries } = await mockRequests(mockUrl, since);
    const models = entries.filter((e) => e.method === "POST" && /\/(chat\/completions|responses)$/.test(e.path.split("?")[0]));
    if (!models.some((e) => JSON.stringify(e.body).includes(JSON.stringify(text).slice(1, -1)))) {
      fail(`mock upstream: none of the ${models.length} model request(s) since #${since} contains ${JSON.stringify(text)}`);
    }
    break;
  }
  default:
    fail(`check.mjs: unknown sub-command ${cmd}`);
}
