// Normalisation helpers: masking of volatile values, SSE parsing, and extraction of what reached the
// mock upstream (user text without the timestamp envelope, `## Conversation Context` of the system prompt).

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
export const UUID_RE = new RegExp(UUID, "g");
const CHATCMPL_RE = new RegExp(`chatcmpl_${UUID}`, "g");
const RESP_IDS_RE = new RegExp(`\\b(resp|msg|call)_${UUID}`, "g");

/** Mask ids, `created`, usage numbers and uptime in a raw body (keeps key order, so raw strings can be diffed). */
export function maskBody(s) {
  return s
    .replace(CHATCMPL_RE, "chatcmpl_<uuid>")
    .replace(/"created":\d+/g, '"created":<unix>')
    .replace(/"(prompt_tokens|completion_tokens|total_tokens|cached_tokens|reasoning_tokens)":\d+/g, '"$1":<n>')
    .replace(/"uptimeMs":\d+(\.\d+)?/g, '"uptimeMs":<n>')
    // Responses (§6.9, §6.10): ids, created_at, and non-zero usage numbers (zeros stay visible: response.created,
    // failed objects); transcript timestamps of the session history routes (§8a.2)
    .replace(RESP_IDS_RE, "$1_<uuid>")
    .replace(/"created_at":\d+/g, '"created_at":<unix>')
    .replace(/"(input_tokens|output_tokens|cache_write_tokens)":[1-9]\d*/g, '"$1":<n>')
    .replace(/"timestamp":\d+/g, '"timestamp":<ms>');
}

/** Parse an SSE body into frames. Returns {frames:[{data, lines}], stray:[non-data lines], endsWithBlank} */
export function parseSse(text) {
  const frames = [];
  const stray = [];
  const blocks = text.split("\n\n");
  const trailing = blocks.pop(); // text after the last "\n\n" (should be "")
  for (const b of blocks) {
    const lines = b.split("\n");
    const data = [];
    let event = null;
    for (const l of lines) {
      if (l.startsWith("data: ")) data.push(l.slice(6));
      else if (l.startsWith("data:")) data.push(l.slice(5));
      else {
        stray.push(l);
        if (l.startsWith("event:")) event = l.slice(6).trim();
      }
    }
    frames.push({ data: data.join("\n"), lines, event });
  }
  return { frames, stray, trailing };
}

/** Semantic view of a chat.completion SSE stream, for a second-level comparison when raw frames differ. */
export function sseSemantics(text) {
  const { frames, stray, trailing } = parseSse(text);
  const v = { roleFirst: false, content: "", contentChunks: 0, finish: [], usageChunks: 0, errors: [], done: false, doneLast: false, ids: new Set(), created: new Set(), models: new Set(), stray: stray.length, trailing: trailing.length, toolCalls: 0 };
  frames.forEach((f, i) => {
    if (f.data === "[DONE]") { v.done = true; v.doneLast = i === frames.length - 1; return; }
    let j;
    try { j = JSON.parse(f.data); } catch { v.errors.push(`unparsable: ${f.data.slice(0, 80)}`); return; }
    if (j.error) { v.errors.push(JSON.stringify(j.error)); return; }
    if (j.id) v.ids.add(j.id);
    if (j.created !== undefined) v.created.add(j.created);
    if (j.model !== undefined) v.models.add(j.model);
    if (j.usage) v.usageChunks++;
    for (const c of j.choices || []) {
      const d = c.delta || {};
      if (i === 0 && d.role === "assistant") v.roleFirst = true;
      if (typeof d.content === "string") { v.content += d.content; v.contentChunks++; }
      if (d.tool_calls) v.toolCalls++;
      if (c.finish_reason) v.finish.push(c.finish_reason);
    }
  });
  return {
    roleFirst: v.roleFirst, content: v.content, finish: v.finish, usageChunks: v.usageChunks, errors: v.errors,
    done: v.done, doneLast: v.doneLast, oneId: v.ids.size <= 1, oneCreated: v.created.size <= 1, models: [...v.models],
    strayLines: v.stray, trailingBytes: v.trailing, toolCalls: v.toolCalls,
  };
}

// ----------------------------------------------------------------- upstream (mock request log)

const INTERNAL_RE = /<<<BEGIN_OPENCLAW_INTERNAL_CONTEXT>>>[\s\S]*?<<<END_OPENCLAW_INTERNAL_CONTEXT>>>/g;
export const ENVELOPE_RE = /^\[(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{4}-\d{2}-\d{2} \d{2}:\d{2} [^\]\n]+\] /;
const TRAILER_RE = /\n\nRuntime: agent=[^\n]*$/;
const MEMORY_HINT_RE = /^For every repository-specific memory entry you write, add <!-- project: /;
const RUNTIME_RE = /Runtime: agent=([^\s|]+) \| session=([^\s|]+)[^\n]*/;
const CHANNEL_RE = /\| channel=([^\s|]+)/;

export function contentText(c) {
  if (typeof c === "string") return c;
  if (Array.isArray(c)) return c.map((p) => (typeof p === "string" ? p : typeof p?.text === "string" ? p.text : "")).filter((s) => s !== "").join("\n");
  if (c == null) return "";
  return JSON.stringify(c);
}

export const maskSession = (s) => (s == null ? s : s.replace(UUID_RE, "<uuid>"));

/**
 * Reduce one upstream chat request body to the parts both gateways are supposed to agree on.
 *  - messages: non-system messages, internal-context-only user messages dropped, user text without the
 *    timestamp envelope and without the original's `Runtime:` trailer
 *  - envelope: whether the LAST user message carries the `[Ddd YYYY-MM-DD HH:MM TZ] ` envelope
 *  - context: text under `## Conversation Context` in the system prompt (null if absent)
 *  - agent / session: from the `Runtime: agent=… | session=…` line (user trailer in the original, system prompt in ours)
 *  - meta: sampling/stream params that must reach the provider
 */
/** Built-in tools of either gateway (ours: agent-runtime.md §5.5 `coding` profile; the original's 12). */
export const BUILTIN_TOOLS = new Set(["apply_patch", "edit", "exec", "ls", "openclaw", "process", "read", "sessions_yield", "tool_call", "tool_describe", "tool_search", "write"]);

export function upstreamView(body) {
  if (!body || typeof body !== "object") return { unparsable: true };
  if (body.__elided) return { elided: body.length };
  const msgs = Array.isArray(body.messages) ? body.messages : [];
  const sys = msgs.filter((m) => m?.role === "system" || m?.role === "developer").map((m) => contentText(m.content)).join("\n\n");
  const out = [];
  let lastUserEnvelope = null;
  let agent = null;
  let session = null;
  let channel = null;
  for (const m of msgs) {
    const t = contentText(m?.content);
    const rm = t.match(RUNTIME_RE);
    if (rm && !agent) { agent = rm[1]; session = rm[2]; channel = (rm[0].match(CHANNEL_RE) || [])[1] ?? null; }
    if (m?.role === "system" || m?.role === "developer") continue;
    if (m?.role === "user") {
      if (!t.replace(INTERNAL_RE, "").trim()) continue; // the original's internal-context message
      lastUserEnvelope = ENVELOPE_RE.test(t);
      out.push({ role: "user", text: t.replace(ENVELOPE_RE, "").replace(TRAILER_RE, "") });
    } else {
      const e = { role: m?.role, text: t };
      if (m?.tool_calls) e.tool_calls = m.tool_calls.map((c) => ({ name: c?.function?.name, arguments: c?.function?.arguments }));
      out.push(e);
    }
  }
  const sm = sys.match(RUNTIME_RE);
  if (sm && !agent) { agent = sm[1]; session = sm[2]; channel = (sm[0].match(CHANNEL_RE) || [])[1] ?? null; }
  let context = null;
  const marker = "\n## Conversation Context\n";
  const i = sys.indexOf(marker);
  if (i >= 0) {
    const rest = sys.slice(i + marker.length);
    const j = rest.indexOf("\n## ");
    context = j < 0 ? rest : rest.slice(0, j);
  }
  // The original's memory plugin adds a project-scope hint for non-system agents (beta) to the same section;
  // it is not part of the HTTP extraSystemPrompt (we have no memory plugin), so it is set aside.
  let contextExtra = null;
  if (context != null) {
    const paras = context.split("\n\n");
    const keep = paras.filter((p) => !MEMORY_HINT_RE.test(p));
    if (keep.length !== paras.length) {
      contextExtra = paras.filter((p) => MEMORY_HINT_RE.test(p)).join("\n\n");
      context = keep.length ? keep.join("\n\n") : null;
    }
  }
  const meta = {};
  for (const k of ["stream", "stream_options", "max_completion_tokens", "max_tokens", "temperature", "top_p", "frequency_penalty", "presence_penalty", "seed", "stop", "response_format"]) {
    if (k in body) meta[k] = body[k];
  }
  const tools = Array.isArray(body.tools) ? body.tools.map((t) => t?.function?.name ?? t?.name) : [];
  // untrusted-content block ids (§6.5 step 8) are random
  if (context != null) context = context.replace(/(EXTERNAL_UNTRUSTED_CONTENT id=")[0-9a-f]{16}"/g, '$1<hex16>"');
  let images = 0;
  for (const m of msgs) if (Array.isArray(m?.content)) images += m.content.filter((p) => p && typeof p === "object" && /image/.test(String(p.type))).length;
  return { messages: out, envelope: lastUserEnvelope, context, images, clientTools: tools.filter((t) => !BUILTIN_TOOLS.has(t)).sort(), contextExtra, agent, session: maskSession(session), channel, meta, tools, tool_choice: body.tool_choice, systemChars: sys.length };
}
