import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  DocumentCollatorFactory,
  IndexableDocument,
} from '@backstage/plugin-search-common';
import {
  McpPage,
  McpToolSummary,
} from '@mcp-platform/plugin-mcp-catalog-common';
import { Readable } from 'node:stream';

/**
 * A tool in Backstage search (document type `mcp-tool`).
 *
 * @public
 */
export interface McpToolDocument extends IndexableDocument {
  server: string;
  serverRef: string;
  owner?: string;
  readOnly: boolean;
  destructive: boolean;
  approval: string;
  maxFindingSeverity?: string;
}

/** Where the MCP catalog UI shows a tool. */
export function toolLocation(tool: McpToolSummary): string {
  const { namespace, name } = parseEntityRef(tool.serverRef);
  return `/mcp/servers/${namespace}/${name}/tools/${encodeURIComponent(
    tool.name,
  )}`;
}

/**
 * Feeds every active MCP tool to Backstage search. Reads the MCP catalog's API with the search
 * plugin's own service credentials, page by page, so memory stays flat with many tools.
 *
 * Each document is authorized by its server's API entity, as the catalog's own collator does: a
 * user finds a tool only if they may read that entity (`catalog.entity.read`).
 *
 * @public
 */
export class McpToolCollatorFactory implements DocumentCollatorFactory {
  readonly type = 'mcp-tool';
  readonly visibilityPermission = catalogEntityReadPermission;

  constructor(
    private readonly deps: {
      discovery: DiscoveryService;
      auth: AuthService;
      pageSize?: number;
    },
  ) {}

  async getCollator(): Promise<Readable> {
    return Readable.from(this.documents());
  }

  private async *documents(): AsyncGenerator<McpToolDocument> {
    const baseUrl = await this.deps.discovery.getBaseUrl('mcp-catalog');
    const pageSize = this.deps.pageSize ?? 500;
    for (let offset = 0; ; offset += pageSize) {
      const { token } = await this.deps.auth.getPluginRequestToken({
        onBehalfOf: await this.deps.auth.getOwnServiceCredentials(),
        targetPluginId: 'mcp-catalog',
      });
      const response = await fetch(
        `${baseUrl}/v1/tools?limit=${pageSize}&offset=${offset}`,
        {
          headers: { Authorization: `Bearer ${token}` },
        },
      );
      if (!response.ok) throw await ResponseError.fromResponse(response);
      const page = (await response.json()) as McpPage<McpToolSummary>;
      for (const tool of page.items) {
        yield {
          title: `${tool.title ?? tool.name} — ${tool.serverName}`,
          text: [tool.name, tool.description ?? ''].join('\n'),
          location: toolLocation(tool),
          server: tool.serverName,
          serverRef: tool.serverRef,
          owner: tool.owner,
          readOnly: tool.readOnly,
          destructive: tool.destructive,
          approval: tool.approval,
          maxFindingSeverity: tool.maxSeverity,
          authorization: { resourceRef: tool.serverRef },
        };
      }
      if (page.items.length < pageSize) return;
    }
  }
}
