// Times tools/call round trips with the official SDK client, for
// tests/bench/bench_mcp: the same client against the same server (the
// reference "everything" server's echo tool), started directly or through
// Warden's relay, or through Warden's Streamable HTTP endpoint.
//
//   node bench_client.mjs CALLS COMMAND [ARG...]
//   node bench_client.mjs CALLS http://127.0.0.1:3129/mcp/SERVER
// prints {"n": CALLS, "p50_ms": ..., "p99_ms": ..., "mean_ms": ...}
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const [calls, command, ...args] = process.argv.slice(2);
const n = Number(calls);
const client = new Client({ name: "warden-bench", version: "1.0.0" });
const transport = command.startsWith("http://")
  ? new StreamableHTTPClientTransport(new URL(command))
  : new StdioClientTransport({ command, args });
await client.connect(transport);
const once = () => client.callTool({ name: "echo", arguments: { message: "ping" } });
for (let i = 0; i < 20; i++) await once(); // warm up both ends
const times = [];
for (let i = 0; i < n; i++) {
  const start = process.hrtime.bigint();
  const result = await once();
  times.push(Number(process.hrtime.bigint() - start) / 1e6);
  if (result.isError) throw new Error("echo failed: " + JSON.stringify(result));
}
times.sort((a, b) => a - b);
const at = (p) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))];
console.log(JSON.stringify({ n, p50_ms: at(50), p99_ms: at(99), mean_ms: times.reduce((a, b) => a + b, 0) / n }));
// An HTTP session is ended as the specification asks (DELETE), then closed:
// without it the SDK's client can keep its event stream, and Node its process.
if (transport instanceof StreamableHTTPClientTransport) await transport.terminateSession().catch(() => {});
await client.close();
