// Warden as the MCP client under test in the official conformance suite's
// client scenarios:
//
//   conformance client --scenario S --command "node warden_as_client.mjs WARDENCTL IMAGE DB"
//
// The suite starts its own server and appends that server's URL. This
// declares it as a server at a URL (the warden's McpRemoteServer is the
// client the suite sees), then runs an agent in a bubblewrap sandbox under
// `wardenctl run` that uses it through Warden's loopback endpoint
// (agent_client.mjs, the official SDK's client), so every message crosses
// the warden. The agent's steps are printed for the test to read.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const [wardenctl, image, db, url] = process.argv.slice(2);
const scenario = process.env.MCP_CONFORMANCE_SCENARIO ?? "";
const peers = dirname(fileURLToPath(import.meta.url));
const at = new URL(url);
const destination = `${at.hostname}:${at.port}`;

// What the agent does in each scenario, and the tools that takes.
const plans = {
  initialize: { calls: [], tools: {} },
  tools_call: {
    calls: [{ tool: "add_numbers", args: { a: 2, b: 3 } }],
    tools: {
      "suite.add_numbers": {
        params: { a: { type: "integer", min: -1000, max: 1000 }, b: { type: "integer", min: -1000, max: 1000 } },
      },
    },
  },
  "sse-retry": { calls: [{ tool: "test_reconnection", args: {} }], tools: { "suite.test_reconnection": {} } },
  // Refused by design: a server may not ask the agent's client for input.
  "elicitation-sep1034-client-defaults": {
    calls: [{ tool: "test_client_elicitation_defaults", args: {} }],
    tools: { "suite.test_client_elicitation_defaults": {} },
  },
};
// Any other scenario (the authorization ones): connect and list.
const plan = plans[scenario] ?? { calls: [], tools: {} };
const declaration = {
  warden: 1,
  agent: "conformance-client",
  purpose: "the MCP conformance suite's client scenarios, through Warden",
  destinations: [destination],
  internal_destinations: [destination], // the suite's server is on this machine
  mcp_servers: { suite: { url } },
  tools: plan.tools,
  processes: ["node"],
};
const dir = mkdtempSync(join(tmpdir(), "warden-as-client-"));
try {
  const file = join(dir, "declaration.json");
  writeFileSync(file, JSON.stringify(declaration, null, 2));
  const agentPlan = { server: "suite", transport: "http", list: true, calls: plan.calls };
  const run = spawnSync(
    wardenctl,
    ["run", "--declaration", file, "--image", image, "--db", db, "--data", peers, "--wall-seconds", "60", "--",
     "node", "/data/agent_client.mjs", JSON.stringify(agentPlan)],
    // The peers' directory is this checkout's, outside the usual data roots.
    { stdio: "inherit", env: { ...process.env, WARDEN_DATA_ROOTS: dirname(peers) } },
  );
  process.exitCode = run.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
