import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { NotFoundError } from '@backstage/errors';
import { McpCatalogStore } from '../database/McpCatalogStore';
import { toolForAgents } from './toolForAgents';

/** Registers `get-mcp-server`: one MCP server with its status, tools and prompts. */
export function createGetServerAction(options: {
  actionsRegistry: ActionsRegistryService;
  store: McpCatalogStore;
}) {
  options.actionsRegistry.register({
    name: 'get-mcp-server',
    title: 'Get MCP server',
    description: [
      'Returns one MCP server of the catalog: owner, lifecycle, endpoints (remotes), discovery',
      'status, its tools (with read-only/destructive hints and approval state) and prompts.',
      'Pass the API entity ref, e.g. `api:default/payments-ledger`, or just the name.',
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
          lastError: z.string().optional(),
          remotes: z.array(z.object({ type: z.string(), url: z.string() })),
          tools: z.array(z.record(z.string(), z.unknown())),
          prompts: z.array(
            z.object({ name: z.string(), description: z.string().optional() }),
          ),
        }),
    },
    action: async ({ input }) => {
      const ref = input.server.includes(':')
        ? input.server
        : `api:default/${input.server}`;
      const server = await options.store.getServer(
        ref.toLocaleLowerCase('en-US'),
      );
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
          lastError: server.lastError,
          remotes: server.remotes.map(r => ({ type: r.type, url: r.url })),
          tools: server.tools
            .filter(t => t.state === 'active')
            .map(toolForAgents),
          prompts: server.prompts.map(p => ({
            name: p.name,
            description: p.description,
          })),
        },
      };
    },
  });
}
