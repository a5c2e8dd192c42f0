import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { McpCatalogStore } from '../database/McpCatalogStore';
import { VisibleMcpServers } from '../service/VisibleMcpServers';
import { toolForAgents } from './toolForAgents';

/** Registers `search-mcp-tools`: find tools across every MCP server in the catalog. */
export function createSearchToolsAction(options: {
  actionsRegistry: ActionsRegistryService;
  store: McpCatalogStore;
  visibleServers: VisibleMcpServers;
}) {
  options.actionsRegistry.register({
    name: 'search-mcp-tools',
    title: 'Search MCP tools',
    description: [
      "Searches the tools of every MCP server registered in the company's Backstage catalog",
      '(those whose catalog entity the caller may see).',
      "Words in `query` must all appear in the tool's name, title, description or parameter names.",
      'Use it to find which server offers a capability, e.g. `query: "refund payment"`, and who owns it.',
      'Filters: `owner` (group entity ref such as `group:default/payments`), `readOnly`, `destructive`.',
      'Descriptions with high-severity risk findings are withheld.',
    ].join('\n'),
    attributes: { readOnly: true, idempotent: true, destructive: false },
    examples: [
      {
        title: 'Refund tools',
        description: 'Find tools that refund payments',
        input: { query: 'refund', limit: 20 },
        output: { tools: [], totalCount: 0 },
      },
    ],
    schema: {
      input: z =>
        z.object({
          query: z.string().max(200).optional().describe('Words to look for'),
          owner: z
            .string()
            .optional()
            .describe('Owning group, e.g. group:default/payments'),
          readOnly: z
            .boolean()
            .optional()
            .describe('Only read-only (true) or only mutating (false) tools'),
          destructive: z
            .boolean()
            .optional()
            .describe(
              'Only destructive (true) or non-destructive (false) tools',
            ),
          limit: z.number().int().min(1).max(100).default(20),
        }),
      output: z =>
        z.object({
          tools: z.array(
            z.object({
              server: z.string(),
              name: z.string(),
              title: z.string().optional(),
              description: z.string().optional(),
              owner: z.string().optional(),
              readOnly: z.boolean(),
              destructive: z.boolean(),
              approval: z.string(),
              maxFindingSeverity: z.string().optional(),
            }),
          ),
          totalCount: z.number(),
        }),
    },
    action: async ({ input, credentials }) => {
      const page = await options.store.searchTools({
        visibleServers: (
          await options.visibleServers.of(credentials)
        ).restriction,
        q: input.query,
        owner: input.owner ? [input.owner] : undefined,
        readOnly: input.readOnly,
        destructive: input.destructive,
        limit: input.limit ?? 20,
        offset: 0,
      });
      return {
        output: {
          tools: page.items.map(toolForAgents),
          totalCount: page.totalCount,
        },
      };
    },
  });
}
