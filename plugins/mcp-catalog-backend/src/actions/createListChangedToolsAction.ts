import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { McpCatalogStore } from '../database/McpCatalogStore';
import { VisibleMcpServers } from '../service/VisibleMcpServers';
import { toolForAgents } from './toolForAgents';

/** Registers `list-changed-mcp-tools`: tools whose current definition awaits approval. */
export function createListChangedToolsAction(options: {
  actionsRegistry: ActionsRegistryService;
  store: McpCatalogStore;
  visibleServers: VisibleMcpServers;
}) {
  options.actionsRegistry.register({
    name: 'list-changed-mcp-tools',
    title: 'List changed MCP tools',
    description: [
      'Lists MCP tools whose definition is new or changed since it was last approved, so owners',
      'can review them in the MCP catalog. Optionally only the tools of one owner',
      '(e.g. `group:default/payments`).',
    ].join('\n'),
    attributes: { readOnly: true, idempotent: true, destructive: false },
    examples: [
      {
        title: 'All changes',
        description: 'Everything awaiting review',
        input: { limit: 50 },
        output: { tools: [], totalCount: 0 },
      },
    ],
    schema: {
      input: z =>
        z.object({
          owner: z
            .string()
            .optional()
            .describe('Owning group, e.g. group:default/payments'),
          limit: z.number().int().min(1).max(200).default(50),
        }),
      output: z =>
        z.object({
          tools: z.array(z.record(z.string(), z.unknown())),
          totalCount: z.number(),
        }),
    },
    action: async ({ input, credentials }) => {
      const page = await options.store.searchTools({
        visibleServers: (
          await options.visibleServers.of(credentials)
        ).restriction,
        changed: true,
        owner: input.owner ? [input.owner] : undefined,
        limit: input.limit ?? 50,
        offset: 0,
      });
      return {
        output: {
          tools: page.items.map(t => ({
            ...toolForAgents(t),
            version: t.version,
            lastSeenAt: t.lastSeenAt,
          })),
          totalCount: page.totalCount,
        },
      };
    },
  });
}
