// GENERATED from openapi.yaml: do not edit by hand. After changing the document, run
// `yarn openapi:generate` at the repository root (the spec's test fails until this file matches it).
import { openApiRouterFactory } from '@mcp-platform/openapi-router';

/**
 * The plugin's openapi.yaml, with the parameters of each path item copied into its operations
 * (`ApiRouter` reads those of operations only).
 */
export const spec = {
  openapi: '3.1.0',
  info: {
    title: 'MCP catalog',
    version: '0.1.0',
    summary:
      'Discovered MCP servers and tools, their risks and approvals, and a private MCP registry.',
    description:
      "The HTTP API of the `mcp-catalog` Backstage backend plugin\n(`@mcp-platform/plugin-mcp-catalog-backend`), mounted at `/api/mcp-catalog`.\n\n* `/v1/servers` and `/v1/tools` expose every `mcp-server` API entity of the catalog together with\n  what discovery found on it: tools (with their definition history and approval state),\n  prompts, resources and risk findings.\n* `/v0/servers` is the MCP registry's generic read API, so MCP clients and gateways can use\n  Backstage as the company's private registry. Only servers that pass the registry gate\n  (`mcpCatalog.registry`) are published.\n\n**Authentication.** Every route except `GET /health` needs a Backstage token in the\n`Authorization: Bearer <token>` header: a user token (from signing in to Backstage) or a service\ntoken (another backend plugin, or a static/external access token configured in\n`backend.auth.externalAccess`).\n\n**Permissions.** The mutations need a Backstage resource permission: `mcp.catalog.refresh` on\nthe server (refresh it) and `mcp.tool.approve` on the tool (approve its definition), decided\nper server by the MCP policy (by default: the owning team, the groups above it, the platform\ngroups), and `mcp.server.disable` / `mcp.tool.disable` (the kill switch; resource permissions\non the server's catalog entity). Every route, reads included, shows a\nserver only to callers the catalog lets read its API entity (`catalog.entity.read`): lists and\nsearches leave the other servers and their tools out, and their routes answer `404` as for a\nserver that does not exist. Service tokens see every server.\n\n**Errors** use Backstage's standard error body (`ErrorResponse`): `400` InputError (invalid query\nor body; the message names each field), `401` missing or invalid token, `403` NotAllowedError\n(missing permission), `404` NotFoundError, `409` ConflictError.\n\n**Entity references.** Servers are `API` entities of `spec.type: mcp-server`; the\n`{namespace}/{name}` path segments are the entity's namespace and name and are matched\ncase-insensitively (`default/payments-ledger` is `api:default/payments-ledger`).\n",
    license: {
      name: 'Apache-2.0',
      identifier: 'Apache-2.0',
    },
  },
  servers: [
    {
      url: '{backendBaseUrl}/api/mcp-catalog',
      description:
        "The plugin's routes on a Backstage backend; `backendBaseUrl` is the backend's `backend.baseUrl`.",
      variables: {
        backendBaseUrl: {
          default: 'http://localhost:7007',
        },
      },
    },
  ],
  security: [
    {
      BackstageToken: [],
    },
  ],
  tags: [
    {
      name: 'Health',
      description: 'Liveness of the plugin.',
    },
    {
      name: 'OpenAPI',
      description: 'This document, as the plugin serves it.',
    },
    {
      name: 'Servers',
      description:
        'MCP servers (`API` entities of `spec.type: mcp-server`) and what discovery found on them.',
    },
    {
      name: 'Tools',
      description:
        'Tools of all MCP servers, with history, risk findings and approvals.',
    },
    {
      name: 'Registry',
      description:
        "The MCP registry's generic read API (`/v0`), served from the catalog. Only servers that pass\nthe gate in `mcpCatalog.registry` are published: lifecycle in `lifecycles` (default\n`production`, `experimental`), last discovery succeeded, no finding more serious than\n`maxFindingSeverity` (default `low`) and, when `requireApprovedTools` is on (the default), every\ncurrent tool definition approved. Registry names are `<namespace>/<entity name>` (the\nnamespace is `mcpCatalog.registry.namespace`, default `internal.backstage`; entities outside the\n`default` catalog namespace become `<namespace>/<catalog namespace>.<entity name>`).\n",
    },
  ],
  paths: {
    '/health': {
      get: {
        tags: ['Health'],
        operationId: 'getHealth',
        summary: 'Liveness check',
        description:
          "Unauthenticated; answers as soon as the plugin's router is up.",
        security: [],
        responses: {
          '200': {
            description: 'The plugin is up.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/HealthStatus',
                },
                example: {
                  status: 'ok',
                },
              },
            },
          },
        },
      },
    },
    '/openapi.json': {
      get: {
        tags: ['OpenAPI'],
        operationId: 'getOpenApiDocument',
        summary: 'This document',
        description:
          "This document as JSON, at the path where Backstage's tooling looks for a plugin's\n(`getOpenApiSpecRoute` of `@backstage/backend-openapi-utils`). Like every route but\n`/health`, it needs a Backstage token.\n",
        responses: {
          '200': {
            description: 'The OpenAPI 3.1 document.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['openapi', 'info', 'paths'],
                  properties: {
                    openapi: {
                      type: 'string',
                    },
                    info: {
                      type: 'object',
                    },
                    paths: {
                      type: 'object',
                    },
                  },
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
        },
      },
    },
    '/v1/servers': {
      get: {
        tags: ['Servers'],
        operationId: 'listServers',
        summary: 'List MCP servers',
        description:
          'A page of MCP servers with their discovery status, ordered by entity reference. Filters are\ncombined with AND; the values of one list filter with OR.\n',
        parameters: [
          {
            name: 'owner',
            in: 'query',
            description:
              'Only servers owned by one of these entities (full entity references, comma-separated;\nrepeating the parameter works too).\n',
            style: 'form',
            explode: false,
            schema: {
              type: 'array',
              items: {
                type: 'string',
              },
            },
            example: ['group:default/payments'],
          },
          {
            name: 'lifecycle',
            in: 'query',
            description:
              'Only servers with one of these `spec.lifecycle` values (comma-separated).',
            style: 'form',
            explode: false,
            schema: {
              type: 'array',
              items: {
                type: 'string',
              },
            },
            example: ['production', 'experimental'],
          },
          {
            name: 'status',
            in: 'query',
            description:
              'Only servers whose discovery status is one of these (comma-separated): `pending`,\n`awaiting-deployment`, `ok`, `error`. Another value is answered with 400.\n',
            style: 'form',
            explode: false,
            schema: {
              type: 'array',
              items: {
                type: 'string',
              },
            },
            example: ['error'],
          },
          {
            $ref: '#/components/parameters/MinSeverity',
          },
          {
            $ref: '#/components/parameters/Limit',
          },
          {
            $ref: '#/components/parameters/Offset',
          },
        ],
        responses: {
          '200': {
            description: 'A page of servers.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/McpServerPage',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
        },
      },
    },
    '/v1/servers/{namespace}/{name}': {
      get: {
        tags: ['Servers'],
        operationId: 'getServer',
        summary: 'Get an MCP server',
        description:
          'The server with everything discovery found on it: tools, prompts, resources and findings.',
        responses: {
          '200': {
            description: 'The server.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/McpServerDetail',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
        },
        parameters: [
          {
            $ref: '#/components/parameters/Namespace',
          },
          {
            $ref: '#/components/parameters/Name',
          },
        ],
      },
    },
    '/v1/servers/{namespace}/{name}/refresh': {
      post: {
        tags: ['Servers'],
        operationId: 'refreshServer',
        summary: 'Discover a server now',
        description:
          'Connects to the server now, outside the schedule, records what it found and returns the\noutcome with the updated server. A failed discovery is not an HTTP error: it answers `200`\nwith `ok: false` and the reason in `error`.\n\nRequires the `mcp.catalog.refresh` permission on the server (resource type `mcp-server`,\nresource ref: its entity ref); the built-in policy grants it to members of the owning team\nand of the groups above it, and to the platform groups. No request body.\n',
        responses: {
          '200': {
            description: 'Discovery ran.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/RefreshOutcome',
                },
                examples: {
                  succeeded: {
                    summary: 'Discovery succeeded',
                    value: {
                      ok: true,
                      server: {
                        entityRef: 'api:default/payments-ledger',
                        name: 'payments-ledger',
                        title: 'Payments ledger',
                        remotes: [
                          {
                            type: 'streamable-http',
                            url: 'http://localhost:7101/mcp',
                          },
                        ],
                        status: 'ok',
                        consecutiveFailures: 0,
                        toolCount: 4,
                        updatedAt: '2026-01-15T09:30:00.000Z',
                        tools: [],
                        prompts: [],
                        resources: [],
                        findings: [],
                      },
                    },
                  },
                  failed: {
                    summary: 'The server could not be reached',
                    value: {
                      ok: false,
                      error: 'connect ECONNREFUSED 127.0.0.1:7101',
                    },
                  },
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
        },
        parameters: [
          {
            $ref: '#/components/parameters/Namespace',
          },
          {
            $ref: '#/components/parameters/Name',
          },
        ],
      },
    },
    '/v1/servers/{namespace}/{name}/disable': {
      post: {
        tags: ['Servers'],
        operationId: 'disableServer',
        summary: 'Take a server out of service (kill switch)',
        description:
          "Takes the whole server (every tool) out of service platform-wide until someone enables it again: the private\nregistry (`/v0`) leaves it out and the MCP gateway refuses its calls (within its catalog\nrefresh interval). The catalog keeps showing it, with who disabled it, when and why.\nAlready disabled: `409`, naming who disabled it, when and why.\n\nRequires the `mcp.server.disable` permission on the server's entity (resource ref = the server's entity\nref): members of the team that owns the server, and whom the policy engine allows (the\nplatform groups in the built-in rules). Every use is kept in the audit trail\n(`killSwitchHistory`) and sent to Backstage's auditor.\n",
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/KillSwitchRequest',
              },
              example: {
                reason: 'INC-2231: refunds issued twice',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'Disabled; the server as it now is.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/McpServerDetail',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '409': {
            $ref: '#/components/responses/Conflict',
          },
          '413': {
            $ref: '#/components/responses/PayloadTooLarge',
          },
        },
        parameters: [
          {
            $ref: '#/components/parameters/Namespace',
          },
          {
            $ref: '#/components/parameters/Name',
          },
        ],
      },
    },
    '/v1/servers/{namespace}/{name}/enable': {
      post: {
        tags: ['Servers'],
        operationId: 'enableServer',
        summary: 'Put a server back in service',
        description:
          "Enables a server the kill switch had taken out of service, with a reason for the audit\ntrail. Not disabled: `409`.\n\nRequires the `mcp.server.disable` permission on the server's entity, as disabling does.\n",
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/KillSwitchRequest',
              },
              example: {
                reason: 'INC-2231 fixed in 1.4.3',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'Enabled; the server as it now is.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/McpServerDetail',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '409': {
            $ref: '#/components/responses/Conflict',
          },
          '413': {
            $ref: '#/components/responses/PayloadTooLarge',
          },
        },
        parameters: [
          {
            $ref: '#/components/parameters/Namespace',
          },
          {
            $ref: '#/components/parameters/Name',
          },
        ],
      },
    },
    '/v1/servers/{namespace}/{name}/client-config': {
      get: {
        tags: ['Servers'],
        operationId: 'getClientConfig',
        summary: 'Config snippet for an MCP client',
        description:
          "The snippet that adds this server to an MCP client's config file, using the server's\n`streamable-http` remote when it has one. Header values are never included: headers become\nplaceholders (environment variables or prompted inputs) for the user to fill in.\n",
        parameters: [
          {
            $ref: '#/components/parameters/Namespace',
          },
          {
            $ref: '#/components/parameters/Name',
          },
          {
            name: 'client',
            in: 'query',
            description: 'The MCP client to produce the snippet for.',
            schema: {
              type: 'string',
              enum: ['claude-desktop', 'cursor', 'vscode'],
              default: 'cursor',
            },
          },
        ],
        responses: {
          '200': {
            description: 'The snippet.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ClientConfig',
                },
                examples: {
                  cursor: {
                    summary: 'Cursor',
                    value: {
                      client: 'cursor',
                      fileHint:
                        '~/.cursor/mcp.json or .cursor/mcp.json in the project',
                      config: {
                        mcpServers: {
                          'payments-ledger': {
                            url: 'http://localhost:7101/mcp',
                            headers: {
                              Authorization:
                                '${env:MCP_PAYMENTS_LEDGER_AUTHORIZATION}',
                            },
                          },
                        },
                      },
                    },
                  },
                  vscode: {
                    summary: 'VS Code',
                    value: {
                      client: 'vscode',
                      fileHint:
                        '.vscode/mcp.json (workspace) or the user-level mcp.json',
                      config: {
                        servers: {
                          'payments-ledger': {
                            type: 'http',
                            url: 'http://localhost:7101/mcp',
                          },
                        },
                      },
                    },
                  },
                  claudeDesktop: {
                    summary: 'Claude Desktop (through mcp-remote)',
                    value: {
                      client: 'claude-desktop',
                      fileHint:
                        'claude_desktop_config.json (Settings → Developer → Edit Config)',
                      config: {
                        mcpServers: {
                          'payments-ledger': {
                            command: 'npx',
                            args: [
                              '-y',
                              'mcp-remote',
                              'http://localhost:7101/mcp',
                            ],
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
        },
      },
    },
    '/v1/tools': {
      get: {
        tags: ['Tools'],
        operationId: 'searchTools',
        summary: 'Search tools',
        description:
          'A page of tools across all servers, ordered by tool name then server (comparing bytes, so\nupper case before lower case, on every database). Filters are combined\nwith AND; the values of one list filter with OR. Removed tools are left out unless\n`includeRemoved=true`.\n',
        parameters: [
          {
            name: 'q',
            in: 'query',
            description:
              "Free-text search: every word (up to 8, case-insensitive) must occur in the tool's name,\ntitle, description or input parameter names.\n",
            schema: {
              type: 'string',
              maxLength: 200,
            },
            examples: {
              refund: {
                summary: 'Tools about refunds',
                value: 'refund',
              },
              twoWords: {
                summary: 'Both words must match',
                value: 'payment refund',
              },
            },
          },
          {
            name: 'owner',
            in: 'query',
            description:
              'Only tools of servers owned by one of these entities (full entity references, comma-separated).',
            style: 'form',
            explode: false,
            schema: {
              type: 'array',
              items: {
                type: 'string',
              },
            },
            example: ['group:default/payments'],
          },
          {
            name: 'server',
            in: 'query',
            description:
              'Only tools of these servers (full, lower-case entity references, comma-separated).',
            style: 'form',
            explode: false,
            schema: {
              type: 'array',
              items: {
                type: 'string',
              },
            },
            example: ['api:default/payments-ledger'],
          },
          {
            name: 'readOnly',
            in: 'query',
            description:
              '`true`: only tools annotated `readOnlyHint: true`; `false`: only the others.',
            schema: {
              $ref: '#/components/schemas/BooleanString',
            },
          },
          {
            name: 'destructive',
            in: 'query',
            description:
              '`true`: only destructive tools; `false`: only the others. As in the MCP spec, a tool is\ndestructive unless it is read-only or annotated `destructiveHint: false`.\n',
            schema: {
              $ref: '#/components/schemas/BooleanString',
            },
          },
          {
            $ref: '#/components/parameters/MinSeverity',
          },
          {
            name: 'changed',
            in: 'query',
            description:
              '`true`: only tools whose current definition awaits approval (`approval` is `new` or\n`changed`); `false`: only approved ones.\n',
            schema: {
              $ref: '#/components/schemas/BooleanString',
            },
          },
          {
            name: 'includeRemoved',
            in: 'query',
            description:
              '`true`: also tools the server no longer lists (`state: removed`).',
            schema: {
              $ref: '#/components/schemas/BooleanString',
            },
          },
          {
            $ref: '#/components/parameters/Limit',
          },
          {
            $ref: '#/components/parameters/Offset',
          },
        ],
        responses: {
          '200': {
            description: 'A page of tools.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/McpToolPage',
                },
                example: {
                  items: [
                    {
                      serverRef: 'api:default/payments-ledger',
                      serverName: 'payments-ledger',
                      owner: 'group:default/payments',
                      name: 'refund_payment',
                      title: 'Refund a payment',
                      description:
                        'Refunds a settled payment fully or partially. Irreversible: money leaves the company. Pending payments cannot be refunded.',
                      readOnly: false,
                      destructive: true,
                      annotations: {
                        readOnlyHint: false,
                        destructiveHint: true,
                        idempotentHint: false,
                        openWorldHint: true,
                      },
                      approval: 'approved',
                      state: 'active',
                      version: 1,
                      definitionHash:
                        '3f1c0a5e9b7d2c4f6a8e0b1d3c5f7a9e2b4d6f8a0c1e3b5d7f9a2c4e6b8d0f1a',
                      lastSeenAt: '2026-01-15T09:30:00.000Z',
                    },
                  ],
                  totalCount: 1,
                  offset: 0,
                  limit: 50,
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
        },
      },
    },
    '/v1/tools/{namespace}/{name}/{tool}': {
      get: {
        tags: ['Tools'],
        operationId: 'getTool',
        summary: 'Get a tool',
        description:
          'The tool with its schemas, every definition it has had, its findings and, when the current\ndefinition is not approved, a unified diff from the last approved one.\n',
        responses: {
          '200': {
            description: 'The tool.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/McpToolDetail',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
        },
        parameters: [
          {
            $ref: '#/components/parameters/Namespace',
          },
          {
            $ref: '#/components/parameters/Name',
          },
          {
            $ref: '#/components/parameters/Tool',
          },
        ],
      },
    },
    '/v1/tools/{namespace}/{name}/{tool}/approve': {
      post: {
        tags: ['Tools'],
        operationId: 'approveTool',
        summary: "Approve a tool's current definition",
        description:
          "Approves the definition the reviewer saw, identified by its `definitionHash`. If discovery\nfound another definition meanwhile, nothing is approved and the answer is `409`: review the\nnew definition and approve that one. The approver (user entity reference, or the service's\nsubject) is recorded on the version.\n\nRequires the `mcp.tool.approve` permission on the tool (resource type `mcp-tool`, resource\nref `api:<namespace>/<name>#<tool>`); the built-in policy grants it to members of the\nserver's owning team and of the groups above it, and to the platform groups.\n",
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/ApproveToolRequest',
              },
              example: {
                definitionHash:
                  '3f1c0a5e9b7d2c4f6a8e0b1d3c5f7a9e2b4d6f8a0c1e3b5d7f9a2c4e6b8d0f1a',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'Approved; the tool as it now is.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/McpToolDetail',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '409': {
            $ref: '#/components/responses/Conflict',
          },
          '413': {
            $ref: '#/components/responses/PayloadTooLarge',
          },
        },
        parameters: [
          {
            $ref: '#/components/parameters/Namespace',
          },
          {
            $ref: '#/components/parameters/Name',
          },
          {
            $ref: '#/components/parameters/Tool',
          },
        ],
      },
    },
    '/v1/tools/{namespace}/{name}/{tool}/disable': {
      post: {
        tags: ['Tools'],
        operationId: 'disableTool',
        summary: 'Take a tool out of service (kill switch)',
        description:
          "Takes one tool of a server out of service platform-wide until someone enables it again: the private\nregistry (`/v0`) leaves it out and the MCP gateway refuses its calls (within its catalog\nrefresh interval). The catalog keeps showing it, with who disabled it, when and why.\nA disabled server disables all its tools; a tool's own switch is independent of it.\n\nAlready disabled: `409`, naming who disabled it, when and why.\n\nRequires the `mcp.tool.disable` permission on the server's entity (resource ref = the server's entity\nref): members of the team that owns the server, and whom the policy engine allows (the\nplatform groups in the built-in rules). Every use is kept in the audit trail\n(`killSwitchHistory`) and sent to Backstage's auditor.\n",
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/KillSwitchRequest',
              },
              example: {
                reason: 'INC-2231: refunds issued twice',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'Disabled; the tool as it now is.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/McpToolDetail',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '409': {
            $ref: '#/components/responses/Conflict',
          },
          '413': {
            $ref: '#/components/responses/PayloadTooLarge',
          },
        },
        parameters: [
          {
            $ref: '#/components/parameters/Namespace',
          },
          {
            $ref: '#/components/parameters/Name',
          },
          {
            $ref: '#/components/parameters/Tool',
          },
        ],
      },
    },
    '/v1/tools/{namespace}/{name}/{tool}/enable': {
      post: {
        tags: ['Tools'],
        operationId: 'enableTool',
        summary: 'Put a tool back in service',
        description:
          "Enables a tool the kill switch had taken out of service, with a reason for the audit\ntrail. Not disabled: `409` (also when only the whole server is: enable the server).\n\nRequires the `mcp.tool.disable` permission on the server's entity, as disabling does.\n",
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/KillSwitchRequest',
              },
              example: {
                reason: 'INC-2231 fixed in 1.4.3',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'Enabled; the tool as it now is.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/McpToolDetail',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '409': {
            $ref: '#/components/responses/Conflict',
          },
          '413': {
            $ref: '#/components/responses/PayloadTooLarge',
          },
        },
        parameters: [
          {
            $ref: '#/components/parameters/Namespace',
          },
          {
            $ref: '#/components/parameters/Name',
          },
          {
            $ref: '#/components/parameters/Tool',
          },
        ],
      },
    },
    '/v0/servers': {
      get: {
        tags: ['Registry'],
        operationId: 'registryListServers',
        summary: 'List published servers (MCP registry API)',
        description:
          'The published servers in `server.json` form, ordered by registry name, one page at a time.',
        parameters: [
          {
            name: 'cursor',
            in: 'query',
            description:
              'The `metadata.nextCursor` of the previous page; omit for the first page.',
            schema: {
              type: 'string',
              maxLength: 500,
            },
          },
          {
            name: 'limit',
            in: 'query',
            description: 'Page size.',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 100,
              default: 30,
            },
          },
          {
            name: 'search',
            in: 'query',
            description:
              'Case-insensitive substring of the registry name or the title.',
            schema: {
              type: 'string',
              maxLength: 200,
            },
            example: 'payments',
          },
          {
            name: 'updated_since',
            in: 'query',
            description:
              'Only servers whose stored data changed at or after this RFC 3339 timestamp.',
            schema: {
              type: 'string',
              format: 'date-time',
            },
            example: '2026-01-01T00:00:00Z',
          },
        ],
        responses: {
          '200': {
            description: 'A page of published servers.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/RegistryServerList',
                },
                example: {
                  servers: [
                    {
                      server: {
                        $schema:
                          'https://static.modelcontextprotocol.io/schemas/2025-10-17/server.schema.json',
                        name: 'internal.backstage/payments-ledger',
                        title: 'Payments ledger',
                        description:
                          'Balances, transactions and refunds of customer payments.',
                        version: '1.4.2',
                        remotes: [
                          {
                            type: 'streamable-http',
                            url: 'http://localhost:7101/mcp',
                          },
                          {
                            type: 'sse',
                            url: 'http://localhost:7101/sse',
                          },
                        ],
                        _meta: {
                          'io.backstage.mcp-platform/discovered': {
                            entityRef: 'api:default/payments-ledger',
                            owner: 'group:default/payments',
                            lifecycle: 'production',
                            dataClassification: 'confidential',
                            protocolVersion: '2026-07-28',
                            protocolRevisions: ['2026-07-28', '2025-11-25'],
                            discoveredAt: '2026-01-15T09:30:00.000Z',
                            tools: [
                              {
                                name: 'refund_payment',
                                title: 'Refund a payment',
                                description:
                                  'Refunds a settled payment fully or partially. Irreversible: money leaves the company. Pending payments cannot be refunded.',
                                annotations: {
                                  readOnlyHint: false,
                                  destructiveHint: true,
                                },
                              },
                            ],
                            prompts: [],
                            resources: 0,
                          },
                        },
                      },
                      _meta: {
                        'io.modelcontextprotocol.registry/official': {
                          status: 'active',
                          publishedAt: '2026-01-15T09:30:00.000Z',
                          updatedAt: '2026-01-15T09:30:00.000Z',
                          isLatest: true,
                        },
                      },
                    },
                  ],
                  metadata: {
                    count: 1,
                    nextCursor:
                      'aW50ZXJuYWwuYmFja3N0YWdlL3BheW1lbnRzLWxlZGdlcg',
                  },
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
        },
      },
    },
    '/v0/servers/{serverName}': {
      get: {
        tags: ['Registry'],
        operationId: 'registryGetServer',
        summary: 'Get a published server (MCP registry API)',
        responses: {
          '200': {
            description: "The server's latest (and only) version.",
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/RegistryServerEntry',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
        },
        parameters: [
          {
            $ref: '#/components/parameters/RegistryServerName',
          },
        ],
      },
    },
    '/v0/servers/{serverName}/versions': {
      get: {
        tags: ['Registry'],
        operationId: 'registryListServerVersions',
        summary: "List a published server's versions (MCP registry API)",
        description:
          'The catalog keeps only the current version, so the list has exactly one entry.',
        responses: {
          '200': {
            description: "The server's versions.",
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/RegistryServerList',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
        },
        parameters: [
          {
            $ref: '#/components/parameters/RegistryServerName',
          },
        ],
      },
    },
    '/v0/servers/{serverName}/versions/{version}': {
      get: {
        tags: ['Registry'],
        operationId: 'registryGetServerVersion',
        summary: 'Get one version of a published server (MCP registry API)',
        responses: {
          '200': {
            description: 'The server at that version.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/RegistryServerEntry',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
        },
        parameters: [
          {
            $ref: '#/components/parameters/RegistryServerName',
          },
          {
            name: 'version',
            in: 'path',
            required: true,
            description:
              '`latest`, or the version the server reports in its `serverInfo` (`0.0.0` when it reports\nnone). Any other version is `404`.\n',
            schema: {
              type: 'string',
            },
            example: 'latest',
          },
        ],
      },
    },
  },
  components: {
    securitySchemes: {
      BackstageToken: {
        type: 'http',
        scheme: 'bearer',
        description:
          'A Backstage token: a user token (issued when signing in to Backstage) or a service token\n(plugin-to-plugin, or an external access token from `backend.auth.externalAccess`).\n',
      },
    },
    parameters: {
      Namespace: {
        name: 'namespace',
        in: 'path',
        required: true,
        description:
          "Catalog namespace of the server's `API` entity (case-insensitive).",
        schema: {
          type: 'string',
        },
        example: 'default',
      },
      Name: {
        name: 'name',
        in: 'path',
        required: true,
        description: "Name of the server's `API` entity (case-insensitive).",
        schema: {
          type: 'string',
        },
        example: 'payments-ledger',
      },
      Tool: {
        name: 'tool',
        in: 'path',
        required: true,
        description: "The tool's name as the server lists it (case-sensitive).",
        schema: {
          type: 'string',
        },
        example: 'refund_payment',
      },
      RegistryServerName: {
        name: 'serverName',
        in: 'path',
        required: true,
        description:
          'The registry name, e.g. `internal.backstage/payments-ledger`. It contains a `/`, which must be\nURL-encoded as `%2F` (`/v0/servers/internal.backstage%2Fpayments-ledger`).\n',
        schema: {
          type: 'string',
        },
        example: 'internal.backstage/payments-ledger',
      },
      MinSeverity: {
        name: 'minSeverity',
        in: 'query',
        description:
          'Only items whose most serious finding is at least this severe.',
        schema: {
          $ref: '#/components/schemas/FindingSeverity',
        },
        example: 'high',
      },
      Limit: {
        name: 'limit',
        in: 'query',
        description: 'Page size.',
        schema: {
          type: 'integer',
          minimum: 1,
          maximum: 500,
          default: 50,
        },
      },
      Offset: {
        name: 'offset',
        in: 'query',
        description: 'Number of items to skip.',
        schema: {
          type: 'integer',
          minimum: 0,
          maximum: 1000000,
          default: 0,
        },
      },
    },
    responses: {
      BadRequest: {
        description:
          'InputError. The query or body is invalid; the message names each field.',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/ErrorResponse',
            },
            example: {
              error: {
                name: 'InputError',
                message:
                  'Invalid tool query: limit Too big: expected number to be <=500',
              },
              request: {
                method: 'GET',
                url: '/api/mcp-catalog/v1/tools?limit=1000',
              },
              response: {
                statusCode: 400,
              },
            },
          },
        },
      },
      Unauthorized: {
        description:
          'AuthenticationError. No token, or the token is invalid or expired.',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/ErrorResponse',
            },
            example: {
              error: {
                name: 'AuthenticationError',
                message: 'Missing credentials',
              },
              request: {
                method: 'GET',
                url: '/api/mcp-catalog/v1/servers',
              },
              response: {
                statusCode: 401,
              },
            },
          },
        },
      },
      Forbidden: {
        description:
          'NotAllowedError. The caller lacks the permission the operation needs.',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/ErrorResponse',
            },
            example: {
              error: {
                name: 'NotAllowedError',
                message:
                  "You may not approve tools of api:default/payments-ledger (permission mcp.tool.approve): by default members of its owning team group:default/payments (or of a group above it) and the platform groups may; the MCP policy's decision log says which rule decided",
              },
              request: {
                method: 'POST',
                url: '/api/mcp-catalog/v1/tools/default/payments-ledger/refund_payment/approve',
              },
              response: {
                statusCode: 403,
              },
            },
          },
        },
      },
      NotFound: {
        description:
          'NotFoundError. No such server, tool, published server or version, or one whose catalog entity the caller may not read.',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/ErrorResponse',
            },
            example: {
              error: {
                name: 'NotFoundError',
                message:
                  'No tool "refund_payment" on MCP server api:default/payments-ledger',
              },
              request: {
                method: 'GET',
                url: '/api/mcp-catalog/v1/tools/default/payments-ledger/refund_payment',
              },
              response: {
                statusCode: 404,
              },
            },
          },
        },
      },
      Conflict: {
        description:
          "ConflictError. The tool's definition changed since the reviewer loaded it.",
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/ErrorResponse',
            },
            example: {
              error: {
                name: 'ConflictError',
                message:
                  "The tool's definition changed since you loaded it: review the new definition and approve that one",
              },
              request: {
                method: 'POST',
                url: '/api/mcp-catalog/v1/tools/default/payments-ledger/refund_payment/approve',
              },
              response: {
                statusCode: 409,
              },
            },
          },
        },
      },
      PayloadTooLarge: {
        description: 'The JSON body is larger than 64 kB.',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/ErrorResponse',
            },
          },
        },
      },
    },
    schemas: {
      HealthStatus: {
        type: 'object',
        required: ['status'],
        properties: {
          status: {
            const: 'ok',
          },
        },
      },
      ErrorResponse: {
        description: "Backstage's standard error body.",
        type: 'object',
        required: ['error', 'response'],
        properties: {
          error: {
            type: 'object',
            required: ['name', 'message'],
            properties: {
              name: {
                type: 'string',
                description:
                  'The error class, e.g. `InputError`, `NotAllowedError`, `NotFoundError`, `ConflictError`.',
              },
              message: {
                type: 'string',
              },
              code: {
                type: 'string',
              },
              stack: {
                type: 'string',
                description: 'Only in development.',
              },
            },
          },
          request: {
            type: 'object',
            required: ['method', 'url'],
            properties: {
              method: {
                type: 'string',
              },
              url: {
                type: 'string',
                description:
                  'The request path and query (no protocol, host or port).',
              },
            },
          },
          response: {
            type: 'object',
            required: ['statusCode'],
            properties: {
              statusCode: {
                type: 'integer',
              },
            },
          },
        },
      },
      BooleanString: {
        description: 'A boolean query value, spelled `true` or `false`.',
        type: 'string',
        enum: ['true', 'false'],
      },
      FindingSeverity: {
        description:
          'How serious a risk finding is, from least to most serious.',
        type: 'string',
        enum: ['low', 'medium', 'high', 'critical'],
      },
      DiscoveryStatus: {
        description:
          '`pending` until discovery first tries the server; `awaiting-deployment` while the server\nhas never answered (catalogued, e.g. created from the template, but not deployed yet: not\nan error, and MCP insights accrues no compute cost for it); `ok` when the last discovery\nsucceeded; `error` when a server that answered before fails now.\n',
        type: 'string',
        enum: ['pending', 'awaiting-deployment', 'ok', 'error'],
      },
      ToolApproval: {
        description:
          "Approval state of the tool's current definition: `approved`, `new` (never approved) or\n`changed` (differs from the approved one).\n",
        type: 'string',
        enum: ['approved', 'new', 'changed'],
      },
      McpRemoteHeader: {
        description:
          'A header a remote expects. Values are secrets and come from the backend config, never from here.',
        type: 'object',
        required: ['name'],
        properties: {
          name: {
            type: 'string',
            pattern: '^[A-Za-z0-9-]+$',
          },
          description: {
            type: 'string',
          },
          isRequired: {
            type: 'boolean',
          },
          isSecret: {
            type: 'boolean',
          },
        },
      },
      McpRemote: {
        description:
          "How a client reaches the server, as in the MCP registry's `server.json`.",
        type: 'object',
        required: ['type', 'url'],
        properties: {
          type: {
            type: 'string',
            enum: ['streamable-http', 'sse'],
          },
          url: {
            type: 'string',
            format: 'uri',
            example: 'http://localhost:7101/mcp',
          },
          headers: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/McpRemoteHeader',
            },
          },
        },
      },
      McpFinding: {
        description: 'A risk found in a tool or prompt definition.',
        type: 'object',
        required: [
          'itemKind',
          'itemName',
          'ruleId',
          'severity',
          'message',
          'field',
          'evidence',
        ],
        properties: {
          itemKind: {
            type: 'string',
            enum: ['tool', 'prompt'],
          },
          itemName: {
            type: 'string',
          },
          ruleId: {
            type: 'string',
            example: 'hidden-instruction-tag',
          },
          severity: {
            $ref: '#/components/schemas/FindingSeverity',
          },
          message: {
            type: 'string',
          },
          field: {
            type: 'string',
            description:
              'Where in the definition, e.g. `description` or `inputSchema.properties.note.description`.',
          },
          evidence: {
            type: 'object',
            required: ['start', 'end', 'text'],
            properties: {
              start: {
                type: 'integer',
              },
              end: {
                type: 'integer',
              },
              text: {
                type: 'string',
              },
            },
          },
        },
      },
      McpServerSummary: {
        description: 'A server in lists.',
        type: 'object',
        required: [
          'entityRef',
          'name',
          'remotes',
          'status',
          'consecutiveFailures',
          'toolCount',
          'updatedAt',
        ],
        properties: {
          entityRef: {
            type: 'string',
            example: 'api:default/payments-ledger',
          },
          name: {
            type: 'string',
            example: 'payments-ledger',
          },
          title: {
            type: 'string',
          },
          description: {
            type: 'string',
          },
          owner: {
            type: 'string',
            description: 'Entity reference of the owner.',
            example: 'group:default/payments',
          },
          lifecycle: {
            type: 'string',
            example: 'production',
          },
          dataClassification: {
            type: 'string',
            example: 'confidential',
          },
          remotes: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/McpRemote',
            },
          },
          status: {
            $ref: '#/components/schemas/DiscoveryStatus',
          },
          lastAttemptAt: {
            type: 'string',
            format: 'date-time',
          },
          firstSuccessAt: {
            type: 'string',
            format: 'date-time',
            description:
              'When the server first answered discovery; absent while it never has (`pending`,\n`awaiting-deployment`).\n',
          },
          lastSuccessAt: {
            type: 'string',
            format: 'date-time',
          },
          lastError: {
            type: 'string',
          },
          latencyMs: {
            type: 'number',
          },
          nextAttemptAt: {
            type: 'string',
            format: 'date-time',
          },
          consecutiveFailures: {
            type: 'integer',
            minimum: 0,
          },
          transport: {
            type: 'string',
            example: 'streamable-http',
          },
          protocolVersion: {
            type: 'string',
            description: 'The revision the last discovery used.',
            example: '2026-07-28',
          },
          protocolEra: {
            type: 'string',
            enum: ['modern', 'legacy'],
            description:
              'modern is 2026-07-28 (stateless, server/discover); legacy is the 2025 handshake.',
          },
          protocolRevisions: {
            type: 'array',
            description:
              'Every MCP revision the server was seen to speak, newest first.',
            items: {
              type: 'string',
            },
            example: ['2026-07-28', '2025-11-25'],
          },
          serverInfo: {
            type: 'object',
            description:
              'What the server reported about itself when initialising.',
            required: ['name', 'version'],
            properties: {
              name: {
                type: 'string',
              },
              version: {
                type: 'string',
              },
              title: {
                type: 'string',
              },
            },
          },
          toolCount: {
            type: 'integer',
            minimum: 0,
          },
          maxSeverity: {
            $ref: '#/components/schemas/FindingSeverity',
            description:
              "Most serious finding among the server's current tools and prompts.",
          },
          updatedAt: {
            type: 'string',
            format: 'date-time',
            description:
              'Last change of the stored data (catalog snapshot or discovered definitions).',
          },
          disabled: {
            $ref: '#/components/schemas/McpDisablement',
            description:
              'Present while the whole server is out of service (the kill switch).',
          },
        },
      },
      McpPromptInfo: {
        type: 'object',
        required: ['name'],
        properties: {
          name: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          description: {
            type: 'string',
          },
          arguments: {
            type: 'array',
            items: {
              type: 'object',
              required: ['name'],
              properties: {
                name: {
                  type: 'string',
                },
                description: {
                  type: 'string',
                },
                required: {
                  type: 'boolean',
                },
              },
            },
          },
        },
      },
      McpResourceInfo: {
        description: 'A resource or resource template of a server.',
        type: 'object',
        required: ['kind', 'uri'],
        properties: {
          kind: {
            type: 'string',
            enum: ['resource', 'template'],
          },
          uri: {
            type: 'string',
          },
          name: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          description: {
            type: 'string',
          },
          mimeType: {
            type: 'string',
          },
        },
      },
      McpServerDetail: {
        description: 'A server with everything discovered on it.',
        allOf: [
          {
            $ref: '#/components/schemas/McpServerSummary',
          },
          {
            type: 'object',
            required: [
              'tools',
              'prompts',
              'resources',
              'findings',
              'discoveryHistory',
              'killSwitchHistory',
            ],
            properties: {
              discoveryHistory: {
                type: 'array',
                description: 'The last 20 discovery attempts, newest first.',
                items: {
                  type: 'object',
                  required: ['attemptedAt', 'ok'],
                  properties: {
                    attemptedAt: {
                      type: 'string',
                      format: 'date-time',
                    },
                    ok: {
                      type: 'boolean',
                    },
                    error: {
                      type: 'string',
                    },
                    latencyMs: {
                      type: 'integer',
                    },
                    toolCount: {
                      type: 'integer',
                    },
                    transport: {
                      type: 'string',
                      example: 'streamable-http',
                    },
                  },
                },
              },
              capabilities: {
                type: 'object',
                additionalProperties: true,
              },
              instructions: {
                type: 'string',
              },
              tools: {
                type: 'array',
                items: {
                  $ref: '#/components/schemas/McpToolSummary',
                },
              },
              prompts: {
                type: 'array',
                items: {
                  $ref: '#/components/schemas/McpPromptInfo',
                },
              },
              resources: {
                type: 'array',
                items: {
                  $ref: '#/components/schemas/McpResourceInfo',
                },
              },
              findings: {
                type: 'array',
                items: {
                  $ref: '#/components/schemas/McpFinding',
                },
              },
              killSwitchHistory: {
                type: 'array',
                description:
                  'Uses of the kill switch on the server and its tools, newest first (the last 50).',
                items: {
                  $ref: '#/components/schemas/McpKillSwitchEvent',
                },
              },
            },
          },
        ],
      },
      McpToolSummary: {
        description: 'A tool in lists and search results.',
        type: 'object',
        required: [
          'serverRef',
          'serverName',
          'name',
          'readOnly',
          'destructive',
          'approval',
          'state',
          'version',
          'definitionHash',
          'lastSeenAt',
        ],
        properties: {
          serverRef: {
            type: 'string',
            example: 'api:default/payments-ledger',
          },
          serverName: {
            type: 'string',
            example: 'payments-ledger',
          },
          owner: {
            type: 'string',
            example: 'group:default/payments',
          },
          name: {
            type: 'string',
            example: 'refund_payment',
          },
          title: {
            type: 'string',
          },
          description: {
            type: 'string',
          },
          readOnly: {
            type: 'boolean',
            description: 'Annotated `readOnlyHint: true`.',
          },
          destructive: {
            type: 'boolean',
            description:
              'Not read-only and not annotated `destructiveHint: false`.',
          },
          annotations: {
            type: 'object',
            additionalProperties: true,
          },
          approval: {
            $ref: '#/components/schemas/ToolApproval',
          },
          state: {
            type: 'string',
            enum: ['active', 'removed'],
          },
          version: {
            type: 'integer',
            minimum: 1,
            description:
              'Number of the current definition; grows each time the definition changes.',
          },
          definitionHash: {
            $ref: '#/components/schemas/DefinitionHash',
          },
          maxSeverity: {
            $ref: '#/components/schemas/FindingSeverity',
          },
          lastSeenAt: {
            type: 'string',
            format: 'date-time',
          },
          disabled: {
            $ref: '#/components/schemas/McpDisablement',
            description:
              "Present while the tool is out of service, by its own kill switch or its server's (`scope` says which; its own first).",
          },
        },
      },
      McpToolVersion: {
        description: 'One definition a tool has had.',
        type: 'object',
        required: ['version', 'definitionHash', 'definition', 'seenAt'],
        properties: {
          version: {
            type: 'integer',
            minimum: 1,
          },
          definitionHash: {
            $ref: '#/components/schemas/DefinitionHash',
          },
          definition: {
            type: 'object',
            additionalProperties: true,
          },
          seenAt: {
            type: 'string',
            format: 'date-time',
          },
          approvedBy: {
            type: 'string',
            example: 'user:default/alice',
          },
          approvedAt: {
            type: 'string',
            format: 'date-time',
          },
        },
      },
      McpToolDetail: {
        description: 'A tool with its schemas, history and findings.',
        allOf: [
          {
            $ref: '#/components/schemas/McpToolSummary',
          },
          {
            type: 'object',
            required: [
              'inputSchema',
              'firstSeenAt',
              'versions',
              'findings',
              'killSwitchHistory',
            ],
            properties: {
              inputSchema: {
                type: 'object',
                additionalProperties: true,
              },
              outputSchema: {
                type: 'object',
                additionalProperties: true,
              },
              firstSeenAt: {
                type: 'string',
                format: 'date-time',
              },
              removedAt: {
                type: 'string',
                format: 'date-time',
              },
              versions: {
                type: 'array',
                description: 'Newest first.',
                items: {
                  $ref: '#/components/schemas/McpToolVersion',
                },
              },
              diffFromApproved: {
                type: 'string',
                description:
                  'Unified diff from the last approved definition to the current one, when they differ.',
              },
              findings: {
                type: 'array',
                items: {
                  $ref: '#/components/schemas/McpFinding',
                },
              },
              killSwitchHistory: {
                type: 'array',
                description:
                  'Uses of the kill switch on this tool and on its server, newest first (the last 50).',
                items: {
                  $ref: '#/components/schemas/McpKillSwitchEvent',
                },
              },
            },
          },
        ],
      },
      McpDisablement: {
        description:
          'Who took a server or tool out of service with the kill switch, when and why.',
        type: 'object',
        required: ['scope', 'by', 'at', 'reason'],
        properties: {
          scope: {
            type: 'string',
            enum: ['server', 'tool'],
            description:
              '`server` when the whole server is out of service, `tool` when this tool alone is.',
          },
          by: {
            type: 'string',
            description:
              "User entity reference (or a service's subject) of who disabled it.",
            example: 'user:default/grace',
          },
          at: {
            type: 'string',
            format: 'date-time',
          },
          reason: {
            type: 'string',
            example: 'INC-2231: refunds issued twice',
          },
        },
      },
      McpKillSwitchEvent: {
        description: 'One use of the kill switch.',
        type: 'object',
        required: ['action', 'by', 'at', 'reason'],
        properties: {
          action: {
            type: 'string',
            enum: ['disable', 'enable'],
          },
          tool: {
            type: 'string',
            description: 'The tool switched; absent for the whole server.',
          },
          by: {
            type: 'string',
            example: 'user:default/grace',
          },
          at: {
            type: 'string',
            format: 'date-time',
          },
          reason: {
            type: 'string',
          },
        },
      },
      KillSwitchRequest: {
        type: 'object',
        required: ['reason'],
        properties: {
          reason: {
            type: 'string',
            minLength: 3,
            maxLength: 1000,
            description:
              'Why, for the audit trail and for everyone who finds the server or tool out of service. Surrounding spaces are trimmed.',
          },
        },
      },
      DefinitionHash: {
        description:
          "SHA-256 of the tool's canonical definition, as 64 lower-case hex characters.",
        type: 'string',
        pattern: '^[0-9a-f]{64}$',
        example:
          '3f1c0a5e9b7d2c4f6a8e0b1d3c5f7a9e2b4d6f8a0c1e3b5d7f9a2c4e6b8d0f1a',
      },
      McpServerPage: {
        description: 'A page of servers.',
        type: 'object',
        required: ['items', 'totalCount', 'offset', 'limit'],
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/McpServerSummary',
            },
          },
          totalCount: {
            type: 'integer',
            minimum: 0,
          },
          offset: {
            type: 'integer',
            minimum: 0,
          },
          limit: {
            type: 'integer',
            minimum: 1,
          },
        },
      },
      McpToolPage: {
        description: 'A page of tools.',
        type: 'object',
        required: ['items', 'totalCount', 'offset', 'limit'],
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/McpToolSummary',
            },
          },
          totalCount: {
            type: 'integer',
            minimum: 0,
            maximum: 1000,
            description: 'Exact number of matches, counted up to 1000.',
          },
          totalCountCapped: {
            type: 'boolean',
            description:
              'Present and true when more than `totalCount` tools match.',
          },
          offset: {
            type: 'integer',
            minimum: 0,
          },
          limit: {
            type: 'integer',
            minimum: 1,
          },
        },
      },
      RefreshOutcome: {
        type: 'object',
        required: ['ok'],
        properties: {
          ok: {
            type: 'boolean',
            description:
              'Whether discovery reached the server and read its definitions.',
          },
          error: {
            type: 'string',
            description: 'Why discovery failed, when `ok` is false.',
          },
          server: {
            $ref: '#/components/schemas/McpServerDetail',
            description: 'The server after recording the outcome.',
          },
        },
      },
      ClientConfig: {
        type: 'object',
        required: ['client', 'fileHint', 'config'],
        properties: {
          client: {
            type: 'string',
            enum: ['claude-desktop', 'cursor', 'vscode'],
          },
          fileHint: {
            type: 'string',
            description: 'Which config file the snippet goes into.',
          },
          config: {
            type: 'object',
            additionalProperties: true,
            description:
              'The snippet to merge into that file: `mcpServers` for Cursor and Claude Desktop (which\nreaches the remote through `npx mcp-remote`), `servers` (and `inputs` for prompted header\nvalues) for VS Code.\n',
          },
        },
      },
      ApproveToolRequest: {
        type: 'object',
        required: ['definitionHash'],
        properties: {
          definitionHash: {
            $ref: '#/components/schemas/DefinitionHash',
            description:
              'The `definitionHash` of the definition the reviewer saw (from `GET /v1/tools/{namespace}/{name}/{tool}`).',
          },
        },
      },
      RegistryServerList: {
        description: "A page of the MCP registry's server list.",
        type: 'object',
        required: ['servers', 'metadata'],
        properties: {
          servers: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/RegistryServerEntry',
            },
          },
          metadata: {
            type: 'object',
            required: ['count'],
            properties: {
              count: {
                type: 'integer',
                minimum: 0,
                description: 'Number of servers on this page.',
              },
              nextCursor: {
                type: 'string',
                description:
                  'Opaque; pass as `cursor` to get the next page. Absent on the last page.',
              },
            },
          },
        },
      },
      RegistryServerEntry: {
        type: 'object',
        required: ['server', '_meta'],
        properties: {
          server: {
            $ref: '#/components/schemas/RegistryServerJson',
          },
          _meta: {
            type: 'object',
            required: ['io.modelcontextprotocol.registry/official'],
            properties: {
              'io.modelcontextprotocol.registry/official': {
                type: 'object',
                required: ['status', 'isLatest'],
                properties: {
                  status: {
                    const: 'active',
                  },
                  publishedAt: {
                    type: 'string',
                    format: 'date-time',
                    description: 'Time of the last successful discovery.',
                  },
                  updatedAt: {
                    type: 'string',
                    format: 'date-time',
                  },
                  isLatest: {
                    const: true,
                  },
                },
              },
            },
          },
        },
      },
      RegistryServerJson: {
        description: "The server in the MCP registry's `server.json` format.",
        type: 'object',
        required: [
          '$schema',
          'name',
          'description',
          'version',
          'remotes',
          '_meta',
        ],
        properties: {
          $schema: {
            const:
              'https://static.modelcontextprotocol.io/schemas/2025-10-17/server.schema.json',
          },
          name: {
            type: 'string',
            example: 'internal.backstage/payments-ledger',
          },
          title: {
            type: 'string',
          },
          description: {
            type: 'string',
            maxLength: 100,
            description:
              "The entity's description (else its title or name), cut to 100 characters.",
          },
          version: {
            type: 'string',
            description:
              'The version the server reports, `0.0.0` when it reports none.',
            example: '1.4.2',
          },
          remotes: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/McpRemote',
            },
          },
          _meta: {
            type: 'object',
            required: ['io.backstage.mcp-platform/discovered'],
            properties: {
              'io.backstage.mcp-platform/discovered': {
                $ref: '#/components/schemas/RegistryDiscoveredMeta',
              },
            },
          },
        },
      },
      RegistryDiscoveredMeta: {
        description: 'What the catalog knows and discovered about the server.',
        type: 'object',
        required: ['entityRef', 'tools', 'prompts', 'resources'],
        properties: {
          entityRef: {
            type: 'string',
            example: 'api:default/payments-ledger',
          },
          owner: {
            type: 'string',
          },
          lifecycle: {
            type: 'string',
          },
          dataClassification: {
            type: 'string',
          },
          protocolVersion: {
            type: 'string',
          },
          protocolRevisions: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          discoveredAt: {
            type: 'string',
            format: 'date-time',
          },
          tools: {
            type: 'array',
            description: "The server's active tools.",
            items: {
              type: 'object',
              required: ['name'],
              properties: {
                name: {
                  type: 'string',
                },
                title: {
                  type: 'string',
                },
                description: {
                  type: 'string',
                },
                annotations: {
                  type: 'object',
                  additionalProperties: true,
                },
              },
            },
          },
          prompts: {
            type: 'array',
            items: {
              type: 'object',
              required: ['name'],
              properties: {
                name: {
                  type: 'string',
                },
                description: {
                  type: 'string',
                },
              },
            },
          },
          resources: {
            type: 'integer',
            minimum: 0,
            description: 'Number of resources and resource templates.',
          },
        },
      },
    },
  },
} as const;

/**
 * An express-promise-router whose routes `yarn tsc` checks against openapi.yaml; with a mount
 * path (e.g. `'/v1'`), a sub-router typed relative to it. It validates nothing at run time;
 * the routes' zod schemas do.
 */
export const createOpenApiRouter = openApiRouterFactory(spec);
