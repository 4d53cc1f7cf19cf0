// An agent's MCP client for Warden's tests: the official TypeScript SDK's
// Client with its StdioClientTransport or StreamableHTTPClientTransport,
// unmodified, configured the way an agent would be behind Warden (the
// command is warden-mcp SERVER, or the URL http://127.0.0.1:3129/mcp/SERVER,
// instead of the real server). It runs a plan given as JSON in argv[2] and
// prints one JSON line per step, for the test to read from the run's output.
//
//   {"server": "files", "transport": "stdio" | "http", "list": true,
//    "calls": [{"tool": "read_text_file", "args": {...}, "progress": false},
//              {"list": true}]}      (a step may list the tools again)
//   "headers": {...} adds HTTP headers to every request (an agent trying to
//   pass a credential of its own through Warden's endpoint).
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const plan = JSON.parse(process.argv[2]);
const say = (o) => console.log(JSON.stringify(o));

const transport =
  plan.transport === "http"
    ? new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:3129/mcp/${plan.server}`), {
        requestInit: { headers: plan.headers ?? {} },
      })
    : new StdioClientTransport({ command: "/opt/warden/bin/warden-mcp", args: [plan.server] });
const client = new Client({ name: "warden-test-agent", version: "1.0.0" });
try {
  await client.connect(transport);
  say({ step: "connected", server: client.getServerVersion()?.name ?? "", session: transport.sessionId ?? "" });
  if (plan.list) {
    const { tools } = await client.listTools();
    say({ step: "list", tools: tools.map((t) => t.name) });
  }
  for (const [i, call] of (plan.calls ?? []).entries()) {
    if (call.list) {
      const { tools } = await client.listTools();
      say({ step: i, tools: tools.map((t) => t.name) });
      continue;
    }
    const options = { timeout: 120000, resetTimeoutOnProgress: true };
    if (call.progress) options.onprogress = (p) => say({ step: i, progress: p.progress, total: p.total });
    try {
      const result = await client.callTool({ name: call.tool, arguments: call.args ?? {} }, undefined, options);
      const text = (result.content ?? []).filter((c) => c.type === "text").map((c) => c.text).join("\n");
      say({ step: i, isError: result.isError === true, text });
    } catch (e) {
      say({ step: i, error: String(e.message ?? e) });
    }
  }
} catch (e) {
  say({ step: "failed", error: String(e.message ?? e) });
}
// An HTTP session is ended as the specification asks (DELETE), then closed.
if (plan.transport === "http") await transport.terminateSession().catch(() => {});
await client.close().catch(() => {});
say({ step: "done" });
