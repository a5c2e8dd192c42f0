import {
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  FINDING_SEVERITIES,
  FindingSeverity,
  McpServerDetail,
  McpServerSummary,
} from '@mcp-platform/plugin-mcp-catalog-common';
import express from 'express';
import { z } from 'zod';
import { createOpenApiRouter } from '../schema/openapi/generated/router';
import { McpCatalogStore } from '../database/McpCatalogStore';
import { parseInput } from './parseInput';
import { VisibleMcpServers } from './VisibleMcpServers';

/** Which servers the private registry publishes. */
export interface RegistryGate {
  lifecycles: string[];
  /** Servers with a finding more serious than this are left out. */
  maxFindingSeverity: FindingSeverity | 'none';
  /** Leave out servers with tools whose current definition is not approved. */
  requireApprovedTools: boolean;
}

const SERVER_SCHEMA =
  'https://static.modelcontextprotocol.io/schemas/2025-10-17/server.schema.json' as const;
const DISCOVERED_META = 'io.backstage.mcp-platform/discovered';
const OFFICIAL_META = 'io.modelcontextprotocol.registry/official';

const rank = (s: FindingSeverity | 'none' | undefined) =>
  s === undefined || s === 'none' ? 0 : FINDING_SEVERITIES.indexOf(s) + 1;

/**
 * The MCP registry's generic read API (`/v0/servers`), served from the catalog, so MCP clients
 * and gateways can use Backstage as the company's private registry. Only servers that pass the
 * gate are published, each only to callers who may read its catalog entity; discovered tools
 * travel under `_meta`.
 */
export async function createRegistryRouter(options: {
  httpAuth: HttpAuthService;
  store: McpCatalogStore;
  visibleServers: VisibleMcpServers;
  namespace: string;
  gate: RegistryGate;
}): Promise<express.Router> {
  const { httpAuth, store, visibleServers, namespace, gate } = options;
  const router = createOpenApiRouter('/v0');

  const registryName = (s: McpServerSummary) => {
    const ns = parseEntityRef(s.entityRef).namespace;
    return `${namespace}/${ns !== 'default' ? `${ns}.` : ''}${s.name}`;
  };

  const published = async (
    credentials: BackstageCredentials,
  ): Promise<McpServerSummary[]> => {
    const visible = (await visibleServers.of(credentials)).restriction;
    const all: McpServerSummary[] = [];
    for (let offset = 0; ; offset += 500) {
      const page = await store.listServers({
        visibleServers: visible,
        lifecycle: gate.lifecycles,
        status: ['ok'],
        // Decided by the database per server: no tool is loaded, and no count caps it.
        allToolsApproved: gate.requireApprovedTools,
        // Out of service (the kill switch): no client should find it here.
        enabledOnly: true,
        limit: 500,
        offset,
      });
      all.push(...page.items);
      if (page.items.length < 500) break;
    }
    return all.filter(
      s => rank(s.maxSeverity) <= rank(gate.maxFindingSeverity),
    );
  };

  const toEntry = (s: McpServerDetail) => ({
    server: {
      $schema: SERVER_SCHEMA,
      name: registryName(s),
      title: s.title ?? s.serverInfo?.title,
      description: (s.description ?? s.title ?? s.name).slice(0, 100),
      version: s.serverInfo?.version ?? '0.0.0',
      remotes: s.remotes.map(r => ({
        type: r.type,
        url: r.url,
        ...(r.headers?.length ? { headers: r.headers } : {}),
      })),
      _meta: {
        [DISCOVERED_META]: {
          entityRef: s.entityRef,
          owner: s.owner,
          lifecycle: s.lifecycle,
          dataClassification: s.dataClassification,
          protocolVersion: s.protocolVersion,
          protocolRevisions: s.protocolRevisions,
          discoveredAt: s.lastSuccessAt,
          tools: s.tools
            .filter(t => t.state === 'active' && !t.disabled)
            .map(t => ({
              name: t.name,
              title: t.title,
              description: t.description,
              annotations: t.annotations,
            })),
          prompts: s.prompts.map(p => ({
            name: p.name,
            description: p.description,
          })),
          resources: s.resources.length,
        },
      },
    },
    _meta: {
      [OFFICIAL_META]: {
        status: 'active',
        publishedAt: s.lastSuccessAt,
        updatedAt: s.updatedAt,
        isLatest: true,
      } as const,
    },
  });

  const findByName = async (
    name: string,
    credentials: BackstageCredentials,
  ) => {
    const match = (await published(credentials)).find(
      s => registryName(s) === name,
    );
    return match ? store.getServer(match.entityRef) : undefined;
  };

  const listQuery = z.object({
    cursor: z.string().max(500).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(30),
    search: z.string().max(200).optional(),
    updated_since: z
      .string()
      .refine(v => !Number.isNaN(Date.parse(v)), {
        error: 'must be an RFC 3339 timestamp, e.g. 2026-01-01T00:00:00Z',
      })
      .optional(),
  });

  router.get('/servers', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { cursor, limit, search, updated_since } = parseInput(
      listQuery,
      req.query,
      'registry query',
    );
    const after = cursor
      ? Buffer.from(cursor, 'base64url').toString('utf8')
      : '';
    const since = updated_since ? Date.parse(updated_since) : undefined;
    const needle = search?.toLocaleLowerCase('en-US');
    const matching = (await published(credentials))
      .filter(
        s =>
          !needle ||
          registryName(s).toLocaleLowerCase('en-US').includes(needle) ||
          (s.title ?? '').toLocaleLowerCase('en-US').includes(needle),
      )
      .filter(s => since === undefined || Date.parse(s.updatedAt) >= since)
      .sort((a, b) => (registryName(a) < registryName(b) ? -1 : 1))
      .filter(s => registryName(s) > after);
    const page = matching.slice(0, limit);
    const details = await Promise.all(
      page.map(s => store.getServer(s.entityRef)),
    );
    res.json({
      servers: details.filter((d): d is McpServerDetail => !!d).map(toEntry),
      metadata: {
        count: page.length,
        ...(matching.length > limit
          ? {
              nextCursor: Buffer.from(
                registryName(page[page.length - 1]),
              ).toString('base64url'),
            }
          : {}),
      },
    });
  });

  const one = async (
    req: Parameters<HttpAuthService['credentials']>[0] & {
      params: { serverName: string };
    },
    version?: string,
  ) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const server = await findByName(req.params.serverName, credentials);
    const current = server?.serverInfo?.version ?? '0.0.0';
    if (!server || (version && version !== 'latest' && version !== current)) {
      throw new NotFoundError(
        `No published MCP server ${req.params.serverName}${
          version ? ` at version ${version}` : ''
        }`,
      );
    }
    return toEntry(server);
  };

  router.get('/servers/:serverName', async (req, res) => {
    res.json(await one(req));
  });
  router.get('/servers/:serverName/versions', async (req, res) => {
    const entry = await one(req);
    res.json({ servers: [entry], metadata: { count: 1 } });
  });
  router.get('/servers/:serverName/versions/:version', async (req, res) => {
    res.json(await one(req, req.params.version));
  });

  return router;
}
