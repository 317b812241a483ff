// Minimal HTTP client for the conformance comparison (node:http only, no dependencies).
// Keeps the raw header order (res.rawHeaders) because http-api.md §2.1 prescribes it.
import http from "node:http";

/**
 * Send one request.
 * @param {string} base  e.g. http://127.0.0.1:28790
 * @param {object} r     {method, path, headers, body (string|Buffer|null), expectContinue, chunked, timeoutMs, readForMs}
 * @returns {Promise<{status:number|null, statusText?:string, rawHeaders:string[], body:Buffer, durationMs:number, error?:string}>}
 */
export function send(base, r) {
  return new Promise((resolve) => {
    const u = new URL(r.path, base);
    // A fresh keep-alive agent per request: the request says `Connection: keep-alive` (like curl/SDKs),
    // but no socket is ever reused between cases.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const headers = { ...(r.headers || {}) };
    const buf = r.body == null ? null : Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body, "utf8");
    if (buf && !r.chunked) headers["Content-Length"] = String(buf.length);
    if (buf && r.chunked) headers["Transfer-Encoding"] = "chunked";
    if (r.expectContinue) headers["Expect"] = "100-continue";
    const t0 = Date.now();
    let finished = false;
    let gotResponse = false;
    const finish = (out) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      try { req.destroy(); } catch {}
      agent.destroy();
      resolve({ rawHeaders: [], body: Buffer.alloc(0), status: null, ...out, durationMs: Date.now() - t0 });
    };
    const req = http.request(
      { host: u.hostname, port: u.port, path: u.pathname + u.search, method: r.method, headers, agent },
      (res) => {
        gotResponse = true;
        const headersMs = Date.now() - t0;
        let firstDataMs = null;
        const chunks = [];
        res.on("data", (c) => { if (firstDataMs == null) firstDataMs = Date.now() - t0; chunks.push(c); });
        const done = (error) =>
          finish({ status: res.statusCode, statusText: res.statusMessage, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks), headersMs, firstDataMs, ...(error ? { error } : {}) });
        res.on("end", () => done());
        // never-ending streams (history SSE, §8a.3): keep what arrived within readForMs
        if (r.readForMs) setTimeout(() => done(), r.readForMs);
        res.on("aborted", () => done("response aborted before end"));
        res.on("error", (e) => done(`response error: ${e.code || e.message}`));
      }
    );
    const timer = setTimeout(() => finish({ error: `timeout after ${r.timeoutMs} ms` }), r.timeoutMs || 60000);
    req.on("error", (e) => {
      // Writing a large body can fail (EPIPE/ECONNRESET) after the server answered early (413/401);
      // the 'response' handler then finishes. Only report errors when no response arrived.
      if (!gotResponse) setTimeout(() => { if (!gotResponse) finish({ error: `request error: ${e.code || e.message}` }); }, 50);
    });
    const writeBody = async () => {
      if (!buf) return req.end();
      const step = 64 * 1024;
      for (let i = 0; i < buf.length; i += step) {
        if (finished || gotResponse || req.destroyed) return;
        const ok = req.write(buf.subarray(i, i + step));
        if (!ok) {
          await new Promise((res) => {
            const done = () => { req.off("drain", done); req.off("close", done); res(); };
            req.on("drain", done);
            req.on("close", done);
          });
        }
      }
      if (!finished && !req.destroyed) req.end();
    };
    if (r.expectContinue && buf) {
      req.flushHeaders();
      // Like curl: send the body only after `100 Continue` (or after 1 s without an answer).
      let started = false;
      const go = () => { if (!started && !gotResponse) { started = true; writeBody(); } };
      req.on("continue", go);
      setTimeout(go, 1000);
    } else {
      writeBody();
    }
  });
}

/** rawHeaders -> [{name (lower-case), value}] in wire order */
export function headerList(rawHeaders) {
  const out = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) out.push({ name: rawHeaders[i].toLowerCase(), raw: rawHeaders[i], value: rawHeaders[i + 1] });
  return out;
}

/** first value of a header (lower-case name) or undefined */
export function header(rawHeaders, name) {
  const h = headerList(rawHeaders).find((x) => x.name === name);
  return h ? h.value : undefined;
}

export async function getJson(url, timeoutMs = 5000) {
  const u = new URL(url);
  const r = await send(u.origin, { method: "GET", path: u.pathname + u.search, timeoutMs });
  if (r.status !== 200) return null;
  try { return JSON.parse(r.body.toString("utf8")); } catch { return null; }
}
