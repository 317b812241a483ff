// Loopback-only egress guard for the original openclaw CLI (loaded with `node --import`), so the CLI under
// test cannot reach anything but 127.0.0.1 even on a CI machine with network access (update checks, plugin
// catalog feeds, telemetry). Non-local DNS lookups fail with ENOTFOUND, TCP connects to non-loopback hosts
// with ECONNREFUSED, UDP datagrams to them are dropped; each blocked target is noted once on stderr.
// Same approach as the peer's reference runner; kept here so this test does not depend on its files.
import dns from "node:dns";
import net from "node:net";
import dgram from "node:dgram";

const seen = new Set();
function note(kind, what) {
  if (seen.has(`${kind}:${what}`)) return;
  seen.add(`${kind}:${what}`);
  try { process.stderr.write(`[egress-guard] blocked ${kind} ${what}\n`); } catch {}
}
function allowed(h) {
  if (h === undefined || h === null || h === "") return true; // defaults to localhost
  const s = String(h).toLowerCase().replace(/\.$/, "").replace(/^\[|\]$/g, "");
  if (s === "localhost" || s.endsWith(".localhost") || s === "ip6-localhost" || s === "ip6-loopback") return true;
  if (!net.isIP(s)) return false;
  return /^127\./.test(s) || s === "::1" || s === "0:0:0:0:0:0:0:1" || /^::ffff:127\./.test(s);
}
function notFound(host) {
  return Object.assign(new Error(`getaddrinfo ENOTFOUND ${host} (blocked by egress-guard: loopback only)`),
    { code: "ENOTFOUND", errno: -3008, syscall: "getaddrinfo", hostname: host });
}

const lookup = dns.lookup;
dns.lookup = function (hostname, options, callback) {
  if (typeof options === "function") [callback, options] = [options, {}];
  if (!allowed(hostname)) {
    note("dns lookup", hostname);
    process.nextTick(() => callback(notFound(hostname)));
    return {};
  }
  return lookup.call(this, hostname, options, callback);
};
const plookup = dns.promises.lookup;
dns.promises.lookup = async function (hostname, options) {
  if (!allowed(hostname)) { note("dns lookup", hostname); throw notFound(hostname); }
  return plookup.call(this, hostname, options);
};
for (const fn of ["resolve", "resolve4", "resolve6", "resolveAny", "resolveCname", "resolveMx", "resolveNs", "resolveSrv", "resolveTxt"]) {
  if (typeof dns[fn] === "function") {
    dns[fn] = (hostname, ...rest) => {
      note("dns resolve", hostname);
      const cb = rest.find((a) => typeof a === "function");
      if (cb) process.nextTick(() => cb(notFound(hostname)));
    };
  }
  if (typeof dns.promises[fn] === "function") dns.promises[fn] = async (hostname) => { note("dns resolve", hostname); throw notFound(hostname); };
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  let opts = Array.isArray(args[0]) ? args[0][0] : args[0];
  let host, path;
  if (opts && typeof opts === "object") ({ host, path } = opts);
  else if (typeof opts === "string" && isNaN(Number(opts))) path = opts; // unix socket
  else host = typeof args[1] === "string" ? args[1] : undefined;
  if (!path && !allowed(host)) {
    note("tcp connect", `${host}:${opts && typeof opts === "object" ? opts.port : opts}`);
    const err = Object.assign(new Error(`connect ECONNREFUSED ${host} (blocked by egress-guard: loopback only)`), { code: "ECONNREFUSED", syscall: "connect" });
    process.nextTick(() => this.destroy(err));
    return this;
  }
  return connect.apply(this, args);
};

const send = dgram.Socket.prototype.send;
dgram.Socket.prototype.send = function (msg, ...rest) {
  const addr = rest.filter((a) => typeof a === "string").pop();
  if (addr !== undefined && !allowed(addr)) {
    note("udp send", addr);
    const cb = rest.find((a) => typeof a === "function");
    if (cb) process.nextTick(() => cb(null, 0));
    return;
  }
  return send.call(this, msg, ...rest);
};
