// conformance_server.mjs: a fixture server written for Warden's tests that has
// what the conformance suite's server scenarios expect
// (@modelcontextprotocol/conformance, `conformance server --url ...`).
//
//   node conformance_server.mjs --stdio        MCP over stdin/stdout
//   node conformance_server.mjs --http PORT    Streamable HTTP at
//                                              http://127.0.0.1:PORT/mcp
//                                              (PORT 0 picks a free port)
//
// In HTTP mode every session gets its own transport and server instance, the
// Host and Origin headers must name 127.0.0.1:PORT or localhost:PORT (DNS
// rebinding protection), and one line `listening http://127.0.0.1:PORT/mcp`
// is printed once the port is bound.
//
// Built on the official TypeScript SDK's low-level Server rather than
// McpServer: every tool schema, resource and prompt is written out here as it
// goes on the wire, so the JSON Schema 2020-12 keywords the suite looks for
// survive untouched and nothing depends on zod-to-JSON-Schema conversion.
// Everything is deterministic: no clocks, no randomness in any result.
// Runs on Node 18 and later.

import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  CompleteRequestSchema,
  ErrorCode,
  GetPromptRequestSchema,
  LATEST_PROTOCOL_VERSION,
  ListPromptsRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListResourcesRequestSchema,
  ListToolsRequestSchema,
  LoggingLevelSchema,
  McpError,
  ReadResourceRequestSchema,
  SUPPORTED_PROTOCOL_VERSIONS,
  SetLevelRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
  isInitializeRequest,
} from '@modelcontextprotocol/sdk/types.js';

const SERVER_INFO = { name: 'warden-conformance-fixture', version: '1.0.0' };

// A 1x1 RGB PNG and a 16-sample 8 kHz 8-bit mono WAV, made for this file.
const PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR42mOQz98CAAHzAUM/elDMAAAAAElFTkSuQmCC';
const WAV_BASE64 =
  'UklGRjQAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YRAAAACAgICAgICAgICAgICAgICA';

// How long the SSE priming event tells clients to wait before reconnecting.
const SSE_RETRY_MS = 250;
// How long test_reconnection waits for the client to come back.
const RESUME_TIMEOUT_MS = 10000;
// Largest POST body accepted in HTTP mode.
const MAX_BODY_BYTES = 4 * 1024 * 1024;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const text = (t) => ({ type: 'text', text: t });
const toolError = (message) => ({ isError: true, content: [text(message)] });
const errorText = (err) => (err instanceof Error ? err.message : String(err));

// ---------------------------------------------------------------------------
// Tools

const NO_ARGS = { type: 'object', properties: {} };

const JSON_SCHEMA_2020_12 = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  $defs: {
    address: {
      type: 'object',
      properties: { street: { type: 'string' }, city: { type: 'string' } },
    },
  },
  properties: {
    name: { type: 'string' },
    address: { $ref: '#/$defs/address' },
  },
  additionalProperties: false,
};

const ELICIT_CONTACT_SCHEMA = {
  type: 'object',
  properties: {
    username: { type: 'string', description: "User's response" },
    email: { type: 'string', description: "User's email address" },
  },
  required: ['username', 'email'],
};

// SEP-1034: one field of each primitive type, each with a default.
const ELICIT_DEFAULTS_SCHEMA = {
  type: 'object',
  properties: {
    name: { type: 'string', description: 'Name', default: 'John Doe' },
    age: { type: 'integer', description: 'Age', default: 30 },
    score: { type: 'number', description: 'Score', default: 95.5 },
    status: {
      type: 'string',
      description: 'Status',
      enum: ['active', 'inactive', 'pending'],
      default: 'active',
    },
    verified: { type: 'boolean', description: 'Verified', default: true },
  },
};

// SEP-1330: the five enum shapes, titled and untitled, single and multi.
const ELICIT_ENUMS_SCHEMA = {
  type: 'object',
  properties: {
    untitledSingle: {
      type: 'string',
      description: 'Untitled single-select',
      enum: ['option1', 'option2', 'option3'],
    },
    titledSingle: {
      type: 'string',
      description: 'Titled single-select',
      oneOf: [
        { const: 'value1', title: 'First Option' },
        { const: 'value2', title: 'Second Option' },
        { const: 'value3', title: 'Third Option' },
      ],
    },
    legacyEnum: {
      type: 'string',
      description: 'Legacy titled enum (enumNames)',
      enum: ['opt1', 'opt2', 'opt3'],
      enumNames: ['Option One', 'Option Two', 'Option Three'],
    },
    untitledMulti: {
      type: 'array',
      description: 'Untitled multi-select',
      items: { type: 'string', enum: ['option1', 'option2', 'option3'] },
    },
    titledMulti: {
      type: 'array',
      description: 'Titled multi-select',
      items: {
        anyOf: [
          { const: 'value1', title: 'First Choice' },
          { const: 'value2', title: 'Second Choice' },
          { const: 'value3', title: 'Third Choice' },
        ],
      },
    },
  },
};

// Each tool: its tools/list entry plus run(args, extra, ctx), where ctx holds
// the session's server, log level and resume hook.
const TOOLS = [
  {
    name: 'test_simple_text',
    description: 'Returns one text content item',
    inputSchema: NO_ARGS,
    run: () => ({ content: [text('This is a simple text response for testing.')] }),
  },
  {
    name: 'test_image_content',
    description: 'Returns one image content item (1x1 PNG)',
    inputSchema: NO_ARGS,
    run: () => ({ content: [{ type: 'image', data: PNG_BASE64, mimeType: 'image/png' }] }),
  },
  {
    name: 'test_audio_content',
    description: 'Returns one audio content item (short WAV)',
    inputSchema: NO_ARGS,
    run: () => ({ content: [{ type: 'audio', data: WAV_BASE64, mimeType: 'audio/wav' }] }),
  },
  {
    name: 'test_embedded_resource',
    description: 'Returns one embedded text resource',
    inputSchema: NO_ARGS,
    run: () => ({
      content: [
        {
          type: 'resource',
          resource: {
            uri: 'test://embedded-resource',
            mimeType: 'text/plain',
            text: 'This is an embedded resource content.',
          },
        },
      ],
    }),
  },
  {
    name: 'test_multiple_content_types',
    description: 'Returns text, image and embedded resource content together',
    inputSchema: NO_ARGS,
    run: () => ({
      content: [
        text('Multiple content types test:'),
        { type: 'image', data: PNG_BASE64, mimeType: 'image/png' },
        {
          type: 'resource',
          resource: {
            uri: 'test://mixed-content-resource',
            mimeType: 'application/json',
            text: JSON.stringify({ test: 'data', value: 123 }),
          },
        },
      ],
    }),
  },
  {
    name: 'test_tool_with_logging',
    description: 'Sends three info log notifications while it runs',
    inputSchema: NO_ARGS,
    run: async (_args, extra, ctx) => {
      // Spaced out so clients must handle notifications arriving mid-call.
      await ctx.log(extra, 'info', 'Tool execution started');
      await sleep(50);
      await ctx.log(extra, 'info', 'Tool processing data');
      await sleep(50);
      await ctx.log(extra, 'info', 'Tool execution completed');
      return { content: [text('Tool with logging executed successfully')] };
    },
  },
  {
    name: 'test_tool_with_progress',
    description: 'Reports progress 0, 50 and 100 of 100 when given a progressToken',
    inputSchema: NO_ARGS,
    run: async (_args, extra) => {
      const token = extra._meta?.progressToken;
      for (const progress of [0, 50, 100]) {
        if (token !== undefined) {
          await extra.sendNotification({
            method: 'notifications/progress',
            params: { progressToken: token, progress, total: 100, message: `${progress}/100` },
          });
        }
        if (progress < 100) await sleep(50);
      }
      return { content: [text('Tool with progress executed successfully')] };
    },
  },
  {
    name: 'test_error_handling',
    description: 'Always fails with a tool error (isError: true)',
    inputSchema: NO_ARGS,
    run: () => toolError('This tool intentionally returns an error for testing'),
  },
  {
    name: 'test_sampling',
    description: 'Asks the client for an LLM completion (sampling/createMessage)',
    inputSchema: {
      type: 'object',
      properties: { prompt: { type: 'string', description: 'The prompt to send to the LLM' } },
      required: ['prompt'],
    },
    run: async (args, extra, ctx) => {
      // The SDK sends the request whatever the client declared (unless
      // enforceStrictCapabilities), and it would then just time out.
      if (!ctx.server.getClientCapabilities()?.sampling) {
        return toolError('Client does not support sampling');
      }
      // relatedRequestId keeps the request on this call's own stream.
      const result = await ctx.server.createMessage(
        {
          messages: [{ role: 'user', content: text(args.prompt) }],
          maxTokens: 100,
        },
        { relatedRequestId: extra.requestId, signal: extra.signal },
      );
      const reply = result.content?.type === 'text' ? result.content.text : JSON.stringify(result.content);
      return { content: [text(`LLM response: ${reply}`)] };
    },
  },
  {
    name: 'test_elicitation',
    description: 'Asks the user, through the client, for a username and email',
    inputSchema: {
      type: 'object',
      properties: { message: { type: 'string', description: 'The message to show the user' } },
      required: ['message'],
    },
    run: (args, extra, ctx) =>
      elicit(ctx, extra, args.message, ELICIT_CONTACT_SCHEMA, 'User response'),
  },
  {
    name: 'test_elicitation_sep1034_defaults',
    description: 'Elicits a form whose fields all carry defaults (SEP-1034)',
    inputSchema: NO_ARGS,
    run: (_args, extra, ctx) =>
      elicit(ctx, extra, 'Please review these fields; each has a default', ELICIT_DEFAULTS_SCHEMA,
        'Elicitation completed'),
  },
  {
    name: 'test_elicitation_sep1330_enums',
    description: 'Elicits a form with every enum schema variant (SEP-1330)',
    inputSchema: NO_ARGS,
    run: (_args, extra, ctx) =>
      elicit(ctx, extra, 'Please pick from each list', ELICIT_ENUMS_SCHEMA, 'Elicitation completed'),
  },
  {
    name: 'json_schema_2020_12_tool',
    description: 'Tool with JSON Schema 2020-12 features',
    inputSchema: JSON_SCHEMA_2020_12,
    run: (args) => ({ content: [text(`Received: ${JSON.stringify(args)}`)] }),
  },
  {
    name: 'test_reconnection',
    description:
      'Closes its SSE stream mid-call and answers once the client has reconnected with Last-Event-ID (SEP-1699)',
    inputSchema: NO_ARGS,
    run: async (_args, extra, ctx) => {
      // Only offered over HTTP to clients that got a priming event, i.e. that
      // can resume; everyone else (stdio included) just gets the answer.
      if (extra.closeSSEStream && ctx.whenResumed) {
        const resumed = ctx.whenResumed(RESUME_TIMEOUT_MS);
        extra.closeSSEStream();
        if (!(await resumed)) return toolError('Client did not reconnect after the stream was closed');
      }
      return { content: [text('Reconnection test completed successfully')] };
    },
  },
];
const TOOLS_BY_NAME = new Map(TOOLS.map((tool) => [tool.name, tool]));

async function elicit(ctx, extra, message, requestedSchema, label) {
  // elicitInput checks the client's form-elicitation capability first and an
  // accepted answer against requestedSchema after.
  const result = await ctx.server.elicitInput(
    { mode: 'form', message, requestedSchema },
    { relatedRequestId: extra.requestId, signal: extra.signal },
  );
  return {
    content: [text(`${label}: action=${result.action}, content=${JSON.stringify(result.content ?? {})}`)],
  };
}

// Light check of the declared required string arguments, so a malformed call
// gets a tool error instead of passing `undefined` on to the client.
function missingArgument(tool, args) {
  for (const key of tool.inputSchema.required ?? []) {
    if (typeof args[key] !== 'string') return key;
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Resources

const RESOURCES = [
  {
    uri: 'test://static-text',
    name: 'static-text',
    description: 'A static text resource',
    mimeType: 'text/plain',
    text: 'This is the content of the static text resource.',
  },
  {
    uri: 'test://static-binary',
    name: 'static-binary',
    description: 'A static binary resource (1x1 PNG)',
    mimeType: 'image/png',
    blob: PNG_BASE64,
  },
  {
    uri: 'test://watched-resource',
    name: 'watched-resource',
    description: 'A resource clients may subscribe to',
    mimeType: 'text/plain',
    text: 'Watched resource content',
  },
];
const RESOURCES_BY_URI = new Map(RESOURCES.map((r) => [r.uri, r]));

const TEMPLATE = {
  uriTemplate: 'test://template/{id}/data',
  name: 'template-data',
  description: 'JSON data for any id',
  mimeType: 'application/json',
};
const TEMPLATE_PATTERN = /^test:\/\/template\/([^/]+)\/data$/;

function readResource(uri) {
  const fixed = RESOURCES_BY_URI.get(uri);
  if (fixed) {
    const { uri: u, mimeType, text: t, blob } = fixed;
    return t !== undefined ? { uri: u, mimeType, text: t } : { uri: u, mimeType, blob };
  }
  const match = TEMPLATE_PATTERN.exec(uri);
  if (match) {
    let id = match[1];
    try {
      id = decodeURIComponent(id);
    } catch {
      // A stray '%' is kept as written rather than failing the read.
    }
    return {
      uri,
      mimeType: 'application/json',
      text: JSON.stringify({ id, templateTest: true, data: `Data for ID: ${id}` }),
    };
  }
  return undefined;
}

function resourceNotFound(uri) {
  // -32002 is the spec's code for an unknown resource.
  return new McpError(-32002, `Resource not found: ${uri}`, { uri });
}

// ---------------------------------------------------------------------------
// Prompts

const PROMPTS = [
  {
    name: 'test_simple_prompt',
    description: 'A prompt without arguments',
    render: () => [{ role: 'user', content: text('This is a simple prompt for testing.') }],
  },
  {
    name: 'test_prompt_with_arguments',
    description: 'A prompt that fills in two arguments',
    arguments: [
      { name: 'arg1', description: 'First test argument', required: true },
      { name: 'arg2', description: 'Second test argument', required: true },
    ],
    render: (a) => [
      { role: 'user', content: text(`Prompt with arguments: arg1='${a.arg1}', arg2='${a.arg2}'`) },
    ],
  },
  {
    name: 'test_prompt_with_embedded_resource',
    description: 'A prompt that embeds a resource',
    arguments: [{ name: 'resourceUri', description: 'URI of the resource to embed', required: true }],
    render: (a) => [
      {
        role: 'user',
        content: {
          type: 'resource',
          resource: {
            uri: a.resourceUri,
            mimeType: 'text/plain',
            text: 'Embedded resource content for testing.',
          },
        },
      },
      { role: 'user', content: text('Please process the embedded resource above.') },
    ],
  },
  {
    name: 'test_prompt_with_image',
    description: 'A prompt that carries an image',
    render: () => [
      { role: 'user', content: { type: 'image', data: PNG_BASE64, mimeType: 'image/png' } },
      { role: 'user', content: text('Please analyze the image above.') },
    ],
  },
];
const PROMPTS_BY_NAME = new Map(PROMPTS.map((p) => [p.name, p]));

// Fixed candidate lists for completion/complete, keyed by reference.
const COMPLETIONS = {
  'ref/prompt:test_prompt_with_arguments:arg1': ['paris', 'park', 'party', 'test', 'testValue1'],
  'ref/prompt:test_prompt_with_arguments:arg2': ['world', 'test', 'testValue2'],
  [`ref/resource:${TEMPLATE.uriTemplate}:id`]: ['1', '2', '3', '123'],
};

// ---------------------------------------------------------------------------
// One server instance per session (one in stdio mode)

// hooks.whenResumed(timeoutMs) resolves true once the session's client has
// reconnected to a closed stream; only the HTTP mode has it.
function createServer(hooks = {}) {
  const server = new Server(SERVER_INFO, {
    capabilities: {
      tools: {},
      resources: { subscribe: true },
      prompts: {},
      logging: {},
      completions: {},
    },
  });

  // The Server's own logging/setLevel handler only filters its unrelated-stream
  // sendLoggingMessage; tool logs go on the call's stream, so the level is
  // kept here instead.
  const levels = LoggingLevelSchema.options;
  let minLevel;
  const subscriptions = new Set();
  const ctx = {
    server,
    whenResumed: hooks.whenResumed,
    log: async (extra, level, data) => {
      if (minLevel && levels.indexOf(level) < levels.indexOf(minLevel)) return;
      await extra.sendNotification({
        method: 'notifications/message',
        params: { level, logger: SERVER_INFO.name, data },
      });
    },
  };

  server.setRequestHandler(SetLevelRequestSchema, async (request) => {
    minLevel = request.params.level;
    return {};
  });

  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: TOOLS.map(({ name, description, inputSchema }) => ({ name, description, inputSchema })),
  }));

  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const tool = TOOLS_BY_NAME.get(request.params.name);
    if (!tool) {
      throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${request.params.name}`);
    }
    const args = request.params.arguments ?? {};
    const missing = missingArgument(tool, args);
    if (missing) return toolError(`Missing required string argument: ${missing}`);
    try {
      return await tool.run(args, extra, ctx);
    } catch (err) {
      // Failures inside a tool (e.g. a client that rejects an elicitation or
      // never answers it) are tool errors the model can see, not protocol errors.
      return toolError(`${tool.name} failed: ${errorText(err)}`);
    }
  });

  server.setRequestHandler(ListResourcesRequestSchema, async () => ({
    resources: RESOURCES.map(({ uri, name, description, mimeType }) => ({ uri, name, description, mimeType })),
  }));

  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({
    resourceTemplates: [TEMPLATE],
  }));

  server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
    const contents = readResource(request.params.uri);
    if (!contents) throw resourceNotFound(request.params.uri);
    return { contents: [contents] };
  });

  // Subscriptions are only tracked: the fixture's resources never change, so
  // no notifications/resources/updated is ever due.
  server.setRequestHandler(SubscribeRequestSchema, async (request) => {
    if (!readResource(request.params.uri)) throw resourceNotFound(request.params.uri);
    subscriptions.add(request.params.uri);
    return {};
  });

  server.setRequestHandler(UnsubscribeRequestSchema, async (request) => {
    subscriptions.delete(request.params.uri);
    return {};
  });

  server.setRequestHandler(ListPromptsRequestSchema, async () => ({
    prompts: PROMPTS.map(({ name, description, arguments: args }) => ({
      name,
      description,
      ...(args && { arguments: args }),
    })),
  }));

  server.setRequestHandler(GetPromptRequestSchema, async (request) => {
    const prompt = PROMPTS_BY_NAME.get(request.params.name);
    if (!prompt) throw new McpError(ErrorCode.InvalidParams, `Unknown prompt: ${request.params.name}`);
    const args = request.params.arguments ?? {};
    for (const arg of prompt.arguments ?? []) {
      if (arg.required && typeof args[arg.name] !== 'string') {
        throw new McpError(ErrorCode.InvalidParams, `Missing required argument: ${arg.name}`);
      }
    }
    return { description: prompt.description, messages: prompt.render(args) };
  });

  server.setRequestHandler(CompleteRequestSchema, async (request) => {
    const { ref, argument } = request.params;
    const key = `${ref.type}:${ref.type === 'ref/prompt' ? ref.name : ref.uri}:${argument.name}`;
    const prefix = argument.value.toLowerCase();
    const values = (COMPLETIONS[key] ?? []).filter((v) => v.toLowerCase().startsWith(prefix));
    return { completion: { values, total: values.length, hasMore: false } };
  });

  return server;
}

// ---------------------------------------------------------------------------
// stdio mode

async function runStdio() {
  const { StdioServerTransport } = await import('@modelcontextprotocol/sdk/server/stdio.js');
  const server = createServer();
  server.onclose = () => process.exit(0);
  await server.connect(new StdioServerTransport());
  // The SDK transport does not watch for end of input; the peer closing
  // stdin is how a stdio session ends.
  process.stdin.on('end', () => server.close());
}

// ---------------------------------------------------------------------------
// HTTP mode

// In-memory event store for one session, so SSE streams can be resumed with
// Last-Event-ID. Bounded: a fixture's sessions are short.
class SessionEventStore {
  constructor(limit = 2000) {
    this.limit = limit;
    this.events = new Map(); // eventId -> { streamId, message }, oldest first
    this.seq = 0;
    this.resumeWaiters = [];
  }

  async storeEvent(streamId, message) {
    const eventId = `${++this.seq}`;
    this.events.set(eventId, { streamId, message });
    if (this.events.size > this.limit) this.events.delete(this.events.keys().next().value);
    return eventId;
  }

  async getStreamIdForEventId(eventId) {
    return this.events.get(eventId)?.streamId;
  }

  async replayEventsAfter(lastEventId, { send }) {
    const last = this.events.get(lastEventId);
    if (!last) throw new Error(`Unknown event id: ${lastEventId}`);
    const after = Number(lastEventId);
    for (const [eventId, { streamId, message }] of this.events) {
      // Priming events are stored as {} and carry nothing to replay.
      if (Number(eventId) > after && streamId === last.streamId && Object.keys(message).length > 0) {
        await send(eventId, message);
      }
    }
    // The transport attaches the new stream only after this returns, so wake
    // waiters on a later turn of the event loop.
    const waiters = this.resumeWaiters.splice(0);
    setImmediate(() => waiters.forEach((wake) => wake(true)));
    return last.streamId;
  }

  // Resolves true at the next replay in this session (any stream: the
  // fixture runs one resumable call at a time), false on timeout.
  whenResumed(timeoutMs) {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.resumeWaiters = this.resumeWaiters.filter((w) => w !== wake);
        resolve(false);
      }, timeoutMs);
      const wake = (ok) => {
        clearTimeout(timer);
        resolve(ok);
      };
      this.resumeWaiters.push(wake);
    });
  }
}

function sendJsonRpcError(res, status, code, message) {
  const body = JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null });
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(body);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(Object.assign(new Error('Request body too large'), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

// The transport primes a POST stream (event id + retry, which is what makes it
// resumable) only when that request's MCP-Protocol-Version header is
// 2025-11-25 or later. A client that negotiated 2025-11-25 at initialize but
// names an older version on a later request (the suite's server-sse-polling
// scenario sends 2025-03-26) is still a 2025-11-25 client, so the header is
// raised to the session's negotiated version before the transport reads it.
function raiseProtocolHeader(req, negotiated) {
  const sent = req.headers['mcp-protocol-version'];
  if (typeof sent !== 'string' || sent >= negotiated || !SUPPORTED_PROTOCOL_VERSIONS.includes(sent)) return;
  req.headers['mcp-protocol-version'] = negotiated;
  // The SDK's Node adapter builds its Request from rawHeaders.
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i].toLowerCase() === 'mcp-protocol-version') req.rawHeaders[i + 1] = negotiated;
  }
}

async function runHttp(requestedPort) {
  const http = await import('node:http');
  const { randomUUID } = await import('node:crypto');
  const { StreamableHTTPServerTransport } = await import('@modelcontextprotocol/sdk/server/streamableHttp.js');

  const sessions = new Map(); // session id -> { transport, server, version }
  let allowedHosts = [];
  let allowedOrigins = [];

  // DNS rebinding protection, done in front of the transport (the SDK's own
  // allowedHosts options are deprecated in favour of exactly this) so a
  // rejected request never creates a session.
  function hostsRejection(req) {
    const host = req.headers.host;
    if (!host || !allowedHosts.includes(host.toLowerCase())) return `Invalid Host header: ${host}`;
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins.includes(origin.toLowerCase())) {
      return `Invalid Origin header: ${origin}`;
    }
    return undefined;
  }

  async function openSession(req, res, body) {
    const store = new SessionEventStore();
    const requested = body.params?.protocolVersion;
    const version = SUPPORTED_PROTOCOL_VERSIONS.includes(requested) ? requested : LATEST_PROTOCOL_VERSION;
    const server = createServer({ whenResumed: (ms) => store.whenResumed(ms) });
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      eventStore: store,
      retryInterval: SSE_RETRY_MS,
      onsessioninitialized: (id) => sessions.set(id, { transport, server, version }),
    });
    server.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  async function handle(req, res) {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== '/mcp') return sendJsonRpcError(res, 404, -32000, 'Not found: the endpoint is /mcp');
    const rejection = hostsRejection(req);
    if (rejection) return sendJsonRpcError(res, 403, -32000, rejection);

    const sessionId = req.headers['mcp-session-id'];
    const session = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
    if (sessionId !== undefined && !session) return sendJsonRpcError(res, 404, -32001, 'Session not found');

    if (req.method === 'POST') {
      let body;
      try {
        body = JSON.parse(await readBody(req));
      } catch (err) {
        if (err.status === 413) return sendJsonRpcError(res, 413, -32000, err.message);
        return sendJsonRpcError(res, 400, -32700, 'Parse error: Invalid JSON');
      }
      if (session) {
        raiseProtocolHeader(req, session.version);
        return session.transport.handleRequest(req, res, body);
      }
      if (isInitializeRequest(body)) return openSession(req, res, body);
      return sendJsonRpcError(res, 400, -32000, 'Bad Request: No valid session ID provided');
    }
    if (req.method === 'GET' || req.method === 'DELETE') {
      if (!session) return sendJsonRpcError(res, 400, -32000, 'Bad Request: No valid session ID provided');
      return session.transport.handleRequest(req, res);
    }
    res.setHeader('Allow', 'GET, POST, DELETE');
    return sendJsonRpcError(res, 405, -32000, 'Method not allowed');
  }

  const httpServer = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      process.stderr.write(`conformance_server: ${errorText(err)}\n`);
      if (!res.headersSent) sendJsonRpcError(res, 500, -32603, 'Internal error');
      else res.end();
    });
  });

  await new Promise((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(requestedPort, '127.0.0.1', resolve);
  });
  const { port } = httpServer.address();
  allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  allowedOrigins = allowedHosts.map((h) => `http://${h}`);

  const shutdown = async () => {
    await Promise.allSettled([...sessions.values()].map(({ server }) => server.close()));
    process.exit(0);
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);

  process.stdout.write(`listening http://127.0.0.1:${port}/mcp\n`);
}

// ---------------------------------------------------------------------------

function usage(message) {
  process.stderr.write(`${message}\nusage: conformance_server.mjs --stdio | --http PORT\n`);
  process.exit(2);
}

async function main([mode, portArg]) {
  if (mode === '--stdio') return runStdio();
  if (mode !== '--http') return usage(`unknown mode: ${mode ?? '(none)'}`);
  if (!/^\d{1,5}$/.test(portArg ?? '') || Number(portArg) > 65535) return usage(`bad port: ${portArg}`);
  return runHttp(Number(portArg));
}

main(process.argv.slice(2)).catch((err) => {
  // e.g. EADDRINUSE: one line for whoever started us, not a stack trace.
  process.stderr.write(`conformance_server: ${errorText(err)}\n`);
  process.exit(1);
});
