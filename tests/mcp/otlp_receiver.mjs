// An OTLP/HTTP trace receiver for Warden's tests of its OpenTelemetry export.
// It decodes what arrives with OpenTelemetry's own protocol definitions: the
// protobufjs root that @opentelemetry/otlp-transformer generates from the
// opentelemetry-proto .proto files and ships (pinned in package-lock.json), so
// what Warden writes is read by the project's code, not by ours.
//
//   node otlp_receiver.mjs PORTFILE OUTFILE
//   node otlp_receiver.mjs --self-check
//
// It listens on 127.0.0.1 (a free port), writes the port number to PORTFILE
// (PORTFILE.tmp, then renamed), and takes POST /v1/traces with Content-Type
// application/x-protobuf or application/json (OTLP/JSON: hex trace and span
// ids, integer enums), optionally gzip Content-Encoding. It appends one JSON
// line per span to OUTFILE:
//   {"resource": {...}, "scope": "...", "traceId": hex, "spanId": hex,
//    "parentSpanId": hex or "", "name": "...", "kind": int,
//    "startTimeUnixNano": "...", "endTimeUnixNano": "...", "attributes": {...},
//    "events": [{"name", "timeUnixNano", "attributes"}],
//    "status": {"code": int, "message": "..."}}
// Attribute values become plain JSON: strings, booleans, doubles, integers
// (a number, or a decimal string past 2^53), arrays, key/value lists as
// objects, bytes as base64.
//
// It is a test oracle, so it is stricter than a collector (which must ignore
// unknown fields): a body that does not decode, that carries fields the
// definitions do not know (the decoded message does not re-encode to the same
// length; for JSON, a member the message has no field for, or a value that
// does not survive the round trip), a trace or span id of the wrong length or
// all zero, or a duplicate attribute key gets 400, a line on stderr, and a
// line {"error": "..."} in OUTFILE. A good request gets 200 and an empty
// ExportTraceServiceResponse (protobuf or JSON, as the request was).
//
// OTLP_FAIL_FIRST=N answers the first N POSTs with 503 (retryable in OTLP),
// for a test of the exporter's retries. SIGTERM or SIGINT closes it, exit 0.
import http from "node:http";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = require("@opentelemetry/otlp-transformer/build/src/generated/root.js");
const collector = root.opentelemetry.proto.collector.trace.v1;
const Request = collector.ExportTraceServiceRequest;
const Response = collector.ExportTraceServiceResponse;

const MAX_BODY = 64 * 1024 * 1024;

class Rejected extends Error {}

const hex = (bytes) => Buffer.from(bytes ?? []).toString("hex");

// int64/uint64/fixed64 arrive as Long (protobufjs with the long package) or
// as a number; either way a decimal string.
const decimal = (v) => (v == null ? "0" : typeof v === "number" ? String(v) : v.toString());

function integer(v) {
  const s = decimal(v);
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : s;
}

function anyValue(v, where) {
  if (!v) return null;
  switch (v.value) {
    case "stringValue":
      return v.stringValue;
    case "boolValue":
      return v.boolValue;
    case "intValue":
      return integer(v.intValue);
    case "doubleValue":
      return Number.isFinite(v.doubleValue) ? v.doubleValue : String(v.doubleValue);
    case "arrayValue":
      return (v.arrayValue.values ?? []).map((x) => anyValue(x, where));
    case "kvlistValue":
      return attributeMap(v.kvlistValue.values, where);
    case "bytesValue":
      return Buffer.from(v.bytesValue).toString("base64");
    default:
      return null;
  }
}

function attributeMap(list, where) {
  const out = {};
  for (const kv of list ?? []) {
    if (Object.prototype.hasOwnProperty.call(out, kv.key)) throw new Rejected(`${where}: duplicate attribute key "${kv.key}"`);
    out[kv.key] = anyValue(kv.value, `${where}.${kv.key}`);
  }
  return out;
}

function checkId(bytes, length, what, allowEmpty) {
  const b = Buffer.from(bytes ?? []);
  if (allowEmpty && b.length === 0) return;
  if (b.length !== length) throw new Rejected(`${what} has ${b.length} bytes, not ${length}`);
  if (b.every((x) => x === 0)) throw new Rejected(`${what} is all zero`);
}

function spansOf(request) {
  const lines = [];
  (request.resourceSpans ?? []).forEach((rs, r) => {
    const resource = attributeMap(rs.resource?.attributes, `resourceSpans[${r}].resource`);
    (rs.scopeSpans ?? []).forEach((ss, s) => {
      const scope = ss.scope?.name ?? "";
      (ss.spans ?? []).forEach((span, i) => {
        const where = `resourceSpans[${r}].scopeSpans[${s}].spans[${i}]`;
        checkId(span.traceId, 16, `${where}.traceId`, false);
        checkId(span.spanId, 8, `${where}.spanId`, false);
        checkId(span.parentSpanId, 8, `${where}.parentSpanId`, true);
        (span.links ?? []).forEach((link, l) => {
          checkId(link.traceId, 16, `${where}.links[${l}].traceId`, false);
          checkId(link.spanId, 8, `${where}.links[${l}].spanId`, false);
        });
        lines.push({
          resource,
          scope,
          traceId: hex(span.traceId),
          spanId: hex(span.spanId),
          parentSpanId: hex(span.parentSpanId),
          name: span.name ?? "",
          kind: span.kind ?? 0,
          startTimeUnixNano: decimal(span.startTimeUnixNano),
          endTimeUnixNano: decimal(span.endTimeUnixNano),
          attributes: attributeMap(span.attributes, `${where}.attributes`),
          events: (span.events ?? []).map((e, k) => ({
            name: e.name ?? "",
            timeUnixNano: decimal(e.timeUnixNano),
            attributes: attributeMap(e.attributes, `${where}.events[${k}].attributes`),
          })),
          status: { code: span.status?.code ?? 0, message: span.status?.message ?? "" },
        });
      });
    });
  });
  return lines;
}

function decodeProtobuf(body) {
  let request;
  try {
    request = Request.decode(body);
  } catch (e) {
    throw new Rejected(`protobuf does not decode as ExportTraceServiceRequest: ${e.message}`);
  }
  const problem = Request.verify(request);
  if (problem) throw new Rejected(`ExportTraceServiceRequest does not verify: ${problem}`);
  const again = Request.encode(request).finish().length;
  if (again !== body.length) {
    throw new Rejected(
      `ExportTraceServiceRequest of ${body.length} bytes re-encodes to ${again}: fields the OTLP definitions do not know, or garbled ones`,
    );
  }
  return request;
}

// OTLP/JSON: trace and span ids are hex, not base64 as elsewhere in protobuf JSON.
const HEX_ID_KEYS = new Set(["traceId", "spanId", "parentSpanId"]);

function hexIdsToBytes(value, where) {
  if (Array.isArray(value)) return value.map((v, i) => hexIdsToBytes(v, `${where}[${i}]`));
  if (value === null || typeof value !== "object") return value;
  const out = {};
  for (const [key, v] of Object.entries(value)) {
    if (HEX_ID_KEYS.has(key) && v !== null) {
      if (typeof v !== "string" || !/^([0-9a-fA-F]{2})*$/.test(v)) throw new Rejected(`${where}.${key} is not a hex string`);
      out[key] = Buffer.from(v, "hex");
    } else {
      out[key] = hexIdsToBytes(v, `${where}.${key}`);
    }
  }
  return out;
}

// Every member of the input must be a field of the message and come back
// unchanged from fromObject -> encode -> decode -> toObject.
function sameAsRoundTrip(input, out, where) {
  if (input === null || input === undefined) return;
  if (Buffer.isBuffer(input)) {
    if (out !== input.toString("base64")) throw new Rejected(`${where}: bytes do not survive decoding`);
    return;
  }
  if (Array.isArray(input)) {
    if (!Array.isArray(out) || out.length !== input.length) throw new Rejected(`${where}: not a list of the right messages`);
    input.forEach((v, i) => sameAsRoundTrip(v, out[i], `${where}[${i}]`));
    return;
  }
  if (typeof input === "object") {
    if (out === null || typeof out !== "object" || Array.isArray(out)) throw new Rejected(`${where}: an object where the field is not a message`);
    for (const [key, v] of Object.entries(input)) {
      if (!Object.prototype.hasOwnProperty.call(out, key)) throw new Rejected(`${where}: no field "${key}" in the OTLP definitions`);
      sameAsRoundTrip(v, out[key], `${where}.${key}`);
    }
    return;
  }
  const same =
    input === out ||
    (typeof input === "number" && typeof out === "string" && Number.isInteger(input) && /^-?\d+$/.test(out) && BigInt(input) === BigInt(out)) ||
    (typeof input === "string" && typeof out === "number" && Number(input) === out && input.trim() !== "");
  if (!same) throw new Rejected(`${where}: value ${JSON.stringify(input)} is not of the field's type`);
}

function decodeJson(body) {
  let parsed;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch (e) {
    throw new Rejected(`body is not JSON: ${e.message}`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new Rejected("body is not a JSON object");
  const input = hexIdsToBytes(parsed, "request");
  let request;
  try {
    request = Request.decode(Request.encode(Request.fromObject(input)).finish());
  } catch (e) {
    throw new Rejected(`JSON is not an ExportTraceServiceRequest: ${e.message}`);
  }
  const out = Request.toObject(request, { defaults: true, arrays: true, longs: String, enums: Number, bytes: String });
  sameAsRoundTrip(input, out, "request");
  return request;
}

function mediaType(req) {
  return (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on("data", (c) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Rejected(`body over ${MAX_BODY} bytes`));
        req.destroy();
      } else {
        chunks.push(c);
      }
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function serve(portFile, outFile) {
  let failFirst = Number.parseInt(process.env.OTLP_FAIL_FIRST ?? "0", 10) || 0;
  fs.appendFileSync(outFile, "");
  const record = (obj) => fs.appendFileSync(outFile, JSON.stringify(obj) + "\n");
  const reject = (res, status, message) => {
    process.stderr.write(`otlp_receiver: ${status}: ${message}\n`);
    record({ error: message });
    res.writeHead(status, { "Content-Type": "text/plain" });
    res.end(message + "\n");
  };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    if (url.pathname !== "/v1/traces") return reject(res, 404, `no such path ${url.pathname}`);
    if (req.method !== "POST") return reject(res, 405, `method ${req.method} on /v1/traces`);
    const type = mediaType(req);
    if (type !== "application/x-protobuf" && type !== "application/json") {
      return reject(res, 415, `unsupported Content-Type "${req.headers["content-type"] ?? ""}"`);
    }
    let body;
    try {
      body = await readBody(req);
    } catch (e) {
      return reject(res, e instanceof Rejected ? 413 : 400, e.message);
    }
    if (failFirst > 0) {
      failFirst -= 1;
      process.stderr.write(`otlp_receiver: 503 on purpose (OTLP_FAIL_FIRST), ${failFirst} more to come\n`);
      res.writeHead(503, { "Content-Type": "text/plain" });
      res.end("unavailable on purpose\n");
      return;
    }
    try {
      const encoding = (req.headers["content-encoding"] ?? "identity").trim().toLowerCase();
      if (encoding === "gzip") {
        try {
          body = zlib.gunzipSync(body);
        } catch (e) {
          throw new Rejected(`gzip body does not inflate: ${e.message}`);
        }
      } else if (encoding !== "identity" && encoding !== "") {
        throw new Rejected(`unsupported Content-Encoding "${encoding}"`);
      }
      const request = type === "application/json" ? decodeJson(body) : decodeProtobuf(body);
      const lines = spansOf(request);
      for (const line of lines) record(line);
      process.stderr.write(`otlp_receiver: 200: ${lines.length} span(s), ${type}\n`);
      if (type === "application/json") {
        res.writeHead(200, { "Content-Type": "application/json" });
        res.end(JSON.stringify(Response.toObject(Response.create())));
      } else {
        res.writeHead(200, { "Content-Type": "application/x-protobuf" });
        res.end(Buffer.from(Response.encode(Response.create()).finish()));
      }
    } catch (e) {
      if (!(e instanceof Rejected)) process.stderr.write(`otlp_receiver: ${e.stack}\n`);
      reject(res, 400, e.message);
    }
  });

  // Stop at once, even with a client holding a keep-alive connection open.
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections?.();
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  server.listen(0, "127.0.0.1", () => {
    const { port } = server.address();
    fs.writeFileSync(portFile + ".tmp", `${port}\n`);
    fs.renameSync(portFile + ".tmp", portFile);
    process.stderr.write(`otlp_receiver: listening on 127.0.0.1:${port}\n`);
  });
}

// --self-check: run the receiver as a child, as a test would, and send it a
// request encoded with the same definitions (protobuf, gzip, JSON), a garbled
// and a truncated one, and one during OTLP_FAIL_FIRST.
async function selfCheck() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "otlp-receiver-"));
  const portFile = path.join(dir, "port");
  const outFile = path.join(dir, "spans.jsonl");
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), portFile, outFile], {
    env: { ...process.env, OTLP_FAIL_FIRST: "1" },
    stdio: ["ignore", "inherit", "pipe"],
  });
  let childErr = "";
  child.stderr.on("data", (d) => (childErr += d));
  const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  for (let i = 0; i < 100 && !fs.existsSync(portFile); i++) await new Promise((r) => setTimeout(r, 50));
  const port = Number(fs.readFileSync(portFile, "utf8"));
  const post = async (body, type, extra = {}) => {
    const r = await fetch(`http://127.0.0.1:${port}/v1/traces`, {
      method: "POST",
      headers: { "Content-Type": type, ...extra },
      body,
    });
    return { status: r.status, body: Buffer.from(await r.arrayBuffer()) };
  };

  const traceId = "5b8efff798038103d269b633813fc60c";
  const sample = {
    resourceSpans: [
      {
        resource: { attributes: [{ key: "service.name", value: { stringValue: "warden" } }] },
        scopeSpans: [
          {
            scope: { name: "warden.audit", version: "1" },
            spans: [
              {
                traceId: Buffer.from(traceId, "hex"),
                spanId: Buffer.from("eee19b7ec3c1b174", "hex"),
                parentSpanId: Buffer.from("eee19b7ec3c1b173", "hex"),
                name: "tools/call read_file",
                kind: 3,
                startTimeUnixNano: "1753000000000000123",
                endTimeUnixNano: "1753000000500000456",
                attributes: [
                  { key: "gen_ai.tool.name", value: { stringValue: "read_file" } },
                  { key: "warden.allowed", value: { boolValue: false } },
                  { key: "warden.bytes", value: { intValue: "9007199254740993" } },
                  { key: "warden.score", value: { doubleValue: 0.95 } },
                  { key: "warden.paths", value: { arrayValue: { values: [{ stringValue: "/work/a" }, { intValue: 7 }] } } },
                ],
                events: [
                  {
                    timeUnixNano: "1753000000250000000",
                    name: "denied",
                    attributes: [{ key: "reason", value: { stringValue: "not declared" } }],
                  },
                ],
                status: { code: 2, message: "denied by policy" },
              },
            ],
          },
        ],
      },
    ],
  };
  const encoded = Buffer.from(Request.encode(Request.fromObject(sample)).finish());
  const json = JSON.stringify(
    { ...sample },
    (key, value) => (HEX_ID_KEYS.has(key) && value && value.type === "Buffer" ? Buffer.from(value.data).toString("hex") : value),
  );

  const results = [];
  const check = (name, ok, detail = "") => {
    results.push(ok);
    process.stdout.write(`${ok ? "ok  " : "FAIL"} ${name}${ok || !detail ? "" : ": " + detail}\n`);
  };
  let r = await post(encoded, "application/x-protobuf");
  check("first request answered 503 (OTLP_FAIL_FIRST=1)", r.status === 503, String(r.status));
  r = await post(encoded, "application/x-protobuf");
  check("protobuf request accepted", r.status === 200 && r.body.length === 0, `${r.status} ${r.body}`);
  r = await post(zlib.gzipSync(encoded), "application/x-protobuf", { "Content-Encoding": "gzip" });
  check("gzip protobuf request accepted", r.status === 200, `${r.status} ${r.body}`);
  r = await post(json, "application/json");
  check("OTLP/JSON request accepted", r.status === 200 && r.body.toString() === "{}", `${r.status} ${r.body}`);
  r = await post(Buffer.concat([encoded, Buffer.from([0x78, 0x01])]), "application/x-protobuf");
  check("unknown protobuf field refused", r.status === 400, `${r.status} ${r.body}`);
  r = await post(encoded.subarray(0, encoded.length - 3), "application/x-protobuf");
  check("truncated protobuf refused", r.status === 400, `${r.status} ${r.body}`);
  r = await post(json.replace('"name":"denied"', '"nmae":"denied"'), "application/json");
  check("misspelt OTLP/JSON field refused", r.status === 400, `${r.status} ${r.body}`);
  r = await post(json.replace('"kind":3', '"kind":"three"'), "application/json");
  check("OTLP/JSON value of the wrong type refused", r.status === 400, `${r.status} ${r.body}`);
  r = await post(encoded, "text/plain");
  check("other Content-Type refused", r.status === 415, `${r.status} ${r.body}`);

  child.kill("SIGTERM");
  const { code, signal } = await exited;
  check("exits 0 on SIGTERM", code === 0, `code ${code} signal ${signal}`);

  const lines = fs.readFileSync(outFile, "utf8").trim().split("\n").map((l) => JSON.parse(l));
  const spans = lines.filter((l) => !l.error);
  const errors = lines.filter((l) => l.error);
  check("3 spans and 5 errors recorded", spans.length === 3 && errors.length === 5, JSON.stringify(lines));
  const s = spans[0] ?? {};
  check(
    "span recorded as sent",
    s.traceId === traceId &&
      s.spanId === "eee19b7ec3c1b174" &&
      s.parentSpanId === "eee19b7ec3c1b173" &&
      s.scope === "warden.audit" &&
      s.resource?.["service.name"] === "warden" &&
      s.name === "tools/call read_file" &&
      s.kind === 3 &&
      s.startTimeUnixNano === "1753000000000000123" &&
      s.endTimeUnixNano === "1753000000500000456" &&
      s.attributes?.["gen_ai.tool.name"] === "read_file" &&
      s.attributes?.["warden.allowed"] === false &&
      s.attributes?.["warden.bytes"] === "9007199254740993" &&
      s.attributes?.["warden.score"] === 0.95 &&
      JSON.stringify(s.attributes?.["warden.paths"]) === '["/work/a",7]' &&
      s.events?.[0]?.name === "denied" &&
      s.events?.[0]?.timeUnixNano === "1753000000250000000" &&
      s.events?.[0]?.attributes?.reason === "not declared" &&
      s.status?.code === 2 &&
      s.status?.message === "denied by policy",
    JSON.stringify(s),
  );
  check("JSON span same as protobuf span", JSON.stringify(spans[2]) === JSON.stringify(spans[0]), JSON.stringify(spans[2]));
  const failed = results.filter((x) => !x).length;
  if (failed) process.stdout.write(childErr);
  process.stdout.write(`otlp_receiver self-check: ${results.length - failed} passed, ${failed} failed\n`);
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(failed ? 1 : 0);
}

const args = process.argv.slice(2);
if (args.length === 1 && args[0] === "--self-check") {
  await selfCheck();
} else if (args.length === 2) {
  serve(args[0], args[1]);
} else {
  process.stderr.write("usage: node otlp_receiver.mjs PORTFILE OUTFILE | --self-check\n");
  process.exit(2);
}
