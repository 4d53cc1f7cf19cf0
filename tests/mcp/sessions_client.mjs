// Sessions that come and go, the way real clients use Streamable HTTP: the
// official SDK's client opens a session, calls one tool, and then either ends
// it (DELETE) or just goes away; then several sessions at once; then one more
// call. Prints one JSON line per phase for the test to read.
//
//   {"server": "everything", "tool": "echo", "sequential": 100, "concurrent": 8}
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const plan = JSON.parse(process.argv[2]);
const say = (o) => console.log(JSON.stringify(o));
// An error nobody awaited (a transport's stream torn down under it) is
// said, so that the test shows it, rather than ending the process unheard.
process.on("unhandledRejection", (e) => say({ step: "unhandled", error: String(e?.message ?? e) }));
process.on("uncaughtException", (e) => say({ step: "uncaught", error: String(e?.message ?? e) }));
const url = new URL(`http://127.0.0.1:3129/mcp/${plan.server}`);

// One session: open, call, then end it or abandon it. Resolves to null or why it failed.
async function session(n, end, hold) {
  const transport = new StreamableHTTPClientTransport(url);
  const client = new Client({ name: `sessions-${n}`, version: "1.0.0" });
  try {
    await client.connect(transport);
    const result = await client.callTool({ name: plan.tool, arguments: { message: `hello ${n}` } });
    const text = (result.content ?? []).filter((c) => c.type === "text").map((c) => c.text).join("\n");
    if (result.isError || !text.includes(`hello ${n}`)) {
      if (hold) hold();
      return `session ${n}: ${text}`;
    }
    if (hold) await hold();
    if (end) await transport.terminateSession();
    return null;
  } catch (e) {
    if (hold) hold(); // the others need not wait for this one
    return `session ${n}: ${String(e.message ?? e)}`;
  } finally {
    await client.close().catch(() => {});
  }
}

const started = Date.now();
const failures = [];
for (let n = 0; n < plan.sequential; ++n) {
  const why = await session(n, n % 2 === 0);
  if (why) failures.push(why);
}
say({ step: "sequential", sessions: plan.sequential, failures, ms: Date.now() - started });

// All open at once: each holds its session until every one has its answer
// (or has failed), so that all of them are open together.
let arrived = 0;
let release;
const everyone = new Promise((resolve) => (release = resolve));
const hold = () => {
  if (++arrived >= plan.concurrent) release();
  return everyone;
};
const concurrent = [];
for (let n = 0; n < plan.concurrent; ++n) concurrent.push(session(1000 + n, false, hold));
const concurrentFailures = (await Promise.all(concurrent)).filter((f) => f !== null);
say({ step: "concurrent", sessions: plan.concurrent, failures: concurrentFailures });

const last = await session(9999, true);
say({ step: "final", failure: last });
say({ step: "done" });
// Abandoned sessions' transports may keep a handle open: the run is over.
process.exit(0);
