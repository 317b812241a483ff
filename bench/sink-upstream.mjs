// A model server for memory benchmarks: takes any /v1/chat/completions request (the body is read and dropped,
// whatever its size) and answers a short streamed reply, so the gateway's memory is measured on the request path
// alone, as with a real model whose answer is short. Usage: node bench/sink-upstream.mjs PORT
import http from "node:http";

const port = Number(process.argv[2] || 18950);
const chunk = (obj) => `data: ${JSON.stringify(obj)}\n\n`;

http
  .createServer((req, res) => {
    let bytes = 0;
    req.on("data", (d) => (bytes += d.length));
    req.on("end", () => {
      if (req.url === "/health") {
        res.writeHead(200, { "content-type": "text/plain" }).end("ok");
        return;
      }
      const base = { id: "chatcmpl-sink", object: "chat.completion.chunk", created: 0, model: "sink-model" };
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(chunk({ ...base, choices: [{ index: 0, delta: { role: "assistant", content: `received ${bytes} bytes` }, finish_reason: null }] }));
      res.write(chunk({ ...base, choices: [{ index: 0, delta: {}, finish_reason: "stop" }] }));
      res.write(chunk({ ...base, choices: [], usage: { prompt_tokens: Math.ceil(bytes / 4), completion_tokens: 3, total_tokens: Math.ceil(bytes / 4) + 3 } }));
      res.end("data: [DONE]\n\n");
    });
  })
  .listen(port, "127.0.0.1");
