import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type {
  Prompt,
  Resource,
  ResourceTemplate,
  Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv-provider.js';
import type {
  JsonSchemaType,
  JsonSchemaValidator,
  jsonSchemaValidator,
} from '@modelcontextprotocol/sdk/validation/types.js';
import { McpRemote } from '@mcp-platform/plugin-mcp-catalog-common';
import { GuardedFetch } from './SsrfGuard';
import { validateToolSchemas } from './validateToolSchemas';

/** What one discovery of a server found. */
export interface DiscoveredServer {
  /** The remote that answered, and over which transport. */
  remote: McpRemote;
  protocolVersion?: string;
  serverInfo?: { name: string; version: string; title?: string };
  instructions?: string;
  capabilities: Record<string, unknown>;
  tools: Tool[];
  prompts: Prompt[];
  resources: Resource[];
  resourceTemplates: ResourceTemplate[];
  latencyMs: number;
}

/** A discovery that failed, with every remote's error. */
export class DiscoveryError extends Error {
  name = 'DiscoveryError';
  constructor(
    readonly attempts: { url: string; transport: string; error: string }[],
  ) {
    super(attempts.map(a => `${a.transport} ${a.url}: ${a.error}`).join('; '));
  }
}

/** Limits of one discovery. */
export interface DiscoveryLimits {
  /** Deadline for the whole discovery of one server, all remotes included. */
  timeoutMs: number;
  /** Upper bound on tools, prompts and resources each; a server listing more is an error. */
  maxItems: number;
}

const clientInfo = { name: 'backstage-mcp-catalog', version: '1.0.0' };

/**
 * The SDK client compiles every tool's outputSchema after tools/list, to check the results of
 * tool calls. Discovery calls no tools: compiling there would only cost CPU on every discovery
 * (and let a hostile schema cost code generation), so validators compile on first use instead.
 */
class CompileOnFirstUseValidator implements jsonSchemaValidator {
  private ajv?: AjvJsonSchemaValidator;

  getValidator<T>(schema: JsonSchemaType): JsonSchemaValidator<T> {
    let validate: JsonSchemaValidator<T> | undefined;
    return input => {
      this.ajv ??= new AjvJsonSchemaValidator();
      validate ??= this.ajv.getValidator<T>(schema);
      return validate(input);
    };
  }
}

const toolResultValidator = new CompileOnFirstUseValidator();

/**
 * Discovery only lists, so it needs no stream of server-initiated messages; the MCP spec leaves
 * that stream optional to clients. The SDK opens it with a GET after initialisation: answering
 * that GET here as a server without one would (405) saves every server a request and an open
 * connection. Streamable HTTP uses GET for nothing else (stream resumption is turned off below).
 */
function withoutStandaloneStream(fetch: GuardedFetch): GuardedFetch {
  return (url, init) =>
    (init?.method ?? 'GET').toUpperCase() === 'GET'
      ? Promise.resolve(new Response(null, { status: 405 }))
      : fetch(url, init);
}

async function listAll<T>(
  kind: string,
  maxItems: number,
  fetchPage: (cursor?: string) => Promise<{ items: T[]; nextCursor?: string }>,
): Promise<T[]> {
  const items: T[] = [];
  const seenCursors = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    if (items.length > maxItems) {
      throw new Error(
        `the server lists more than ${maxItems} ${kind} (mcpCatalog.discovery.maxItems)`,
      );
    }
    cursor = page.nextCursor;
    if (cursor !== undefined) {
      if (seenCursors.has(cursor))
        throw new Error(`the server repeated ${kind} cursor "${cursor}"`);
      seenCursors.add(cursor);
    }
  } while (cursor !== undefined);
  return items;
}

async function discoverOver(
  transport: Transport,
  remote: McpRemote,
  limits: DiscoveryLimits,
  signal: AbortSignal,
  started: number,
): Promise<DiscoveredServer> {
  const client = new Client(clientInfo, {
    capabilities: {},
    jsonSchemaValidator: toolResultValidator,
  });
  const options = { signal, timeout: limits.timeoutMs };
  try {
    await client.connect(transport, options);
    const capabilities = (client.getServerCapabilities() ?? {}) as Record<
      string,
      unknown
    >;
    const tools = capabilities.tools
      ? await listAll('tools', limits.maxItems, async cursor => {
          const r = await client.listTools({ cursor }, options);
          return { items: r.tools, nextCursor: r.nextCursor };
        })
      : [];
    validateToolSchemas(tools);
    const prompts = capabilities.prompts
      ? await listAll('prompts', limits.maxItems, async cursor => {
          const r = await client.listPrompts({ cursor }, options);
          return { items: r.prompts, nextCursor: r.nextCursor };
        })
      : [];
    const resources = capabilities.resources
      ? await listAll('resources', limits.maxItems, async cursor => {
          const r = await client.listResources({ cursor }, options);
          return { items: r.resources, nextCursor: r.nextCursor };
        })
      : [];
    const resourceTemplates = capabilities.resources
      ? await listAll('resource templates', limits.maxItems, async cursor => {
          const r = await client.listResourceTemplates({ cursor }, options);
          return { items: r.resourceTemplates, nextCursor: r.nextCursor };
        })
      : [];
    const serverInfo = client.getServerVersion();
    return {
      remote,
      protocolVersion: (transport as { protocolVersion?: string })
        .protocolVersion,
      serverInfo: serverInfo
        ? {
            name: serverInfo.name,
            version: serverInfo.version,
            title: serverInfo.title,
          }
        : undefined,
      instructions: client.getInstructions(),
      capabilities,
      tools,
      prompts,
      resources,
      resourceTemplates,
      latencyMs: Date.now() - started,
    };
  } finally {
    await client.close().catch(() => {});
  }
}

/**
 * Connects to an MCP server with the SDK client and lists everything it offers. Remotes are tried
 * in order, Streamable HTTP first; a Streamable HTTP endpoint that fails is retried with the
 * legacy SSE transport on the same URL, as the MCP spec's backwards-compatibility section says.
 */
export async function discoverServer(options: {
  remotes: McpRemote[];
  fetch: GuardedFetch;
  headers?: Record<string, string>;
  limits: DiscoveryLimits;
}): Promise<DiscoveredServer> {
  const { remotes, fetch, headers, limits } = options;
  const started = Date.now();
  const controller = new AbortController();
  const deadline = setTimeout(
    () =>
      controller.abort(
        new Error(`no complete answer within ${limits.timeoutMs} ms`),
      ),
    limits.timeoutMs,
  );
  const requestInit: RequestInit = headers ? { headers } : {};
  const streamableFetch = withoutStandaloneStream(fetch);
  const ordered = [
    ...remotes.filter(r => r.type === 'streamable-http'),
    ...remotes.filter(r => r.type === 'sse'),
  ];
  const attempts: { url: string; transport: string; error: string }[] = [];
  try {
    for (const remote of ordered) {
      const candidates: { transport: string; make: () => Transport }[] =
        remote.type === 'streamable-http'
          ? [
              {
                transport: 'streamable-http',
                make: () =>
                  new StreamableHTTPClientTransport(new URL(remote.url), {
                    fetch: streamableFetch,
                    requestInit,
                    reconnectionOptions: {
                      maxRetries: 0,
                      initialReconnectionDelay: 1000,
                      maxReconnectionDelay: 1000,
                      reconnectionDelayGrowFactor: 1,
                    },
                  }),
              },
              {
                transport: 'sse',
                make: () =>
                  new SSEClientTransport(new URL(remote.url), {
                    fetch,
                    requestInit,
                  }),
              },
            ]
          : [
              {
                transport: 'sse',
                make: () =>
                  new SSEClientTransport(new URL(remote.url), {
                    fetch,
                    requestInit,
                  }),
              },
            ];
      for (const candidate of candidates) {
        if (controller.signal.aborted) break;
        try {
          return await discoverOver(
            candidate.make(),
            remote,
            limits,
            controller.signal,
            started,
          );
        } catch (error) {
          attempts.push({
            url: remote.url,
            transport: candidate.transport,
            error: controller.signal.aborted
              ? String(
                  (controller.signal.reason as Error)?.message ?? 'timed out',
                )
              : describeError(error),
          });
        }
      }
    }
    throw new DiscoveryError(attempts);
  } finally {
    clearTimeout(deadline);
  }
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  const message =
    error.message.length > 500
      ? `${error.message.slice(0, 500)}…`
      : error.message;
  return cause instanceof Error && !message.includes(cause.message)
    ? `${message} (${cause.message})`
    : message;
}
