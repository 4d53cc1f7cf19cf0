// An MCP server at a URL that wants a bearer token, for Warden's tests of
// servers' credentials: the official SDK's Streamable HTTP transport
// (stateless), behind a check of `Authorization: Bearer $MCP_TOKEN`; a
// request without it, or with another, gets 401 and never reaches the
// server. It prints one line `listening http://127.0.0.1:PORT/mcp`, then one
// JSON line per request with the Authorization header it carried (the test
// reads them: the sandbox's own header must never arrive).
//
//   MCP_TOKEN=... node token_server.mjs
import http from "node:http";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";

const token = process.env.MCP_TOKEN ?? "";
if (!token) {
  process.stderr.write("token_server.mjs: set MCP_TOKEN\n");
  process.exit(2);
}

function mcpServer() {
  const server = new Server({ name: "vault", version: "1.0.0" }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: [{ name: "whoami", description: "Who the caller is", inputSchema: { type: "object", properties: {} } }],
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    if (request.params.name !== "whoami") throw new Error(`no tool ${request.params.name}`);
    return { content: [{ type: "text", text: "authorized by the vault's token" }] };
  });
  return server;
}

const httpServer = http.createServer(async (req, res) => {
  const authorization = req.headers.authorization ?? "";
  process.stdout.write(JSON.stringify({ method: req.method, authorization }) + "\n");
  if (authorization !== `Bearer ${token}`) {
    res.writeHead(401, { "WWW-Authenticate": "Bearer", "Content-Type": "text/plain" });
    res.end("a bearer token is required");
    return;
  }
  if (req.method !== "POST") {
    res.writeHead(405).end();
    return;
  }
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  const server = mcpServer();
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  res.on("close", () => {
    transport.close();
    server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res, body);
});
httpServer.listen(0, "127.0.0.1", () => {
  process.stdout.write(`listening http://127.0.0.1:${httpServer.address().port}/mcp\n`);
});
