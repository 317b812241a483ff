// A gateway process owned by a test (for the restart case): `dotnet openclaw.dll gateway run` on a free loopback port
// with a given state dir and the config run.sh wrote. Env (set by run.sh): OPENCLAW_GATEWAY_DLL, NODE_SDK_CONFIG,
// NODE_SDK_WORK (where logs go; gateway-pids/<pid> exists while a started gateway has not been seen to exit, so run.sh
// can stop one a crashed test left behind).
import { spawn } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set; run the tests through tests/node-sdk/run.sh`);
  return value;
}

async function freePort() {
  const server = net.createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address();
  server.close();
  await once(server, "close");
  return port;
}

async function waitReady(url, state, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (state.error) throw new Error(`gateway could not start: ${state.error.message}`);
    if (state.exited) throw new Error("gateway exited before it was ready");
    try {
      const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await delay(200);
  }
  throw new Error(`gateway at ${url} did not become ready within ${timeoutMs} ms`);
}

/** Starts a gateway on `stateDir` and resolves once GET /readyz is 200; `stop()` ends it with SIGTERM (SIGKILL after 15 s). */
export async function startGateway(stateDir, name) {
  const work = required("NODE_SDK_WORK");
  const port = await freePort();
  const log = fs.openSync(path.join(work, `${name}.log`), "a");
  const child = spawn("dotnet", [required("OPENCLAW_GATEWAY_DLL"), "gateway", "run", "--port", String(port)], {
    env: {
      ...process.env,
      OPENCLAW_STATE_DIR: stateDir,
      OPENCLAW_CONFIG_PATH: required("NODE_SDK_CONFIG"),
      Serilog__MinimumLevel__Default: "Warning",
    },
    stdio: ["ignore", log, log],
  });
  fs.closeSync(log);
  const state = { exited: false, error: null };
  const pidFile = path.join(work, "gateway-pids", String(child.pid));
  if (child.pid) {
    fs.mkdirSync(path.dirname(pidFile), { recursive: true });
    fs.writeFileSync(pidFile, "");
  }
  const exited = new Promise((resolve) =>
    child.on("exit", () => {
      state.exited = true;
      fs.rmSync(pidFile, { force: true });
      resolve();
    }),
  );
  child.on("error", (error) => (state.error = error));
  const stop = async () => {
    if (child.pid && !state.exited) {
      child.kill("SIGTERM");
      const killed = await Promise.race([exited.then(() => false), delay(15_000, undefined, { ref: false }).then(() => true)]);
      if (killed) {
        child.kill("SIGKILL");
        await exited;
      }
    }
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitReady(url, state, 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}
