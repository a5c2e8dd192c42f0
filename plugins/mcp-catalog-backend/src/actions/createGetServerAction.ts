import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { NotFoundError } from '@backstage/errors';
import { McpCatalogStore } from '../database/McpCatalogStore';
import { VisibleMcpServers } from '../service/VisibleMcpServers';
import {
  descriptionForAgents,
  maxSeverityOf,
  toolForAgents,
  withheldForAgents,
} from './toolForAgents';

/**
 * What agents learn of a server's discovery status. The stored error is written from what the
 * server answered (its messages, its response), so it is the server's text: agents get a fixed
 * sentence instead, and people read the error in the MCP catalog.
 */
const STATUS_DETAIL: Record<string, string> = {
  ok: 'The last discovery succeeded.',
  pending: 'The server has not been discovered yet.',
  'awaiting-deployment':
    'The server has never answered discovery: it is catalogued but not deployed yet (not an error).',
  error:
    'The last discovery failed; its error is shown in the MCP catalog to people, not to agents.',
};

/** Registers `get-mcp-server`: one MCP server with its status, tools and prompts. */
export function createGetServerAction(options: {
  actionsRegistry: ActionsRegistryService;
  store: McpCatalogStore;
  visibleServers: VisibleMcpServers;
}) {
  options.actionsRegistry.register({
    name: 'get-mcp-server',
    title: 'Get MCP server',
    description: [
      'Returns one MCP server of the catalog: owner, lifecycle, endpoints (remotes), discovery',
      'status, its tools (with read-only/destructive hints and approval state) and prompts.',
      'Pass the API entity ref, e.g. `api:default/payments-ledger`, or just the name.',
      'Descriptions of tools and prompts with high-severity risk findings are withheld.',
    ].join('\n'),
    attributes: { readOnly: true, idempotent: true, destructive: false },
    examples: [
      {
        title: 'One server',
        description: 'The payments ledger server',
        input: { server: 'api:default/payments-ledger' },
        output: {
          entityRef: 'api:default/payments-ledger',
          status: 'ok',
          statusDetail: 'The last discovery succeeded.',
          remotes: [],
          tools: [],
          prompts: [],
        },
      },
    ],
    schema: {
      input: z =>
        z.object({
          server: z
            .string()
            .min(1)
            .describe('Entity ref or name of the server'),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          title: z.string().optional(),
          owner: z.string().optional(),
          lifecycle: z.string().optional(),
          dataClassification: z.string().optional(),
          status: z.string(),
          statusDetail: z.string(),
          remotes: z.array(z.object({ type: z.string(), url: z.string() })),
          protocolRevisions: z
            .array(z.string())
            .optional()
            .describe(
              'MCP revisions the server speaks, newest first (2026-07-28 is stateless, with server/discover; 2025-11-25 uses the initialize handshake)',
            ),
          tools: z.array(z.record(z.string(), z.unknown())),
          prompts: z.array(
            z.object({
              name: z.string(),
              title: z.string().optional(),
              description: z.string().optional(),
              maxFindingSeverity: z.string().optional(),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const ref = input.server.includes(':')
        ? input.server
        : `api:default/${input.server}`;
      // A server whose entity the caller may not read is one that does not exist, for them.
      const visible = (await options.visibleServers.of(credentials)).includes(
        ref,
      );
      const server = visible
        ? await options.store.getServer(ref.toLocaleLowerCase('en-US'))
        : undefined;
      if (!server) {
        throw new NotFoundError(
          `No MCP server ${ref}; use search-mcp-tools to find servers by what they do`,
        );
      }
      return {
        output: {
          entityRef: server.entityRef,
          title: server.title,
          owner: server.owner,
          lifecycle: server.lifecycle,
          dataClassification: server.dataClassification,
          status: server.status,
          statusDetail: STATUS_DETAIL[server.status] ?? STATUS_DETAIL.error,
          remotes: server.remotes.map(r => ({ type: r.type, url: r.url })),
          protocolRevisions:
            server.protocolRevisions ??
            (server.protocolVersion ? [server.protocolVersion] : undefined),
          tools: server.tools
            .filter(t => t.state === 'active')
            .map(toolForAgents),
          prompts: server.prompts.map(p => {
            const maxSeverity = maxSeverityOf(
              server.findings,
              'prompt',
              p.name,
            );
            return {
              name: p.name,
              title: withheldForAgents(maxSeverity) ? undefined : p.title,
              description: descriptionForAgents(p.description, maxSeverity),
              maxFindingSeverity: maxSeverity,
            };
          }),
        },
      };
    },
  });
}
