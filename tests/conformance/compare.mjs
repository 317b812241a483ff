#!/usr/bin/env node
// Side-by-side conformance comparison: our gateway vs the original OpenClaw gateway (reference).
//
//   node compare.mjs --phase main \
//     --ours http://127.0.0.1:28790 --ours-token T --ours-mock http://127.0.0.1:28901 \
//     --ref  http://127.0.0.1:28789 --ref-token  T --ref-mock  http://127.0.0.1:28900 \
//     [--results out/results.json] [--only REGEX] [--ref-failures live|recorded]
//   node compare.mjs --report [--results out/results.json] [--out RESULTS.md]
//   node compare.mjs --list
//
// Every case is sent to both gateways (concurrently, one case at a time unless the phase is "failures"/"down").
// Compared: status; the headers of http-api.md §2.1/§4.12 (+ Allow, Retry-After presence, Connection for 413/SSE,
// Cache-Control, Content-Type); the body with ids, `created`, usage numbers and uptime masked; and what reached
// each gateway's mock upstream (user text without the timestamp envelope, `## Conversation Context`, agent,
// session key, sampling params). Results are merged per phase into a JSON file; --report renders RESULTS.md.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { send, headerList, header, getJson } from "./lib/http.mjs";
import { maskBody, parseSse, sseSemantics, upstreamView } from "./lib/normalize.mjs";
import { execSync } from "node:child_process";
import { buildCases, NONCE, NOT_YET, NOT_COVERED, PHASES, JUDGEMENT } from "./cases.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));

// ------------------------------------------------------------------ args
const argv = process.argv.slice(2);
const opt = (name, def) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : def;
};
const flag = (name) => argv.includes(`--${name}`);
const RESULTS = path.resolve(opt("results", path.join(HERE, "out", "results.json")));
const OUT_MD = path.resolve(opt("out", path.join(HERE, "RESULTS.md")));

const PHASE = opt("phase", "main");
if (!flag("list") && !flag("report") && !PHASES.includes(PHASE)) { console.error(`unknown --phase ${PHASE} (${PHASES.join("|")})`); process.exit(2); }
const SIDES = {
  ours: { name: "ours", base: opt("ours", "http://127.0.0.1:28790"), token: opt("ours-token", "ref-token-0123456789"), mock: opt("ours-mock", "http://127.0.0.1:28901"), vars: {} },
  ref: { name: "ref", base: opt("ref", "http://127.0.0.1:28789"), token: opt("ref-token", "ref-token-0123456789"), mock: opt("ref-mock", "http://127.0.0.1:28900"), vars: {} },
};
const REF_FAILURES = opt("ref-failures", "live"); // live | recorded
const ONLY = opt("only", null) ? new RegExp(opt("only")) : null;

// ------------------------------------------------------------------ request building
function buildRequest(c, side) {
  const r = c.req;
  const headers = {};
  // $VAR{name}: a value captured from an earlier case's response on the same side (`capture`), e.g. a response id
  const vars = (s) => String(s).replace(/\$VAR\{(\w+)\}/g, (_, k) => side.vars?.[k] ?? `<${k}>`);
  const sub = (s) => vars(String(s).replaceAll("$TOKEN", side.token));
  const auth = r.auth ?? "token";
  if (auth === "token") headers["Authorization"] = `Bearer ${side.token}`;
  else if (auth === "wrong") headers["Authorization"] = "Bearer wrong-token-xyz";
  else if (auth && typeof auth === "object") headers["Authorization"] = sub(auth.raw);
  let body = typeof r.body === "function" ? r.body() : r.body;
  if (body !== undefined && body !== null && typeof body === "object" && !Buffer.isBuffer(body)) body = JSON.stringify(body);
  if (typeof body === "string" && body.includes("$VAR{")) body = vars(body);
  if (body != null || r.method === "POST") {
    const ct = r.contentType === undefined ? "application/json" : r.contentType;
    if (ct) headers["Content-Type"] = ct;
  }
  for (const [k, v] of Object.entries(r.headers || {})) headers[k] = sub(v);
  return { method: r.method || "POST", path: sub(r.path || "/v1/chat/completions"), headers, body: body ?? null, expectContinue: r.expectContinue, chunked: r.chunked, timeoutMs: r.timeoutMs || 90000, readForMs: r.readForMs };
}

function describeRequest(c) {
  const side = { token: "<token>" };
  const q = buildRequest(c, side);
  let b = q.body;
  if (Buffer.isBuffer(b)) b = b.length > 300 ? `<${b.length} bytes: ${b.subarray(0, 80).toString("utf8")}…>` : b.toString("utf8");
  return { method: q.method, path: q.path, headers: q.headers, body: b, expectContinue: !!q.expectContinue, chunked: !!q.chunked };
}

// ------------------------------------------------------------------ mock log
async function mockSeq(side) {
  const j = await getJson(`${side.mock}/__mock/requests?since=999999999&limit=1`, 3000);
  return j ? j.seq : null;
}
async function mockEntries(side, since, marker) {
  if (since == null) return [];
  const j = await getJson(`${side.mock}/__mock/requests?since=${since}`, 10000);
  if (!j) return [];
  let e = j.entries.filter((x) => /chat\/completions/.test(x.path));
  if (marker) e = e.filter((x) => JSON.stringify(x.body).includes(marker));
  return e;
}

// ------------------------------------------------------------------ one side of one case
async function runSide(c, side, useRecorded) {
  if (useRecorded) {
    const r = c.recorded;
    return finishResult({ status: r.status, rawHeaders: r.rawHeaders, body: Buffer.from(r.body), durationMs: Math.round(r.seconds * 1000) }, [], { recorded: r.t, upstreamCount: r.upstreamCount });
  }
  const since = c.upstream === "skip" ? null : await mockSeq(side);
  if (c.upstream !== "skip" && since == null) console.error(`WARNING ${c.id}: the ${side.name} mock (${side.mock}) is not reachable`);
  let res = await send(side.base, buildRequest(c, side));
  // Large bodies rejected early: the server closes while the client is still sending, and depending on timing
  // the kernel resets the connection before the client has read the response. Retry such transport failures.
  for (let i = 0; i < (c.transportRetries || 0) && res.status == null && /ECONNRESET|EPIPE/.test(res.error || ""); i++) {
    res = await send(side.base, buildRequest(c, side));
    res.retriedAfter = (res.retriedAfter || 0) + 1;
  }
  // give the original a moment to log any follow-up upstream request (window-based cases only)
  const entries = since == null ? [] : await mockEntries(side, since, c.marker);
  if (c.capture) side.vars[c.capture] = responseId(res.body.toString("utf8"));
  return finishResult(res, entries, { mockDown: c.upstream !== "skip" && since == null });
}

/** The `resp_…` id of a Responses answer (JSON object, or the first SSE event's `response.id`). */
function responseId(text) {
  try { return JSON.parse(text).id ?? null; } catch {}
  for (const f of parseSse(text).frames) {
    try { const j = JSON.parse(f.data); if (j?.response?.id) return j.response.id; } catch {}
  }
  return null;
}

/** Responses SSE (§6.12): every frame's `event:` equals its JSON `type`; one `created_at`; [DONE] last without `event:`. */
function responsesSseShape(text) {
  const { frames } = parseSse(text);
  const bad = [];
  const created = new Set();
  frames.forEach((f, i) => {
    if (f.data === "[DONE]") { if (f.event || i !== frames.length - 1) bad.push(`[DONE] at ${i}${f.event ? " with event:" : ""}`); return; }
    let j;
    try { j = JSON.parse(f.data); } catch { bad.push(`frame ${i} unparsable`); return; }
    if (j?.type !== f.event || Object.keys(j)[0] !== "type") bad.push(`frame ${i}: event ${f.event} / type ${j?.type}`);
    if (j?.response?.created_at !== undefined) created.add(j.response.created_at);
  });
  if (created.size > 1) bad.push(`${created.size} created_at values`);
  return bad.length ? bad.join("; ") : "ok";
}

function finishResult(res, entries, extra) {
  const text = res.body.toString("utf8");
  const hl = headerList(res.rawHeaders);
  const headers = {};
  for (const h of hl) if (!(h.name in headers)) headers[h.name] = h.value;
  const ct = headers["content-type"] || "";
  const sse = ct.startsWith("text/event-stream");
  const up = entries.length ? upstreamView(entries[0].body) : null;
  return {
    status: res.status, statusText: res.statusText, error: res.error, durationMs: res.durationMs,
    rawHeaders: res.rawHeaders, headers, headerOrder: hl.map((h) => h.raw), text, bodyLength: res.body.length, sse,
    upstreamCount: extra.upstreamCount ?? entries.length, upstream: up, upstreamAll: entries.slice(0, 12).map((e) => upstreamView(e.body)),
    recorded: extra.recorded, mockDown: !!extra.mockDown,
    // timing: first body bytes vs end (role chunk before the model answers)
    firstDataMs: res.firstDataMs, headersMs: res.headersMs,
  };
}

// ------------------------------------------------------------------ comparison
const SEC_NAMES = ["x-content-type-options", "referrer-policy", "permissions-policy"];
const COMMON_HEADERS = [...SEC_NAMES, "content-type", "cache-control", "allow", "strict-transport-security", "server"];

function securityFirst(r) {
  const names = r.rawHeaders.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase());
  return SEC_NAMES.every((n, i) => names[i] === n);
}

const ch = (name, ok, ours, ref, note = "") => ({ name, ok: !!ok, ours, ref, note });
const J = (v) => (v === undefined ? "(absent)" : typeof v === "string" ? v : JSON.stringify(v));

// §8a.2: the original's per-message `__openclaw` object is dropped ([extension]: we omit it); usage numbers in the
// transcript messages are masked (different system prompts: DECISION); everything else, key order included, is
// compared as is.
function historyNorm(t) {
  try {
    const j = JSON.parse(t);
    for (const k of ["items", "messages"]) for (const m of j[k] || []) delete m.__openclaw;
    if (j.message) delete j.message.__openclaw;
    return maskBody(JSON.stringify(j)).replace(/"usage":\{"[^{}]*(\{[^{}]*\})?[^{}]*\}/g, (u) => u.replace(/":\d+/g, '":<n>'));
  } catch { return t; }
}

function compareBodies(c, o, r) {
  const mode = c.body;
  if (mode === "ignore") return [];
  if (o.sse || r.sse) {
    if (!(o.sse && r.sse)) return [ch("body kind (SSE vs JSON)", false, o.sse ? "SSE" : "non-SSE", r.sse ? "SSE" : "non-SSE")];
    // a frame = its `event:` line (Responses, §6.12) + its data
    const frame = (f) => (f.event != null ? `event: ${f.event}\n` : "") + (mode === "history" ? historyNorm(f.data) : f.data);
    const pre = (t) => (mode === "history" ? t : maskBody(t)); // historyNorm parses the raw JSON, then masks
    const mo = parseSse(pre(o.text)).frames.map(frame);
    const mr = parseSse(pre(r.text)).frames.map(frame);
    const exact = JSON.stringify(mo) === JSON.stringify(mr);
    const so = sseSemantics(o.text);
    const sr = sseSemantics(r.text);
    const out = [];
    if (exact) out.push(ch("SSE frames (masked)", true, `${mo.length} frames`, `${mr.length} frames`));
    else {
      const semEq = JSON.stringify(so) === JSON.stringify(sr);
      out.push(ch("SSE frames (masked)", false, mo.join("\n"), mr.join("\n"), semEq ? "same text/finish/usage/errors; only the chunking differs" : ""));
    }
    out.push(ch("SSE: one id and one created per stream", so.oneId && so.oneCreated, `${so.oneId}/${so.oneCreated}`, `${sr.oneId}/${sr.oneCreated}`));
    out.push(ch("SSE: no event:/id:/comment lines", so.strayLines === 0 || so.strayLines === sr.strayLines, so.strayLines, sr.strayLines));
    if (c.req.path === "/v1/responses") {
      const a = responsesSseShape(o.text), b = responsesSseShape(r.text);
      out.push(ch("SSE: event: = type, one created_at, [DONE] last (§6.12)", a === b, a, b));
    }
    return out;
  }
  if (mode === "history") {
    const a = historyNorm(o.text), b = historyNorm(r.text);
    return [ch("body (original's __openclaw dropped, usage numbers masked)", a === b, a, b)];
  }
  if (mode === "ready") {
    const norm = (t) => {
      try {
        const j = JSON.parse(t);
        delete j.eventLoop;
        delete j.runtime;
        return maskBody(JSON.stringify(j));
      } catch { return t; }
    };
    const a = norm(o.text), b = norm(r.text);
    return [ch("body (eventLoop/runtime dropped, uptime masked)", a === b, a, b)];
  }
  if (mode === "errorType") {
    try {
      const a = JSON.parse(o.text), b = JSON.parse(r.text);
      if (a?.error && b?.error) {
        return [
          ch("error.type", a.error.type === b.error.type, a.error.type, b.error.type),
          ch("error keys", Object.keys(a.error).join(",") === Object.keys(b.error).join(","), Object.keys(a.error).join(","), Object.keys(b.error).join(","), `messages (not compared): ours "${a.error.message}" / original "${b.error.message}"`),
        ];
      }
    } catch {}
  }
  const a = maskBody(o.text), b = maskBody(r.text);
  return [ch("body (masked)", a === b, a, b)];
}

function compareHeaders(c, o, r) {
  const out = [];
  const names = [...COMMON_HEADERS, ...(c.headers || [])];
  for (const n of [...new Set(names)]) {
    let a = o.headers[n], b = r.headers[n];
    if (n === "retry-after") {
      const fa = a === undefined ? "(absent)" : /^\d+$/.test(a) ? "<integer>" : `non-integer ${a}`;
      const fb = b === undefined ? "(absent)" : /^\d+$/.test(b) ? "<integer>" : `non-integer ${b}`;
      out.push(ch(`header Retry-After`, fa === fb, a === undefined ? fa : `${a}`, b === undefined ? fb : `${b}`));
      continue;
    }
    if (n === "connection" && c.id === "R15") { a = a?.toLowerCase(); b = b?.toLowerCase(); }
    out.push(ch(`header ${n}`, a === b, J(a), J(b)));
  }
  const cors = (x) => Object.keys(x.headers).filter((k) => k.startsWith("access-control-")).join(",") || "(none)";
  out.push(ch("no CORS headers", cors(o) === cors(r), cors(o), cors(r)));
  const cl = (x) => ("content-length" in x.headers ? "present" : "absent");
  if (!o.sse && !r.sse && c.req.method !== "HEAD") out.push(ch("Content-Length presence", cl(o) === cl(r), cl(o), cl(r)));
  return out;
}

function compareUpstream(c, o, r, refRecorded) {
  if (c.upstream === "skip") return [];
  const out = [];
  const called = (x) => (x.upstreamCount > 0 ? "called" : "not called");
  out.push(ch("upstream called", called(o) === called(r), `${o.upstreamCount} request(s)`, `${r.upstreamCount} request(s)${refRecorded ? " (recorded)" : ""}`, o.upstreamCount !== r.upstreamCount && o.upstreamCount && r.upstreamCount ? "request counts differ (retry policy DECISION, informational)" : ""));
  if (c.upstream === "count" || refRecorded) return out;
  const a = o.upstream, b = r.upstream;
  if (!a || !b) return out;
  if (a.elided || b.elided) {
    out.push(ch("upstream body (elided by the mock, > 2 MB)", !!a.elided === !!b.elided, J(a.elided), J(b.elided)));
    return out;
  }
  out.push(ch("upstream agent", a.agent === b.agent, J(a.agent), J(b.agent)));
  out.push(ch("upstream session key", a.session === b.session, J(a.session), J(b.session)));
  out.push(ch("upstream message channel (Runtime line)", a.channel === b.channel, J(a.channel), J(b.channel)));
  out.push(ch("upstream messages (user text without envelope/trailer)", JSON.stringify(a.messages) === JSON.stringify(b.messages), JSON.stringify(a.messages), JSON.stringify(b.messages)));
  out.push(ch("timestamp envelope on the current user message", a.envelope === b.envelope, J(a.envelope), J(b.envelope)));
  out.push(ch("## Conversation Context", a.context === b.context, J(a.context), J(b.context), a.contextExtra || b.contextExtra ? `set aside (memory plugin hint, not extraSystemPrompt): ours ${J(a.contextExtra)} / original ${J(b.contextExtra)}` : ""));
  out.push(ch("upstream params", JSON.stringify(a.meta) === JSON.stringify(b.meta), JSON.stringify(a.meta), JSON.stringify(b.meta)));
  out.push(ch("upstream image parts", a.images === b.images, J(a.images), J(b.images)));
  out.push(ch("client tools offered upstream (besides built-ins)", JSON.stringify(a.clientTools) === JSON.stringify(b.clientTools), JSON.stringify(a.clientTools), JSON.stringify(b.clientTools)));
  return out;
}

function compareCase(c, o, r, refRecorded) {
  const checks = [];
  if (o.mockDown || r.mockDown) checks.push(ch("mock upstream reachable before the case (test environment)", false, o.mockDown ? "DOWN" : "ok", r.mockDown ? "DOWN" : "ok", "result not meaningful"));
  if (c.timing) {
    const early = (x) => (x.firstDataMs != null && x.durationMs - x.firstDataMs >= 1500 ? "first frame well before the end" : `first frame at ${x.firstDataMs} ms of ${x.durationMs} ms`);
    checks.push(ch("role chunk flushed before the model answers", early(o) === early(r), early(o), early(r)));
  }
  if (o.error || r.error) checks.push(ch("transport", !o.error === !r.error && (o.error || "") === (r.error || ""), o.error || "ok", r.error || "ok"));
  checks.push(ch("status", o.status === r.status, String(o.status), String(r.status)));
  checks.push(...compareHeaders(c, o, r));
  checks.push(...compareBodies(c, o, r));
  checks.push(...compareUpstream(c, o, r, refRecorded));
  const specChecks = [];
  if (c.oursChecks) for (const x of c.oursChecks(o, o.upstream)) specChecks.push({ ...x, side: "ours" });
  let verdict;
  if (c.decision) {
    const dec = c.decision.expectOurs(o, o.upstream, r, checks);
    specChecks.push(...dec.map((x) => ({ ...x, side: "ours", decision: true })));
    verdict = dec.every((x) => x.ok) && specChecks.every((x) => x.ok) ? "DECISION" : "MISMATCH";
  } else {
    verdict = checks.every((x) => x.ok) && specChecks.every((x) => x.ok) ? "MATCH" : "MISMATCH";
  }
  return { verdict, checks, specChecks };
}

// ------------------------------------------------------------------ run a phase
function summarize(x) {
  if (x.error && x.status == null) return `ERR ${x.error}`;
  let s = `${x.status}`;
  if (x.sse && /^event: /m.test(x.text)) {
    // Responses stream: event names (abbreviated) and the streamed text / error
    const fr = parseSse(x.text).frames;
    const ev = fr.map((f) => (f.event ? f.event.replace(/^response\./, "") : f.data === "[DONE]" ? "[DONE]" : "?"));
    const text = fr.filter((f) => f.event === "response.output_text.delta").map((f) => { try { return JSON.parse(f.data).delta; } catch { return ""; } }).join("");
    const fail = fr.filter((f) => f.event === "response.failed").map((f) => { try { return JSON.stringify(JSON.parse(f.data).response.error); } catch { return "?"; } });
    s += ` SSE ${JSON.stringify(text).slice(0, 40)} ${fail.length ? "failed " + fail.join(";") + " " : ""}[${ev.length} events, last ${ev.slice(-2).join(",")}]`;
  } else if (x.sse) {
    const sem = sseSemantics(x.text);
    s += ` SSE ${JSON.stringify(sem.content).slice(0, 60)}${sem.errors.length ? " err " + sem.errors.join(";").slice(0, 80) : ""}${sem.finish.length ? " fin " + sem.finish.join(",") : ""}${sem.usageChunks ? " +usage" : ""}`;
  } else if (x.text) {
    try {
      const j = JSON.parse(x.text);
      if (j?.object === "response") s += ` ${j.status} ${j.error ? JSON.stringify(j.error) : JSON.stringify((j.output || []).map((i) => (i.type === "message" ? i.content?.[0]?.text : `${i.type}:${i.name}`)))}`;
      else if (j?.error) s += ` ${j.error.type}: ${j.error.message}`;
      else if (j?.choices) s += ` ${JSON.stringify(j.choices[0]?.message?.content)}`;
      else s += ` ${x.text}`;
    } catch { s += ` ${x.text}`; }
  }
  return s.replace(/\s+/g, " ").slice(0, 140);
}

function slim(x) {
  return {
    status: x.status, statusText: x.statusText, error: x.error, durationMs: x.durationMs, recorded: x.recorded,
    headerOrder: x.headerOrder, rawHeaders: x.rawHeaders.filter((_, i) => i % 2 === 0).map((n, i) => `${n}: ${x.rawHeaders[2 * i + 1]}`),
    securityFirst: securityFirst(x), body: maskBody(x.text).slice(0, 6000), bodyLength: x.bodyLength,
    upstreamCount: x.upstreamCount, upstream: x.upstream, summary: summarize(x), firstDataMs: x.firstDataMs,
  };
}

async function runCase(c) {
  const refRecorded = REF_FAILURES === "recorded" && !!c.recorded;
  if (REF_FAILURES === "recorded" && c.slowRef && !c.recorded) {
    const o = await runSide(c, SIDES.ours, false);
    const specChecks = (c.oursChecks ? c.oursChecks(o, o.upstream) : []).map((x) => ({ ...x, side: "ours" }));
    console.log(`SKIP     ${c.id.padEnd(5)} ${c.title} (original not run: slow and not recorded)`);
    const none = { status: null, rawHeaders: [], headerOrder: [], text: "", headers: {}, upstreamCount: 0, upstream: null };
    return {
      id: c.id, phase: c.phase, group: c.group, title: c.title, t: c.t, notes: "original skipped (--ref-failures recorded; no recording)", decision: c.decision?.spec,
      request: describeRequest(c), verdict: "SKIP", checks: [], specChecks, ours: slim(o), ref: { ...slim({ ...none, durationMs: 0, bodyLength: 0 }), summary: "(skipped)" }, refRecorded: false, skipped: true,
    };
  }
  if (c.waitBeforeMs) await new Promise((res) => setTimeout(res, c.waitBeforeMs));
  const [o, r] = await Promise.all([runSide(c, SIDES.ours, false), runSide(c, SIDES.ref, refRecorded)]);
  if (c.waitAfterMs) await new Promise((res) => setTimeout(res, c.waitAfterMs));
  const cmp = compareCase(c, o, r, refRecorded);
  const line = `${cmp.verdict.padEnd(8)} ${c.id.padEnd(5)} ${c.title}`;
  console.log(line + (cmp.verdict === "MISMATCH" ? "\n         " + cmp.checks.concat(cmp.specChecks).filter((x) => !x.ok).map((x) => x.name).join("; ") : ""));
  return {
    id: c.id, phase: c.phase, group: c.group, title: c.title, t: c.t, notes: c.notes, decision: c.decision?.spec,
    request: describeRequest(c), verdict: cmp.verdict, checks: cmp.checks, specChecks: cmp.specChecks,
    ours: slim(o), ref: slim(r), refRecorded,
  };
}

async function main() {
  let cases = buildCases().filter((c) => c.phase === PHASE);
  if (ONLY) cases = cases.filter((c) => ONLY.test(c.id));
  console.log(`phase ${PHASE}: ${cases.length} cases (nonce ${NONCE}; ref failures: ${REF_FAILURES})`);
  const results = [];
  const t0 = Date.now();
  if (PHASE === "failures" || PHASE === "down") {
    // concurrent: the original retries failing model calls for 1–2.5 minutes per case
    results.push(...(await Promise.all(cases.map(runCase))));
  } else {
    for (const c of cases) results.push(await runCase(c));
  }
  const store = fs.existsSync(RESULTS) ? JSON.parse(fs.readFileSync(RESULTS, "utf8")) : { phases: {} };
  store.phases[PHASE] = { finishedAt: new Date().toISOString(), seconds: Math.round((Date.now() - t0) / 1000), nonce: NONCE, refFailures: REF_FAILURES, only: ONLY?.source ?? null, sides: SIDES, results };
  fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
  fs.writeFileSync(RESULTS, JSON.stringify(store, null, 1));
  const count = (v) => results.filter((x) => x.verdict === v).length;
  console.log(`phase ${PHASE}: ${count("MATCH")} match, ${count("DECISION")} intended difference, ${count("MISMATCH")} mismatch, ${count("SKIP")} skipped (${Math.round((Date.now() - t0) / 1000)} s) → ${RESULTS}`);
}

// ------------------------------------------------------------------ report
function esc(s) {
  return String(s ?? "").replace(/\|/g, "\\|").replace(/\n/g, "⏎").replace(/</g, "&lt;");
}
function clip(s, n) {
  s = String(s ?? "");
  return s.length > n ? s.slice(0, n) + `… [${s.length} chars]` : s;
}
function fence(s) {
  s = String(s ?? "");
  const f = s.includes("```") ? "~~~~" : "```";
  return `${f}\n${s}\n${f}`;
}

function writeReport() {
  if (!fs.existsSync(RESULTS)) { console.error(`no results at ${RESULTS}`); process.exit(1); }
  const store = JSON.parse(fs.readFileSync(RESULTS, "utf8"));
  const phases = PHASES.filter((p) => store.phases[p]);
  const all = phases.flatMap((p) => store.phases[p].results.map((r) => ({ ...r, nonce: store.phases[p].nonce })));
  const unmask = (r, s) => String(s ?? "").replaceAll(r.nonce, "<n>");
  const cnt = (v) => all.filter((x) => x.verdict === v).length;
  const L = [];
  L.push("# Conformance comparison: our gateway vs the original OpenClaw gateway");
  L.push("");
  let git = "";
  const infoFile = path.join(path.dirname(RESULTS), "build-info.json");
  if (fs.existsSync(infoFile)) {
    const bi = JSON.parse(fs.readFileSync(infoFile, "utf8"));
    git = ` Our gateway was ${bi.skipBuild ? "copied (SKIP_BUILD=1, existing bin/Release) at" : "built at"} ${bi.builtAt} from commit \`${bi.commit}\`${bi.dirty.length ? ` plus ${bi.dirty.length} uncommitted change(s) under src/ (other engineers' work in progress at build time: ${bi.dirty.join(", ")})` : ""} and run from a private copy of the build output.`;
  } else try {
    const root = path.resolve(HERE, "../..");
    const head = execSync("git rev-parse --short HEAD", { cwd: root }).toString().trim();
    const dirty = execSync("git status --porcelain -- src", { cwd: root }).toString().split("\n").filter(Boolean).length;
    git = ` Our gateway built from commit \`${head}\`${dirty ? ` plus ${dirty} uncommitted change(s) under src/ (work in progress of other engineers at run time)` : ""}.`;
  } catch {}
  L.push(`Generated ${new Date().toISOString()} by \`tests/conformance/compare.mjs\` (see README.md). Original: npm \`openclaw@2026.9.6\` via \`/work/shared/peer/run-reference.sh\`; ours: \`src/OpenClaw.Cli\` (Release). Both against their own instance of \`mock-upstream.mjs\`.${git}`);
  L.push("");
  L.push("Per case: the same request goes to both; compared are the status, the headers of http-api.md §2.1/§4.12 (X-Content-Type-Options, Referrer-Policy, Permissions-Policy, Content-Type, Cache-Control, Allow, Strict-Transport-Security, Server, CORS, Retry-After presence, Connection for 413/SSE, Transfer-Encoding for SSE, Content-Length presence), the body with `chatcmpl_<uuid>`, `created`, usage numbers and `uptimeMs` masked (SSE frame by frame), and what reached each mock upstream (user text without the timestamp envelope and the original's `Runtime:` trailer, the `## Conversation Context` part of the system prompt, agent and session key from the `Runtime: agent=… | session=…` line, sampling params). Our system prompt is deliberately different (spec DECISION), so only those parts are compared. Session nonces are shown as `<n>`.");
  L.push("");
  L.push("Verdicts: **MATCH** = identical after masking; **DECISION** = an intended difference documented in the spec and ours behaves as the spec says; **MISMATCH** = anything else (details below).");
  L.push("");
  L.push(`## Summary`);
  L.push("");
  L.push(`| | count |`);
  L.push(`|---|---|`);
  L.push(`| MATCH | ${cnt("MATCH")} |`);
  L.push(`| DECISION (intended difference, ours per spec) | ${cnt("DECISION")} |`);
  L.push(`| MISMATCH | ${cnt("MISMATCH")} |`);
  if (cnt("SKIP")) L.push(`| SKIP (original not run: slow and not recorded) | ${cnt("SKIP")} |`);
  L.push(`| not yet implemented in ours (skipped, see end) | ${NOT_YET.length} areas |`);
  L.push(`| total cases run | ${all.length} |`);
  L.push("");
  // header order aggregate
  const ordO = all.filter((x) => x.ours.status != null && x.ref.status != null && !x.refRecorded);
  const so = ordO.filter((x) => x.ours.securityFirst).length;
  const sr = ordO.filter((x) => x.ref.securityFirst).length;
  L.push(`Header order (§2.1 "MUST carry, first and in this order"): security headers are the first three headers in ${so}/${ordO.length} of our responses and in ${sr}/${ordO.length} of the original's. This is reported here once instead of in every case.`);
  if (so < ordO.length) {
    const ex = ordO.find((x) => !x.ours.securityFirst);
    L.push("");
    L.push(`Example (${ex.id}): ours \`${ex.ours.headerOrder.join(", ")}\`; original \`${ex.ref.headerOrder.join(", ")}\`. Assessment: ours violates §2.1 (Kestrel writes \`Content-Length\`/\`Content-Type\`/\`Date\` first); values are correct everywhere.`);
  }
  L.push("");
  const withUp = all.filter((x) => x.ours.upstream && x.ref?.upstream && !x.ours.upstream.elided && !x.ref.upstream.elided);
  if (withUp.length) {
    const uniq = (f) => [...new Set(withUp.map(f))].join(" / ");
    L.push(`Upstream request shape (informational, not counted; ${withUp.length} cases with an upstream call on both sides): tools offered by ours: ${uniq((x) => JSON.stringify(x.ours.upstream.tools))}, tool_choice ${uniq((x) => J(x.ours.upstream.tool_choice))}; by the original: ${uniq((x) => JSON.stringify(x.ref.upstream.tools))}, tool_choice ${uniq((x) => J(x.ref.upstream.tool_choice))}. System prompt length: ours ${Math.min(...withUp.map((x) => x.ours.upstream.systemChars))}–${Math.max(...withUp.map((x) => x.ours.upstream.systemChars))} chars, original ${Math.min(...withUp.map((x) => x.ref.upstream.systemChars))}–${Math.max(...withUp.map((x) => x.ref.upstream.systemChars))} chars (DECISION: different prompt).${withUp.some((x) => (x.ours.upstream.tools || []).length === 0) ? " Assessment: agent-runtime.md §5.5 says the default tool profile `coding` offers `read`, `write`, `edit`, `ls` (DECISION: not the original's 12); ours sends no tools at all. Outside this HTTP comparison's scope, noted for the runtime." : ""}`);
    L.push("");
  }
  L.push("| phase | cases | match | decision | mismatch | skipped | seconds | original's failures |");
  L.push("|---|---|---|---|---|---|---|---|");
  for (const p of phases) {
    const rs = store.phases[p].results;
    const c = (v) => rs.filter((x) => x.verdict === v).length;
    L.push(`| ${p} | ${rs.length} | ${c("MATCH")} | ${c("DECISION")} | ${c("MISMATCH")} | ${c("SKIP")} | ${store.phases[p].seconds} | ${p === "failures" || p === "down" ? store.phases[p].refFailures : ""} |`);
  }
  L.push("");
  L.push("## Results");
  for (const p of phases) {
    L.push("");
    L.push(`### Phase \`${p}\``);
    let g = null;
    for (const r of store.phases[p].results.map((x) => ({ ...x, nonce: store.phases[p].nonce }))) {
      if (r.group !== g) {
        g = r.group;
        L.push("");
        L.push(`#### ${g}`);
        L.push("");
        L.push("| # | case | ours | original | result | notes |");
        L.push("|---|---|---|---|---|---|");
      }
      const failed = r.checks.concat(r.specChecks).filter((x) => !x.ok).map((x) => x.name);
      const infos = r.checks.filter((x) => x.ok && x.note).map((x) => x.note);
      const notes = [
        r.t ? r.t : "",
        r.refRecorded ? `original: recorded ${r.ref.recorded}` : "",
        r.decision ? `DECISION: ${r.decision}` : "",
        failed.length ? `differs: ${failed.join("; ")}` : "",
        ...infos,
        r.notes || "",
      ].filter(Boolean).join(" · ");
      L.push(`| ${r.id} | ${esc(unmask(r, r.title))} | ${esc(unmask(r, r.ours.summary))} | ${esc(unmask(r, r.ref.summary))} | ${r.verdict === "MATCH" ? "match" : r.verdict === "DECISION" ? "decision" : r.verdict === "SKIP" ? "skipped" : "**MISMATCH**"} | ${esc(unmask(r, notes))} |`);
    }
  }
  L.push("");
  L.push("## Mismatch details");
  for (const r of all.filter((x) => x.verdict === "MISMATCH")) {
    L.push("");
    L.push(`### ${r.id} (${r.phase}): ${unmask(r, r.title)}`);
    L.push("");
    const q = r.request;
    L.push(`Request: \`${q.method} ${q.path}\`${q.expectContinue ? " (Expect: 100-continue)" : ""}${q.chunked ? " (chunked)" : ""}, headers \`${unmask(r, JSON.stringify(q.headers))}\`${q.body != null ? `, body \`${clip(unmask(r, q.body), 400)}\`` : ""}${r.t ? ` (${r.t})` : ""}`);
    L.push("");
    L.push("| check | ours | original | note |");
    L.push("|---|---|---|---|");
    for (const x of r.checks.filter((x) => !x.ok)) L.push(`| ${esc(x.name)} | ${esc(clip(unmask(r, x.ours), 700))} | ${esc(clip(unmask(r, x.ref), 700))} | ${esc(x.note)} |`);
    for (const x of r.specChecks.filter((x) => !x.ok)) L.push(`| spec: ${esc(x.name)} | ${esc(clip(unmask(r, x.detail), 300))} | | ${x.decision ? "DECISION: " + esc(r.decision) : "spec check on ours"} |`);
    if (JUDGEMENT[r.id]) {
      L.push("");
      L.push(`Assessment: ${JUDGEMENT[r.id]}`);
    }
    L.push("");
    L.push(`Ours (${r.ours.durationMs} ms):`);
    L.push(fence(`${r.ours.status} ${r.ours.statusText ?? ""}${r.ours.error ? " [" + r.ours.error + "]" : ""}\n${r.ours.rawHeaders.join("\n")}\n\n${clip(unmask(r, r.ours.body), 1500)}`));
    L.push(`Original (${r.refRecorded ? "recorded " + r.ref.recorded : r.ref.durationMs + " ms"}):`);
    L.push(fence(`${r.ref.status} ${r.ref.statusText ?? ""}${r.ref.error ? " [" + r.ref.error + "]" : ""}\n${r.ref.rawHeaders.join("\n")}\n\n${clip(unmask(r, r.ref.body), 1500)}`));
  }
  L.push("");
  L.push("## Not yet implemented in ours (not compared)");
  L.push("");
  for (const [what, where] of NOT_YET) L.push(`- ${what} (${where})`);
  L.push("");
  L.push("## Not covered by this comparison");
  L.push("");
  for (const [what, where] of NOT_COVERED) L.push(`- ${what} (${where})`);
  L.push("");
  fs.writeFileSync(OUT_MD, L.join("\n"));
  console.log(`wrote ${OUT_MD}: ${cnt("MATCH")} match, ${cnt("DECISION")} decision, ${cnt("MISMATCH")} mismatch, ${all.length} cases`);
}

if (flag("list")) {
  for (const c of buildCases()) console.log(`${c.phase.padEnd(17)} ${c.id.padEnd(5)} ${c.t ? c.t.padEnd(6) : "      "} ${c.title}`);
} else if (flag("report")) {
  writeReport();
} else {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
