// Checks OCSF events, one JSON object a line, against the pinned OCSF JSON
// Schemas in tests/ocsf/schema/<version>/ (made from the OCSF schema's own
// source by tests/ocsf/make_schema.py) with Ajv, a real JSON Schema
// validator (draft 2020-12), pinned in package-lock.json.
//
//   node ocsf_validate.mjs SCHEMA_DIR EVENTS.jsonl
//
// Each event is checked against the schema of its class_uid; an event with a
// class_uid no schema there has fails. A failure prints
//   line N: class X: <what Ajv found>
// Exit 0 with "N events valid (by class: ...)" when all are, 1 when any is
// not (or the file holds no event at all), 2 when the events or the schemas
// cannot be read. Blank lines are skipped.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const Ajv2020 = require("ajv/dist/2020.js").default;

function fail(message) {
  process.stderr.write(`ocsf_validate: ${message}\n`);
  process.exit(2);
}

if (process.argv.length !== 4) fail("usage: node ocsf_validate.mjs SCHEMA_DIR EVENTS.jsonl");
const [schemaDir, eventsFile] = process.argv.slice(2);

// Strict about the schemas themselves (an unknown keyword is an error), not
// about the type annotations strictTypes wants in every if/then.
const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });

const byClass = new Map();
let names;
try {
  names = fs.readdirSync(schemaDir).filter((n) => n.endsWith(".json")).sort();
} catch (e) {
  fail(`cannot read schema directory ${schemaDir}: ${e.message}`);
}
for (const name of names) {
  let schema;
  try {
    schema = JSON.parse(fs.readFileSync(path.join(schemaDir, name), "utf8"));
  } catch (e) {
    fail(`cannot read schema ${name}: ${e.message}`);
  }
  const uid = schema?.properties?.class_uid?.const;
  if (!Number.isInteger(uid)) fail(`schema ${name} does not fix a class_uid`);
  if (byClass.has(uid)) fail(`schemas ${byClass.get(uid).file} and ${name} are both for class_uid ${uid}`);
  try {
    byClass.set(uid, { file: name, title: schema.title ?? name, validate: ajv.compile(schema) });
  } catch (e) {
    fail(`schema ${name} does not compile: ${e.message}`);
  }
}
if (byClass.size === 0) fail(`no schemas in ${schemaDir}`);

let text;
try {
  text = fs.readFileSync(eventsFile, "utf8");
} catch (e) {
  fail(`cannot read ${eventsFile}: ${e.message}`);
}

const shorten = (v) => {
  const s = JSON.stringify(v);
  return s.length > 120 ? s.slice(0, 117) + "..." : s;
};

function describe(error) {
  const where = error.instancePath || "/";
  const p = error.params ?? {};
  let detail = "";
  if (p.additionalProperty !== undefined) detail = ` "${p.additionalProperty}"`;
  else if (p.allowedValues !== undefined) detail = ` ${shorten(p.allowedValues)}`;
  else if (p.allowedValue !== undefined) detail = ` ${shorten(p.allowedValue)}`;
  return `${where} ${error.message}${detail}`;
}

const counts = new Map();
let events = 0;
let failures = 0;
text.split("\n").forEach((line, index) => {
  const n = index + 1;
  if (line.trim() === "") return;
  events += 1;
  let event;
  try {
    event = JSON.parse(line);
  } catch (e) {
    failures += 1;
    process.stdout.write(`line ${n}: class ?: not JSON: ${e.message}\n`);
    return;
  }
  const uid = event?.class_uid;
  const entry = byClass.get(uid);
  if (!entry) {
    failures += 1;
    const known = [...byClass.keys()].sort((a, b) => a - b).join(", ");
    process.stdout.write(`line ${n}: class ${shorten(uid)}: no schema for this class_uid (known: ${known})\n`);
    return;
  }
  if (entry.validate(event)) {
    counts.set(uid, (counts.get(uid) ?? 0) + 1);
    return;
  }
  failures += 1;
  const errors = entry.validate.errors.map(describe);
  process.stdout.write(`line ${n}: class ${uid} (${entry.title}): ${errors.join("; ")}\n`);
});

if (events === 0) {
  process.stdout.write(`no events in ${eventsFile}\n`);
  process.exit(1);
}
if (failures) {
  process.stdout.write(`${failures} of ${events} events invalid\n`);
  process.exit(1);
}
const summary = [...counts.entries()]
  .sort((a, b) => a[0] - b[0])
  .map(([uid, count]) => `${uid} ${byClass.get(uid).title}: ${count}`)
  .join(", ");
process.stdout.write(`${events} events valid (by class: ${summary})\n`);
