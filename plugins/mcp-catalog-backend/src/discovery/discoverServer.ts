import type {
  Client,
  JsonSchemaType,
  JsonSchemaValidator,
  Prompt,
  Resource,
  ResourceTemplateType as ResourceTemplate,
  Tool,
  jsonSchemaValidator,
} from '@modelcontextprotocol/client';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/client/validators/ajv';
import { McpRemote } from '@mcp-platform/plugin-mcp-catalog-common';
import {
  connectUpstream,
  describeAbort,
  describeUpstreamError,
  EraVerdict,
  GuardedFetch,
  MODERN_REVISION,
  probeLegacyServing,
  UpstreamConnectError,
  UpstreamError,
  withinSignal,
} from '@mcp-platform/plugin-mcp-catalog-node';
import { DiscoveredServer } from '../model/DiscoveredServer';
import {
  withEventStreamsRead,
  withoutStandaloneStream,
} from './discoveryFetch';
import { validateToolSchemas } from './validateToolSchemas';

/** A discovery that failed, with every remote's error, in the platform's own words. */
export const DiscoveryError = UpstreamConnectError;

/** Limits of one discovery. */
export interface DiscoveryLimits {
  /** Deadline for the whole discovery of one server, all remotes included. */
  timeoutMs: number;
  /** Upper bound on tools, prompts and resources each; a server listing more is an error. */
  maxItems: number;
}

const clientInfo = { name: 'backstage-mcp-catalog', version: '1.0.0' };

/** A cached verdict, and whether discovery should check the server's revisions afresh. */
export interface RevisionKnowledge {
  /** The era verdict of an earlier discovery; without one discovery probes. */
  verdict?: EraVerdict;
  /**
   * Probe the era afresh (ignoring `verdict`) and check whether a 2026-07-28 server also
   * serves 2025 clients: an extra round trip or two, so done now and then, not every time.
   */
  checkRevisions: boolean;
}

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
      throw new UpstreamError(
        `the server lists more than ${maxItems} ${kind} (mcpCatalog.discovery.maxItems)`,
      );
    }
    cursor = page.nextCursor;
    if (cursor !== undefined) {
      if (seenCursors.has(cursor))
        throw new UpstreamError(`the server repeated a ${kind} cursor`);
      seenCursors.add(cursor);
    }
  } while (cursor !== undefined);
  return items;
}

/** Everything a connected server offers, page by page with the item cap checked per page. */
async function listOffer(
  client: Client,
  limits: DiscoveryLimits,
  signal: AbortSignal,
) {
  const capabilities = (client.getServerCapabilities() ?? {}) as Record<
    string,
    unknown
  >;
  const options = { signal, timeout: limits.timeoutMs };
  // Pages are requested one by one (not the SDK's aggregating walk) so the cap holds per page.
  const page = <R>(method: string, cursor?: string) =>
    client.request(
      { method, params: cursor === undefined ? {} : { cursor } } as never,
      options,
    ) as Promise<R & { nextCursor?: string }>;
  const tools = capabilities.tools
    ? await listAll('tools', limits.maxItems, async cursor => {
        const r = await page<{ tools: Tool[] }>('tools/list', cursor);
        return { items: r.tools, nextCursor: r.nextCursor };
      })
    : [];
  let toolInputSchemaJson: string[];
  try {
    toolInputSchemaJson = validateToolSchemas(tools);
  } catch (error) {
    throw new UpstreamError((error as Error).message.slice(0, 500));
  }
  const prompts = capabilities.prompts
    ? await listAll('prompts', limits.maxItems, async cursor => {
        const r = await page<{ prompts: Prompt[] }>('prompts/list', cursor);
        return { items: r.prompts, nextCursor: r.nextCursor };
      })
    : [];
  const resources = capabilities.resources
    ? await listAll('resources', limits.maxItems, async cursor => {
        const r = await page<{ resources: Resource[] }>(
          'resources/list',
          cursor,
        );
        return { items: r.resources, nextCursor: r.nextCursor };
      })
    : [];
  const resourceTemplates = capabilities.resources
    ? await listAll('resource templates', limits.maxItems, async cursor => {
        const r = await page<{ resourceTemplates: ResourceTemplate[] }>(
          'resources/templates/list',
          cursor,
        );
        return { items: r.resourceTemplates, nextCursor: r.nextCursor };
      })
    : [];
  return {
    capabilities,
    tools,
    toolInputSchemaJson,
    prompts,
    resources,
    resourceTemplates,
  };
}

/** Newest first: `2026-07-28` before `2025-11-25`. */
const newestFirst = (versions: Iterable<string>) =>
  [...new Set(versions)].sort().reverse();

/**
 * Connects to an MCP server in the revision it speaks (2026-07-28 through `server/discover`, or
 * the 2025 handshake) and lists everything it offers. Remotes are tried in order, Streamable
 * HTTP first; a Streamable HTTP endpoint that fails is retried with the legacy SSE transport on
 * the same URL, as the MCP spec's backwards-compatibility section says.
 *
 * The whole discovery, every transport's start included, ends at `limits.timeoutMs` or when
 * `signal` aborts; errors say what went wrong in the platform's words, never the server's.
 */
export async function discoverServer(options: {
  remotes: McpRemote[];
  /** The guarded fetch, credentials bound to origins. */
  fetch: GuardedFetch;
  limits: DiscoveryLimits;
  revisions?: RevisionKnowledge;
  signal?: AbortSignal;
}): Promise<DiscoveredServer> {
  const { remotes, limits } = options;
  const knowledge = options.revisions ?? { checkRevisions: true };
  const started = Date.now();
  const controller = new AbortController();
  const deadline = setTimeout(
    () =>
      controller.abort(
        new UpstreamError(`no complete answer within ${limits.timeoutMs} ms`),
      ),
    limits.timeoutMs,
  );
  const stop = () =>
    controller.abort(
      options.signal?.reason instanceof UpstreamError
        ? options.signal.reason
        : new UpstreamError('discovery was stopped'),
    );
  options.signal?.addEventListener('abort', stop, { once: true });
  if (options.signal?.aborted) stop();
  const { signal } = controller;
  // Streamable HTTP: POSTs only (see withoutStandaloneStream); SSE needs its GET.
  const fetch = withoutStandaloneStream(options.fetch);
  try {
    const connection = await connectUpstream({
      remotes,
      fetch: options.fetch,
      streamableFetch: withEventStreamsRead(fetch),
      signal,
      lifetimeSignal: signal,
      timeoutMs: limits.timeoutMs,
      // Only a legacy verdict is worth reusing: it saves a probe that would fail. A 2026 server
      // is asked `server/discover` every time, the fresh capabilities and instructions included.
      prior:
        !knowledge.checkRevisions && knowledge.verdict?.kind === 'legacy'
          ? knowledge.verdict
          : undefined,
      clientInfo,
      jsonSchemaValidator: toolResultValidator,
    });
    try {
      const work = async (): Promise<DiscoveredServer> => {
        // Whether a 2026 server also serves 2025 clients, asked while the lists are read.
        const legacyServing =
          knowledge.checkRevisions &&
          connection.era === 'modern' &&
          connection.transport === 'streamable-http'
            ? probeLegacyServing({
                url: connection.remote.url,
                fetch,
                signal,
                timeoutMs: limits.timeoutMs,
                clientInfo,
              })
            : Promise.resolve(undefined);
        legacyServing.catch(() => {});
        const offer = await listOffer(connection.client, limits, signal);
        const { discover } = connection;
        let revisions: string[] | undefined;
        if (knowledge.checkRevisions) {
          const spoken =
            connection.era === 'modern'
              ? (discover?.supportedVersions ?? [MODERN_REVISION]).filter(
                  v => v >= MODERN_REVISION,
                )
              : [];
          const legacy =
            connection.era === 'legacy'
              ? connection.protocolVersion
              : await legacyServing;
          revisions = newestFirst(legacy ? [...spoken, legacy] : spoken);
        }
        const serverInfo = connection.client.getServerVersion();
        return {
          remote: connection.remote,
          transport: connection.transport,
          era: connection.era,
          protocolVersion: connection.protocolVersion,
          revisions,
          verdict:
            connection.era === 'modern' && discover
              ? { kind: 'modern', discover }
              : { kind: 'legacy' },
          cacheHints: discover
            ? { ttlMs: discover.ttlMs, cacheScope: discover.cacheScope }
            : undefined,
          serverInfo: serverInfo
            ? {
                name: serverInfo.name,
                version: serverInfo.version,
                title: serverInfo.title,
              }
            : undefined,
          instructions: connection.client.getInstructions(),
          ...offer,
          latencyMs: Date.now() - started,
        };
      };
      return await withinSignal(work(), signal);
    } catch (error) {
      throw new UpstreamConnectError([
        {
          url: connection.remote.url,
          transport: connection.transport,
          error: signal.aborted
            ? describeAbort(signal)
            : describeUpstreamError(error),
        },
      ]);
    } finally {
      await connection.close();
    }
  } finally {
    clearTimeout(deadline);
    options.signal?.removeEventListener('abort', stop);
  }
}
