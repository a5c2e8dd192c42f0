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
    title: 'MCP insights',
    version: '0.1.0',
    summary:
      "Cost, budgets and SLOs of MCP servers, usage ingestion, and the policy engine's budget and SLO context.",
    description:
      "The HTTP API of the `mcp-insights` Backstage backend plugin\n(`@mcp-platform/plugin-mcp-insights-backend`), mounted at `/api/mcp-insights`. The response\ntypes are those of `src/api.ts` of `@mcp-platform/plugin-mcp-insights-common`.\n\n* `/v1/cost` reports spend by owning team, by consuming team (through the MCP gateway) and by\n  server, exports it as CSV, and estimates a new server's compute cost.\n* `/v1/slo` reports each server's objectives, error budgets and burn rates.\n* `/v1/usage/events` takes usage pushed by servers, clients and the MCP gateway.\n* `/v1/collection` and `/v1/alerts` show and trigger the scheduled collection and alert tasks.\n* `/v1/export` renders Prometheus rules and Grafana dashboards from the SLOs.\n* `/v1/policy-context` answers the MCP policy engine's budget and SLO context providers.\n\n**Authentication.** Every route except `GET /health` needs a Backstage token in the\n`Authorization: Bearer <token>` header: a user token (from signing in to Backstage) or a service\ntoken (another backend plugin, or a static/external access token configured in\n`backend.auth.externalAccess`).\n\n**Permissions.** The mutations need a Backstage basic permission: `mcp.insights.usage.push`\n(push usage events, for the servers of the caller's groups; services for any server) and\n`mcp.insights.collection.run` (run the collection or alert task now). Every read answers as the\ncatalog would: a user who may not read a server's API entity (`catalog.entity.read`) does not\nsee its costs, SLOs, usage or collection state; lists and totals leave it out, and its own\nroutes answer `404` as for an unknown server. Service tokens see every server.\n\n**Errors** use Backstage's standard error body (`ErrorResponse`): `400` InputError (invalid\nquery or body; the message names each field), `401` missing or invalid token, `403`\nNotAllowedError (missing permission), `404` NotFoundError, `413` body too large (64 kB; 8 MB for\nusage batches).\n\n**Months** are `YYYY-MM` (default: the current month, UTC). **Teams** are group entity refs\n(`group:default/payments`, case-insensitive), or `unallocated` for spend no team is charged\nwith; consuming-team routes also take `direct` (calls that did not go through the gateway).\n",
    license: {
      name: 'Apache-2.0',
      identifier: 'Apache-2.0',
    },
  },
  servers: [
    {
      url: '{backendBaseUrl}/api/mcp-insights',
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
      name: 'Cost',
      description:
        'Spend by owning team, consuming team and server; budgets; estimates.',
    },
    {
      name: 'SLO',
      description: 'Objectives, error budgets and burn rates of MCP servers.',
    },
    {
      name: 'Usage',
      description:
        'Usage pushed by MCP servers, clients and the MCP gateway, and its collection.',
    },
    {
      name: 'Export',
      description: 'Prometheus rules and Grafana dashboards from the SLOs.',
    },
    {
      name: 'Policy context',
      description:
        "What the MCP policy engine's `budget` and `slo` context providers ask.",
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
    '/v1/slo/parse': {
      get: {
        tags: ['SLO'],
        operationId: 'parseSloAnnotation',
        summary: 'Check an SLO annotation',
        description:
          'Lets authors check an `mcp-platform.io/slo` annotation value before they commit it.',
        parameters: [
          {
            name: 'annotation',
            in: 'query',
            required: true,
            description: 'The annotation value.',
            schema: {
              type: 'string',
            },
            example: 'availability=99.9,latency-p95=2000ms,window=30d',
          },
        ],
        responses: {
          '200': {
            description: 'The objectives the annotation sets.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['slo'],
                  properties: {
                    slo: {
                      $ref: '#/components/schemas/SloDefinition',
                    },
                  },
                },
                example: {
                  slo: {
                    availabilityTarget: 0.999,
                    latency: {
                      percentile: 0.95,
                      thresholdMs: 2000,
                    },
                    windowDays: 30,
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
    '/v1/cost/teams': {
      get: {
        tags: ['Cost'],
        operationId: 'listTeamCosts',
        summary: 'Spend of every owning team',
        description:
          'Every team with its month-to-date spend, budget and forecast, most expensive first.',
        parameters: [
          {
            $ref: '#/components/parameters/Month',
          },
        ],
        responses: {
          '200': {
            description: 'The teams.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/TeamCostListResponse',
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
    '/v1/cost/report': {
      get: {
        tags: ['Cost'],
        operationId: 'getTeamCostReport',
        summary: "One owning team's cost report",
        description:
          'Daily spend, spend by model, servers with their tools, child teams and alerts.',
        parameters: [
          {
            $ref: '#/components/parameters/Team',
          },
          {
            $ref: '#/components/parameters/Month',
          },
        ],
        responses: {
          '200': {
            description: 'The report.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/TeamCostReport',
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
    '/v1/cost/consumers': {
      get: {
        tags: ['Cost'],
        operationId: 'listConsumerCosts',
        summary: 'Spend by consuming team',
        description:
          "Every server's spend attributed to the teams that called it through the MCP gateway, by\ntheir share of its relayed calls; the rest is `direct`.\n",
        parameters: [
          {
            $ref: '#/components/parameters/Month',
          },
        ],
        responses: {
          '200': {
            description: 'The consuming teams.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ConsumerCostListResponse',
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
    '/v1/cost/consumers/report': {
      get: {
        tags: ['Cost'],
        operationId: 'getConsumerCostReport',
        summary: "One consuming team's cost report",
        parameters: [
          {
            $ref: '#/components/parameters/Consumer',
          },
          {
            $ref: '#/components/parameters/Month',
          },
        ],
        responses: {
          '200': {
            description: 'The report.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ConsumerCostReport',
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
    '/v1/cost/servers/{namespace}/{name}': {
      get: {
        tags: ['Cost'],
        operationId: 'getServerCostReport',
        summary: "One server's cost report",
        description:
          "The server's spend with its tools and budget, what the MCP gateway observed, and its spend by consuming team.",
        parameters: [
          {
            $ref: '#/components/parameters/Namespace',
          },
          {
            $ref: '#/components/parameters/Name',
          },
          {
            $ref: '#/components/parameters/Month',
          },
        ],
        responses: {
          '200': {
            description: 'The report.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ServerCostReport',
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
    '/v1/cost/export.csv': {
      get: {
        tags: ['Cost'],
        operationId: 'exportCostCsv',
        summary: 'Spend as CSV',
        description:
          'One row per day, team, server (and tool with `level=tool`), columns `date, team, server,\ntool, calls, errors, compute_cost, llm_token_cost, other_cost, total_cost, currency`. With\n`view=consuming`: per day, consuming team and server, columns `date, consumer_team,\nserver, owner_team, calls, errors, compute_cost, llm_token_cost, other_cost, total_cost,\ncurrency`. Sent as an attachment named `mcp-cost-[consumers-]<team or all>-<month>.csv`.\n',
        parameters: [
          {
            name: 'team',
            in: 'query',
            description:
              'Only this team (all when left out); `direct` only with `view=consuming`.',
            schema: {
              $ref: '#/components/schemas/ConsumerRef',
            },
          },
          {
            $ref: '#/components/parameters/Month',
          },
          {
            name: 'level',
            in: 'query',
            description: 'Rows per server or per tool (owning view).',
            schema: {
              type: 'string',
              enum: ['server', 'tool'],
              default: 'server',
            },
          },
          {
            name: 'view',
            in: 'query',
            description: 'By owning team, or by consuming team.',
            schema: {
              type: 'string',
              enum: ['owning', 'consuming'],
              default: 'owning',
            },
          },
        ],
        responses: {
          '200': {
            description: 'The CSV file.',
            content: {
              'text/csv': {
                schema: {
                  type: 'string',
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
    '/v1/cost/estimate': {
      post: {
        tags: ['Cost'],
        operationId: 'estimateComputeCost',
        summary: "Estimate a server's monthly compute cost",
        description:
          "A read, though a POST (the scaffolder template's review step asks before the server\nexists): replicas × (CPU × `cpuCoreHour` + memory GB × `memoryGbHour`) × hours per month,\nwith the rates, so a person can check it. Needs no permission. Give memory once, as\n`memoryMiB` or `memoryGb`.\n",
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/ComputeCostEstimateRequest',
              },
              example: {
                replicas: 2,
                cpu: 0.5,
                memoryMiB: 512,
                environment: 'production',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The estimate.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ComputeCostEstimate',
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
          '413': {
            $ref: '#/components/responses/PayloadTooLarge',
          },
        },
      },
    },
    '/v1/pricing': {
      get: {
        tags: ['Cost'],
        operationId: 'getPricing',
        summary: 'Prices, rates, budgets and alert settings',
        responses: {
          '200': {
            description: 'The cost model.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/PricingResponse',
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
    '/v1/slo/servers': {
      get: {
        tags: ['SLO'],
        operationId: 'listSloServers',
        summary: 'SLO status of every server',
        description: 'Least error budget left first.',
        parameters: [
          {
            name: 'team',
            in: 'query',
            description: 'Only servers of this owning team (or `unallocated`).',
            schema: {
              $ref: '#/components/schemas/TeamRef',
            },
          },
          {
            name: 'status',
            in: 'query',
            description: 'Only servers with this burn-rate status.',
            schema: {
              $ref: '#/components/schemas/BurnRateStatus',
            },
          },
        ],
        responses: {
          '200': {
            description: 'The servers.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/SloListResponse',
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
    '/v1/slo/servers/{namespace}/{name}': {
      get: {
        tags: ['SLO'],
        operationId: 'getSloServer',
        summary: "One server's SLOs",
        description:
          'Objectives with their burn-down, and the status per tool.',
        responses: {
          '200': {
            description: "The server's SLOs.",
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/SloServerDetail',
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
    '/v1/usage/events': {
      post: {
        tags: ['Usage'],
        operationId: 'pushUsageEvents',
        summary: 'Push usage events',
        description:
          'Counts a batch of usage events (tool calls, token and other spend). Each event is checked\non its own: a bad one is reported by position and id, the others are counted. An event id\nis counted once however often it is sent.\n\nRequires the `mcp.insights.usage.push` permission (basic permission; `403` otherwise).\nUsers may push for the servers their groups own; services for any server. Events with\n`source: gateway` (observed at the MCP gateway) are taken from services only. The bounds\nof each amount are `mcpInsights.usage.maxPerEvent` (defaults in the schema).\n',
        parameters: [
          {
            name: 'wait',
            in: 'query',
            description:
              '`true`: answer after the batch is folded into the rollups, not only staged.',
            schema: {
              $ref: '#/components/schemas/BooleanString',
            },
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/UsageEventBatch',
              },
              example: {
                events: [
                  {
                    id: '2f6f0b6e-1',
                    timestamp: '2026-11-15T09:30:00Z',
                    server: 'api:default/payments-ledger',
                    tool: 'refund_payment',
                    outcome: 'success',
                    durationMs: 120,
                    tokens: [
                      {
                        model: 'gpt-4o',
                        input: 1200,
                        output: 300,
                      },
                    ],
                  },
                ],
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'What was counted, and why the rest was not.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/UsageEventBatchResult',
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
          '413': {
            description: 'The batch is larger than 8 MB.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ErrorResponse',
                },
              },
            },
          },
        },
      },
    },
    '/v1/collection/status': {
      get: {
        tags: ['Usage'],
        operationId: 'getCollectionStatus',
        summary: 'State of the metrics collection',
        responses: {
          '200': {
            description: 'The last run and each target.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/CollectionStatusResponse',
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
    '/v1/collection/run': {
      post: {
        tags: ['Usage'],
        operationId: 'runCollection',
        summary: 'Collect metrics now',
        description:
          'Triggers the scheduled collection task now (through the scheduler, so a run never overlaps\nthe scheduled one on another replica) and answers with the status before it ran. No\nrequest body.\n\nRequires the `mcp.insights.collection.run` permission (basic permission; `403` otherwise).\n',
        responses: {
          '202': {
            description: 'The task was triggered.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/CollectionStatusResponse',
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
        },
      },
    },
    '/v1/alerts/run': {
      post: {
        tags: ['Cost'],
        operationId: 'runAlerts',
        summary: 'Evaluate alerts now',
        description:
          'Triggers the scheduled alert task now (budget, forecast, spend-spike and SLO alerts, sent as\nBackstage notifications on state changes) and answers with the last evaluation. `404` when\nnotifications are switched off (`mcpInsights.alerts.notifications.enabled: false`). No\nrequest body.\n\nRequires the `mcp.insights.collection.run` permission (basic permission; `403` otherwise).\n',
        responses: {
          '202': {
            description: 'The task was triggered.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/AlertRunStatus',
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
      },
    },
    '/v1/export/prometheus-rules': {
      get: {
        tags: ['Export'],
        operationId: 'exportPrometheusRules',
        summary: 'Prometheus rule file for the SLOs',
        description:
          'Sloth-named recording and multi-window burn-rate alert rules, for every server or one.',
        parameters: [
          {
            name: 'server',
            in: 'query',
            description: 'Only this server.',
            schema: {
              $ref: '#/components/schemas/ServerParam',
            },
          },
        ],
        responses: {
          '200': {
            description: 'The rule file.',
            content: {
              'application/yaml': {
                schema: {
                  type: 'string',
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
    '/v1/export/grafana/{namespace}/{name}': {
      get: {
        tags: ['Export'],
        operationId: 'exportGrafanaDashboard',
        summary: "Grafana dashboard for a server's SLOs",
        responses: {
          '200': {
            description: "The dashboard JSON, for Grafana's import.",
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['title', 'panels'],
                  properties: {
                    title: {
                      type: 'string',
                    },
                    uid: {
                      type: 'string',
                    },
                    panels: {
                      type: 'array',
                      items: {
                        type: 'object',
                      },
                    },
                  },
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
    '/v1/policy-context/budget': {
      get: {
        tags: ['Policy context'],
        operationId: 'getBudgetPolicyContext',
        summary: "A team's budget state",
        description:
          'The budget state of a team, or of the team owning a server. Pass `team` or `server` (`400`\nwithout either). A server the caller may not see is answered as an unknown one: the\n`unallocated` team.\n',
        parameters: [
          {
            name: 'team',
            in: 'query',
            schema: {
              $ref: '#/components/schemas/TeamRef',
            },
          },
          {
            name: 'server',
            in: 'query',
            schema: {
              $ref: '#/components/schemas/ServerParam',
            },
          },
        ],
        responses: {
          '200': {
            description: "The team's budget state.",
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/BudgetPolicyContext',
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
    '/v1/policy-context/server-budget': {
      get: {
        tags: ['Policy context'],
        operationId: 'getServerBudgetPolicyContext',
        summary: "A server's own budget state",
        description:
          'A server the caller may not see, or that insights does not know, is answered with `known: false`.',
        parameters: [
          {
            name: 'server',
            in: 'query',
            required: true,
            schema: {
              $ref: '#/components/schemas/ServerParam',
            },
          },
        ],
        responses: {
          '200': {
            description: "The server's budget state.",
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ServerBudgetPolicyContext',
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
    '/v1/policy-context/slo': {
      get: {
        tags: ['Policy context'],
        operationId: 'getSloPolicyContext',
        summary: "A server's remaining error budget",
        description:
          'A server the caller may not see, or not in the catalog, is answered with `known: false`.',
        parameters: [
          {
            name: 'server',
            in: 'query',
            required: true,
            schema: {
              $ref: '#/components/schemas/ServerParam',
            },
          },
        ],
        responses: {
          '200': {
            description: "The server's error budget.",
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/SloPolicyContext',
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
      Month: {
        name: 'month',
        in: 'query',
        description: 'The month, `YYYY-MM` (default the current month, UTC).',
        schema: {
          type: 'string',
          pattern: '^\\d{4}-\\d{2}$',
        },
        example: '2026-11',
      },
      Team: {
        name: 'team',
        in: 'query',
        required: true,
        description: 'An owning team (group entity ref) or `unallocated`.',
        schema: {
          $ref: '#/components/schemas/TeamRef',
        },
      },
      Consumer: {
        name: 'team',
        in: 'query',
        required: true,
        description:
          'A consuming team (group entity ref), `unallocated` or `direct`.',
        schema: {
          $ref: '#/components/schemas/ConsumerRef',
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
                message: 'Invalid query: month must look like 2026-11',
              },
              request: {
                method: 'GET',
                url: '/api/mcp-insights/v1/cost/teams?month=11-2026',
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
                url: '/api/mcp-insights/v1/cost/teams',
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
                message: 'You lack the mcp.insights.collection.run permission',
              },
              request: {
                method: 'POST',
                url: '/api/mcp-insights/v1/collection/run',
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
          'NotFoundError. No such team or server, or a server whose catalog entity the caller may not read.',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/ErrorResponse',
            },
            example: {
              error: {
                name: 'NotFoundError',
                message: 'No MCP server api:default/payments-ledger',
              },
              request: {
                method: 'GET',
                url: '/api/mcp-insights/v1/slo/servers/default/payments-ledger',
              },
              response: {
                statusCode: 404,
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
                  'The error class, e.g. `InputError`, `NotAllowedError`, `NotFoundError`.',
              },
              message: {
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
      TeamRef: {
        description:
          'A group entity ref such as `group:default/payments` (case-insensitive), or `unallocated`.',
        type: 'string',
        minLength: 1,
        maxLength: 500,
      },
      ConsumerRef: {
        description:
          'A group entity ref such as `group:default/payments` (case-insensitive), `unallocated` or `direct`.',
        type: 'string',
        minLength: 1,
        maxLength: 500,
      },
      ServerParam: {
        description:
          'A server as its entity ref (`api:default/payments-ledger`) or name (`payments-ledger`, in the `default` namespace).',
        type: 'string',
        minLength: 1,
        maxLength: 500,
      },
      NullableNumber: {
        type: ['number', 'null'],
      },
      CostBreakdown: {
        type: 'object',
        required: ['compute', 'llmTokens', 'other', 'total'],
        properties: {
          compute: {
            type: 'number',
            description:
              'Replicas × (CPU × CPU rate + memory × memory rate) × hours.',
          },
          llmTokens: {
            type: 'number',
            description: 'Tokens × model prices.',
          },
          other: {
            type: 'number',
            description: 'Costs pushed with usage events (`cost`).',
          },
          total: {
            type: 'number',
          },
        },
      },
      DailyCost: {
        allOf: [
          {
            $ref: '#/components/schemas/CostBreakdown',
          },
          {
            type: 'object',
            required: ['date'],
            properties: {
              date: {
                type: 'string',
                format: 'date',
              },
            },
          },
        ],
      },
      ModelCost: {
        type: 'object',
        required: [
          'model',
          'inputTokens',
          'outputTokens',
          'cachedTokens',
          'cost',
        ],
        properties: {
          model: {
            type: 'string',
          },
          inputTokens: {
            type: 'integer',
          },
          outputTokens: {
            type: 'integer',
          },
          cachedTokens: {
            type: 'integer',
          },
          cost: {
            type: 'number',
          },
        },
      },
      ToolCost: {
        type: 'object',
        required: [
          'tool',
          'calls',
          'errors',
          'directCost',
          'sharedCost',
          'totalCost',
          'costPer1000Calls',
        ],
        properties: {
          tool: {
            type: 'string',
          },
          calls: {
            type: 'integer',
          },
          errors: {
            type: 'integer',
          },
          directCost: {
            type: 'number',
          },
          sharedCost: {
            type: 'number',
            description:
              "The tool's share, by calls, of the server's compute spend and of the token spend not recorded per tool.",
          },
          totalCost: {
            type: 'number',
          },
          costPer1000Calls: {
            $ref: '#/components/schemas/NullableNumber',
          },
        },
      },
      BudgetState: {
        type: 'string',
        enum: [
          'no-budget',
          'ok',
          'forecast-over-budget',
          'threshold-reached',
          'over-budget',
        ],
      },
      BudgetSource: {
        type: 'string',
        enum: ['config', 'annotation'],
      },
      ServerBudgetStatus: {
        type: 'object',
        required: [
          'monthlyBudget',
          'source',
          'monthToDate',
          'forecast',
          'usedRatio',
          'forecastRatio',
          'thresholdReached',
          'state',
        ],
        properties: {
          monthlyBudget: {
            type: 'number',
          },
          source: {
            $ref: '#/components/schemas/BudgetSource',
          },
          monthToDate: {
            type: 'number',
          },
          forecast: {
            type: 'number',
          },
          usedRatio: {
            $ref: '#/components/schemas/NullableNumber',
          },
          forecastRatio: {
            $ref: '#/components/schemas/NullableNumber',
          },
          thresholdReached: {
            $ref: '#/components/schemas/NullableNumber',
          },
          state: {
            $ref: '#/components/schemas/BudgetState',
          },
        },
      },
      ServerCost: {
        allOf: [
          {
            $ref: '#/components/schemas/CostBreakdown',
          },
          {
            type: 'object',
            required: [
              'serverRef',
              'name',
              'team',
              'calls',
              'errors',
              'costPer1000Calls',
              'tools',
            ],
            properties: {
              serverRef: {
                type: 'string',
              },
              name: {
                type: 'string',
              },
              title: {
                type: 'string',
              },
              team: {
                type: 'string',
                description: 'Owning team, or `unallocated`.',
              },
              calls: {
                type: 'integer',
              },
              errors: {
                type: 'integer',
              },
              costPer1000Calls: {
                $ref: '#/components/schemas/NullableNumber',
              },
              tools: {
                type: 'array',
                items: {
                  $ref: '#/components/schemas/ToolCost',
                },
              },
              budget: {
                $ref: '#/components/schemas/ServerBudgetStatus',
              },
            },
          },
        ],
      },
      CostAlert: {
        type: 'object',
        required: ['kind', 'severity', 'team', 'threshold', 'value', 'message'],
        properties: {
          kind: {
            type: 'string',
            enum: ['budget-threshold', 'budget-forecast', 'spend-spike'],
          },
          severity: {
            type: 'string',
            enum: ['info', 'warning', 'critical'],
          },
          team: {
            type: 'string',
          },
          serverRef: {
            type: 'string',
          },
          threshold: {
            type: 'number',
          },
          value: {
            type: 'number',
          },
          date: {
            type: 'string',
            format: 'date',
          },
          message: {
            type: 'string',
          },
        },
      },
      CostPeriod: {
        type: 'object',
        required: [
          'month',
          'start',
          'end',
          'daysInMonth',
          'daysElapsed',
          'previousStart',
          'previousEnd',
        ],
        properties: {
          month: {
            type: 'string',
          },
          start: {
            type: 'string',
            format: 'date',
          },
          end: {
            type: 'string',
            format: 'date',
          },
          daysInMonth: {
            type: 'integer',
          },
          daysElapsed: {
            type: 'number',
          },
          previousStart: {
            type: 'string',
            format: 'date',
          },
          previousEnd: {
            type: 'string',
            format: 'date',
          },
        },
      },
      TeamCostSummary: {
        type: 'object',
        required: [
          'team',
          'children',
          'monthToDate',
          'previousPeriod',
          'changeRatio',
          'monthlyBudget',
          'budgetSource',
          'forecast',
          'usedRatio',
          'forecastRatio',
          'serverCount',
          'alertCount',
        ],
        properties: {
          team: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          parent: {
            type: 'string',
          },
          children: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          monthToDate: {
            $ref: '#/components/schemas/CostBreakdown',
          },
          previousPeriod: {
            $ref: '#/components/schemas/CostBreakdown',
          },
          changeRatio: {
            $ref: '#/components/schemas/NullableNumber',
          },
          monthlyBudget: {
            $ref: '#/components/schemas/NullableNumber',
          },
          budgetSource: {
            oneOf: [
              {
                $ref: '#/components/schemas/BudgetSource',
              },
              {
                type: 'null',
              },
            ],
          },
          forecast: {
            type: 'number',
          },
          usedRatio: {
            $ref: '#/components/schemas/NullableNumber',
          },
          forecastRatio: {
            $ref: '#/components/schemas/NullableNumber',
          },
          serverCount: {
            type: 'integer',
          },
          alertCount: {
            type: 'integer',
          },
        },
      },
      TeamCostListResponse: {
        type: 'object',
        required: ['currency', 'asOf', 'period', 'total', 'teams'],
        properties: {
          currency: {
            type: 'string',
          },
          asOf: {
            type: 'string',
            format: 'date-time',
          },
          period: {
            $ref: '#/components/schemas/CostPeriod',
          },
          total: {
            $ref: '#/components/schemas/CostBreakdown',
          },
          teams: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/TeamCostSummary',
            },
          },
        },
      },
      TeamCostReport: {
        allOf: [
          {
            $ref: '#/components/schemas/TeamCostSummary',
          },
          {
            type: 'object',
            required: [
              'currency',
              'asOf',
              'period',
              'daily',
              'models',
              'servers',
              'childTeams',
              'alerts',
            ],
            properties: {
              currency: {
                type: 'string',
              },
              asOf: {
                type: 'string',
                format: 'date-time',
              },
              period: {
                $ref: '#/components/schemas/CostPeriod',
              },
              daily: {
                type: 'array',
                items: {
                  $ref: '#/components/schemas/DailyCost',
                },
              },
              models: {
                type: 'array',
                items: {
                  $ref: '#/components/schemas/ModelCost',
                },
              },
              servers: {
                type: 'array',
                items: {
                  $ref: '#/components/schemas/ServerCost',
                },
              },
              childTeams: {
                type: 'array',
                items: {
                  $ref: '#/components/schemas/TeamCostSummary',
                },
              },
              alerts: {
                type: 'array',
                items: {
                  $ref: '#/components/schemas/CostAlert',
                },
              },
            },
          },
        ],
      },
      ConsumerShare: {
        allOf: [
          {
            $ref: '#/components/schemas/CostBreakdown',
          },
          {
            type: 'object',
            required: ['team', 'calls', 'share'],
            properties: {
              team: {
                type: 'string',
              },
              title: {
                type: 'string',
              },
              calls: {
                type: 'integer',
              },
              share: {
                $ref: '#/components/schemas/NullableNumber',
              },
            },
          },
        ],
      },
      ServerCostReport: {
        type: 'object',
        required: [
          'currency',
          'asOf',
          'period',
          'server',
          'previousPeriod',
          'changeRatio',
          'daily',
          'models',
          'alerts',
          'gateway',
          'consumers',
        ],
        properties: {
          currency: {
            type: 'string',
          },
          asOf: {
            type: 'string',
            format: 'date-time',
          },
          period: {
            $ref: '#/components/schemas/CostPeriod',
          },
          server: {
            $ref: '#/components/schemas/ServerCost',
          },
          previousPeriod: {
            $ref: '#/components/schemas/CostBreakdown',
          },
          changeRatio: {
            $ref: '#/components/schemas/NullableNumber',
          },
          daily: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/DailyCost',
            },
          },
          models: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ModelCost',
            },
          },
          alerts: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/CostAlert',
            },
          },
          gateway: {
            description:
              'What the MCP gateway observed of the server; null when it relayed no call in the period.',
            oneOf: [
              {
                type: 'null',
              },
              {
                type: 'object',
                required: [
                  'calls',
                  'errors',
                  'requestBytes',
                  'responseBytes',
                  'estimatedInputTokens',
                  'estimatedOutputTokens',
                  'p95LatencyMs',
                  'days',
                ],
                properties: {
                  calls: {
                    type: 'integer',
                  },
                  errors: {
                    type: 'integer',
                  },
                  requestBytes: {
                    type: 'integer',
                  },
                  responseBytes: {
                    type: 'integer',
                  },
                  estimatedInputTokens: {
                    type: 'integer',
                  },
                  estimatedOutputTokens: {
                    type: 'integer',
                  },
                  p95LatencyMs: {
                    $ref: '#/components/schemas/NullableNumber',
                  },
                  days: {
                    type: 'integer',
                  },
                },
              },
            ],
          },
          consumers: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ConsumerShare',
            },
          },
        },
      },
      ConsumerCostSummary: {
        type: 'object',
        required: [
          'team',
          'children',
          'calls',
          'errors',
          'cost',
          'serverCount',
        ],
        properties: {
          team: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          parent: {
            type: 'string',
          },
          children: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          calls: {
            type: 'integer',
          },
          errors: {
            type: 'integer',
          },
          cost: {
            $ref: '#/components/schemas/CostBreakdown',
          },
          serverCount: {
            type: 'integer',
          },
        },
      },
      ConsumerCostListResponse: {
        type: 'object',
        required: [
          'currency',
          'asOf',
          'period',
          'total',
          'attributed',
          'teams',
        ],
        properties: {
          currency: {
            type: 'string',
          },
          asOf: {
            type: 'string',
            format: 'date-time',
          },
          period: {
            $ref: '#/components/schemas/CostPeriod',
          },
          total: {
            $ref: '#/components/schemas/CostBreakdown',
          },
          attributed: {
            $ref: '#/components/schemas/CostBreakdown',
          },
          teams: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ConsumerCostSummary',
            },
          },
        },
      },
      ConsumerCostReport: {
        allOf: [
          {
            $ref: '#/components/schemas/ConsumerCostSummary',
          },
          {
            type: 'object',
            required: [
              'currency',
              'asOf',
              'period',
              'daily',
              'servers',
              'childTeams',
            ],
            properties: {
              currency: {
                type: 'string',
              },
              asOf: {
                type: 'string',
                format: 'date-time',
              },
              period: {
                $ref: '#/components/schemas/CostPeriod',
              },
              daily: {
                type: 'array',
                items: {
                  $ref: '#/components/schemas/DailyCost',
                },
              },
              servers: {
                type: 'array',
                items: {
                  allOf: [
                    {
                      $ref: '#/components/schemas/CostBreakdown',
                    },
                    {
                      type: 'object',
                      required: [
                        'serverRef',
                        'name',
                        'ownerTeam',
                        'calls',
                        'errors',
                        'share',
                      ],
                      properties: {
                        serverRef: {
                          type: 'string',
                        },
                        name: {
                          type: 'string',
                        },
                        title: {
                          type: 'string',
                        },
                        ownerTeam: {
                          type: 'string',
                        },
                        calls: {
                          type: 'integer',
                        },
                        errors: {
                          type: 'integer',
                        },
                        share: {
                          $ref: '#/components/schemas/NullableNumber',
                        },
                      },
                    },
                  ],
                },
              },
              childTeams: {
                type: 'array',
                items: {
                  $ref: '#/components/schemas/ConsumerCostSummary',
                },
              },
            },
          },
        ],
      },
      ComputeCostEstimateRequest: {
        type: 'object',
        additionalProperties: false,
        required: ['replicas', 'cpu'],
        properties: {
          replicas: {
            type: 'integer',
            minimum: 0,
            maximum: 1000,
          },
          cpu: {
            type: 'number',
            description: 'CPU cores per replica.',
            minimum: 0,
            maximum: 256,
          },
          memoryMiB: {
            type: 'number',
            description: 'MiB per replica (or `memoryGb`, not both).',
            minimum: 0,
            maximum: 1048576,
          },
          memoryGb: {
            type: 'number',
            description: 'GB per replica (or `memoryMiB`, not both).',
            minimum: 0,
            maximum: 1100,
          },
          environment: {
            type: 'string',
            description: 'Where the server will run; echoed in the answer.',
            pattern: '^[a-z][a-z0-9-]{0,31}$',
          },
        },
      },
      ServerResources: {
        type: 'object',
        required: ['replicas', 'cpu', 'memoryGb'],
        properties: {
          replicas: {
            type: 'integer',
          },
          cpu: {
            type: 'number',
          },
          memoryGb: {
            type: 'number',
          },
        },
      },
      ComputeCostEstimate: {
        type: 'object',
        required: [
          'currency',
          'costModelConfigured',
          'resources',
          'rates',
          'hoursPerMonth',
          'hourly',
          'monthly',
          'monthlyBreakdown',
        ],
        properties: {
          currency: {
            type: 'string',
          },
          costModelConfigured: {
            type: 'boolean',
            description:
              'Whether `mcpInsights.cost.compute` sets the rates; when false the figures use built-in list prices.',
          },
          environment: {
            type: 'string',
          },
          resources: {
            $ref: '#/components/schemas/ServerResources',
          },
          rates: {
            type: 'object',
            required: ['cpuCoreHour', 'memoryGbHour'],
            properties: {
              cpuCoreHour: {
                type: 'number',
              },
              memoryGbHour: {
                type: 'number',
              },
            },
          },
          hoursPerMonth: {
            type: 'number',
          },
          hourly: {
            type: 'number',
          },
          monthly: {
            type: 'number',
          },
          monthlyBreakdown: {
            type: 'object',
            required: ['cpu', 'memory'],
            properties: {
              cpu: {
                type: 'number',
              },
              memory: {
                type: 'number',
              },
            },
          },
        },
      },
      PricingResponse: {
        type: 'object',
        required: [
          'currency',
          'compute',
          'models',
          'budgets',
          'serverBudgets',
          'budgetAlertThresholds',
          'spikeFactor',
        ],
        properties: {
          currency: {
            type: 'string',
          },
          compute: {
            type: 'object',
            required: ['cpuCoreHour', 'memoryGbHour', 'defaultResources'],
            properties: {
              cpuCoreHour: {
                type: 'number',
              },
              memoryGbHour: {
                type: 'number',
              },
              defaultResources: {
                $ref: '#/components/schemas/ServerResources',
              },
            },
          },
          models: {
            type: 'array',
            items: {
              type: 'object',
              required: [
                'model',
                'inputPerMillion',
                'outputPerMillion',
                'cachedInputPerMillion',
              ],
              properties: {
                model: {
                  type: 'string',
                },
                inputPerMillion: {
                  type: 'number',
                },
                outputPerMillion: {
                  type: 'number',
                },
                cachedInputPerMillion: {
                  type: 'number',
                },
              },
            },
          },
          budgets: {
            type: 'array',
            items: {
              type: 'object',
              required: ['team', 'monthlyBudget', 'source'],
              properties: {
                team: {
                  type: 'string',
                },
                monthlyBudget: {
                  type: 'number',
                },
                source: {
                  $ref: '#/components/schemas/BudgetSource',
                },
              },
            },
          },
          serverBudgets: {
            type: 'array',
            items: {
              type: 'object',
              required: ['server', 'monthlyBudget', 'source'],
              properties: {
                server: {
                  type: 'string',
                },
                monthlyBudget: {
                  type: 'number',
                },
                source: {
                  $ref: '#/components/schemas/BudgetSource',
                },
              },
            },
          },
          budgetAlertThresholds: {
            type: 'array',
            items: {
              type: 'number',
            },
          },
          spikeFactor: {
            type: 'number',
          },
        },
      },
      SloDefinition: {
        type: 'object',
        required: ['windowDays'],
        properties: {
          availabilityTarget: {
            type: 'number',
            description: 'Share of successful tool calls, e.g. 0.999.',
          },
          latency: {
            type: 'object',
            required: ['percentile', 'thresholdMs'],
            properties: {
              percentile: {
                type: 'number',
              },
              thresholdMs: {
                type: 'number',
              },
            },
          },
          windowDays: {
            type: 'integer',
          },
        },
      },
      BurnRateStatus: {
        type: 'string',
        enum: ['page', 'ticket', 'ok'],
      },
      SloObjectiveStatus: {
        type: 'object',
        required: [
          'id',
          'kind',
          'target',
          'windowDays',
          'sli',
          'totalEvents',
          'badEvents',
          'errorBudgetRemaining',
          'currentBurnRate',
          'timeToExhaustionHours',
          'burnRates',
          'status',
        ],
        properties: {
          id: {
            type: 'string',
            description: '`availability` or `latency-pNN`.',
          },
          kind: {
            type: 'string',
            enum: ['availability', 'latency'],
          },
          target: {
            type: 'number',
          },
          thresholdMs: {
            type: 'number',
          },
          windowDays: {
            type: 'integer',
          },
          sli: {
            $ref: '#/components/schemas/NullableNumber',
          },
          totalEvents: {
            type: 'integer',
          },
          badEvents: {
            type: 'integer',
          },
          observedLatencyMs: {
            $ref: '#/components/schemas/NullableNumber',
          },
          errorBudgetRemaining: {
            $ref: '#/components/schemas/NullableNumber',
          },
          currentBurnRate: {
            $ref: '#/components/schemas/NullableNumber',
          },
          timeToExhaustionHours: {
            $ref: '#/components/schemas/NullableNumber',
          },
          burnRates: {
            type: 'array',
            items: {
              type: 'object',
              required: [
                'severity',
                'longWindow',
                'shortWindow',
                'factor',
                'longBurnRate',
                'shortBurnRate',
                'firing',
              ],
              properties: {
                severity: {
                  type: 'string',
                  enum: ['page', 'ticket'],
                },
                longWindow: {
                  type: 'string',
                },
                shortWindow: {
                  type: 'string',
                },
                factor: {
                  type: 'number',
                },
                longBurnRate: {
                  $ref: '#/components/schemas/NullableNumber',
                },
                shortBurnRate: {
                  $ref: '#/components/schemas/NullableNumber',
                },
                firing: {
                  type: 'boolean',
                },
              },
            },
          },
          status: {
            $ref: '#/components/schemas/BurnRateStatus',
          },
        },
      },
      SloServerFields: {
        description: "What the SLO list and a server's SLO detail share.",
        type: 'object',
        required: [
          'serverRef',
          'name',
          'team',
          'errorBudgetRemaining',
          'status',
          'calls',
        ],
        properties: {
          serverRef: {
            type: 'string',
          },
          name: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          team: {
            type: 'string',
          },
          definition: {
            type: 'string',
            description:
              'The objectives as written, e.g. `availability=99.9,latency-p95=2000ms,window=30d`.',
          },
          source: {
            type: 'string',
            enum: ['annotation', 'config'],
          },
          definitionError: {
            type: 'string',
          },
          errorBudgetRemaining: {
            $ref: '#/components/schemas/NullableNumber',
          },
          status: {
            $ref: '#/components/schemas/BurnRateStatus',
          },
          calls: {
            type: 'integer',
          },
        },
      },
      SloListResponse: {
        type: 'object',
        required: ['asOf', 'counts', 'items'],
        properties: {
          asOf: {
            type: 'string',
            format: 'date-time',
          },
          counts: {
            type: 'object',
            required: ['page', 'ticket', 'ok', 'noSlo'],
            properties: {
              page: {
                type: 'integer',
              },
              ticket: {
                type: 'integer',
              },
              ok: {
                type: 'integer',
              },
              noSlo: {
                type: 'integer',
              },
            },
          },
          items: {
            type: 'array',
            items: {
              allOf: [
                {
                  $ref: '#/components/schemas/SloServerFields',
                },
                {
                  type: 'object',
                  required: ['objectives'],
                  properties: {
                    objectives: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/SloObjectiveStatus',
                      },
                    },
                  },
                },
              ],
            },
          },
        },
      },
      SloServerDetail: {
        allOf: [
          {
            $ref: '#/components/schemas/SloServerFields',
          },
          {
            type: 'object',
            required: ['asOf', 'objectives', 'tools'],
            properties: {
              asOf: {
                type: 'string',
                format: 'date-time',
              },
              objectives: {
                type: 'array',
                items: {
                  allOf: [
                    {
                      $ref: '#/components/schemas/SloObjectiveStatus',
                    },
                    {
                      type: 'object',
                      required: ['burnDown'],
                      properties: {
                        burnDown: {
                          type: 'array',
                          items: {
                            type: 'object',
                            required: ['timestamp', 'remaining', 'ideal'],
                            properties: {
                              timestamp: {
                                type: 'string',
                                format: 'date-time',
                              },
                              remaining: {
                                type: 'number',
                              },
                              ideal: {
                                type: 'number',
                              },
                            },
                          },
                        },
                      },
                    },
                  ],
                },
              },
              tools: {
                type: 'array',
                items: {
                  type: 'object',
                  required: [
                    'tool',
                    'source',
                    'objectives',
                    'errorBudgetRemaining',
                    'status',
                    'calls',
                  ],
                  properties: {
                    tool: {
                      type: 'string',
                    },
                    source: {
                      type: 'string',
                      enum: ['annotation', 'config'],
                    },
                    objectives: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/SloObjectiveStatus',
                      },
                    },
                    errorBudgetRemaining: {
                      $ref: '#/components/schemas/NullableNumber',
                    },
                    status: {
                      $ref: '#/components/schemas/BurnRateStatus',
                    },
                    calls: {
                      type: 'integer',
                    },
                  },
                },
              },
            },
          },
        ],
      },
      TokenCount: {
        description:
          'A token count; at most `mcpInsights.usage.maxPerEvent.tokens` (default 10 000 000).',
        type: 'integer',
        minimum: 0,
        maximum: 10000000,
      },
      UsageEvent: {
        description:
          'One usage event. `tool` needs `outcome`; `outcome` and `durationMs` need `tool`. Events with\n`source: gateway` need `tool`, carry no `tokens` or `cost`, and are the only ones with\n`consumer`, `requestBytes`, `responseBytes` and `estimatedTokens`. The maxima are the\ndefaults of `mcpInsights.usage.maxPerEvent`.\n',
        type: 'object',
        required: ['id', 'timestamp', 'server'],
        properties: {
          id: {
            type: 'string',
            description: 'Unique per event; an id is counted once.',
            minLength: 1,
            maxLength: 200,
          },
          timestamp: {
            type: 'string',
            format: 'date-time',
          },
          server: {
            type: 'string',
            description: "The server's entity ref or name.",
            minLength: 1,
            maxLength: 500,
          },
          tool: {
            type: 'string',
            minLength: 1,
            maxLength: 255,
          },
          outcome: {
            type: 'string',
            enum: ['success', 'error'],
          },
          durationMs: {
            type: 'number',
            minimum: 0,
            maximum: 86400000,
          },
          tokens: {
            type: 'array',
            maxItems: 32,
            items: {
              type: 'object',
              required: ['model'],
              properties: {
                model: {
                  type: 'string',
                  minLength: 1,
                  maxLength: 200,
                },
                input: {
                  $ref: '#/components/schemas/TokenCount',
                },
                output: {
                  $ref: '#/components/schemas/TokenCount',
                },
                cached: {
                  $ref: '#/components/schemas/TokenCount',
                },
              },
            },
          },
          cost: {
            type: 'number',
            description:
              'Other spend of the event, e.g. a paid third-party API.',
            minimum: 0,
            maximum: 1000,
          },
          source: {
            type: 'string',
            enum: ['client', 'gateway'],
            default: 'client',
          },
          consumer: {
            type: 'object',
            description: 'Who called through the gateway.',
            properties: {
              principal: {
                type: 'string',
                minLength: 1,
                maxLength: 500,
              },
              user: {
                type: 'string',
                minLength: 1,
                maxLength: 500,
              },
              team: {
                type: 'string',
                minLength: 1,
                maxLength: 500,
              },
            },
          },
          requestBytes: {
            type: 'integer',
            minimum: 0,
            maximum: 1073741824,
          },
          responseBytes: {
            type: 'integer',
            minimum: 0,
            maximum: 1073741824,
          },
          estimatedTokens: {
            type: 'object',
            required: ['input', 'output'],
            properties: {
              input: {
                $ref: '#/components/schemas/TokenCount',
              },
              output: {
                $ref: '#/components/schemas/TokenCount',
              },
            },
          },
        },
      },
      UsageEventBatch: {
        type: 'object',
        required: ['events'],
        properties: {
          events: {
            type: 'array',
            minItems: 1,
            maxItems: 10000,
            items: {
              $ref: '#/components/schemas/UsageEvent',
            },
          },
        },
      },
      UsageEventBatchResult: {
        type: 'object',
        required: [
          'accepted',
          'duplicates',
          'rejected',
          'duplicateIds',
          'errors',
        ],
        properties: {
          accepted: {
            type: 'integer',
            description: 'Counted now.',
          },
          duplicates: {
            type: 'integer',
            description: 'Ids counted before, not counted again.',
          },
          rejected: {
            type: 'integer',
          },
          duplicateIds: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          errors: {
            type: 'array',
            items: {
              type: 'object',
              required: ['index', 'message'],
              properties: {
                index: {
                  type: 'integer',
                  description: 'Position in the batch.',
                },
                id: {
                  type: 'string',
                },
                message: {
                  type: 'string',
                },
              },
            },
          },
        },
      },
      CollectionStatusResponse: {
        type: 'object',
        required: ['source', 'targets'],
        properties: {
          source: {
            type: 'string',
            enum: ['prometheus', 'scrape'],
          },
          lastRunAt: {
            type: 'string',
            format: 'date-time',
          },
          lastRunDurationMs: {
            type: 'number',
          },
          targets: {
            type: 'array',
            items: {
              type: 'object',
              required: [
                'target',
                'url',
                'warnings',
                'consecutiveFailures',
                'seriesCount',
              ],
              properties: {
                target: {
                  type: 'string',
                  description: 'Server entity ref, or `prometheus`.',
                },
                url: {
                  type: 'string',
                },
                lastAttemptAt: {
                  type: 'string',
                  format: 'date-time',
                },
                lastSuccessAt: {
                  type: 'string',
                  format: 'date-time',
                },
                lastError: {
                  type: 'string',
                  description:
                    'Why the last attempt failed (a status code or a fixed description; never what the target answered).',
                },
                warnings: {
                  type: 'array',
                  items: {
                    type: 'string',
                  },
                },
                consecutiveFailures: {
                  type: 'integer',
                },
                seriesCount: {
                  type: 'integer',
                },
              },
            },
          },
        },
      },
      AlertRunStatus: {
        type: 'object',
        required: ['evaluated', 'transitions', 'sent', 'failed'],
        properties: {
          lastRunAt: {
            type: 'string',
            format: 'date-time',
          },
          evaluated: {
            type: 'integer',
          },
          transitions: {
            type: 'integer',
          },
          sent: {
            type: 'integer',
          },
          failed: {
            type: 'integer',
          },
        },
      },
      BudgetPolicyContext: {
        type: 'object',
        required: [
          'team',
          'currency',
          'monthlyBudget',
          'monthToDateSpend',
          'forecastSpend',
          'usedRatio',
          'overBudget',
        ],
        properties: {
          team: {
            type: 'string',
          },
          currency: {
            type: 'string',
          },
          monthlyBudget: {
            $ref: '#/components/schemas/NullableNumber',
          },
          monthToDateSpend: {
            type: 'number',
          },
          forecastSpend: {
            type: 'number',
          },
          usedRatio: {
            $ref: '#/components/schemas/NullableNumber',
          },
          overBudget: {
            type: 'boolean',
          },
        },
      },
      ServerBudgetPolicyContext: {
        type: 'object',
        required: [
          'server',
          'known',
          'currency',
          'monthlyBudget',
          'monthToDateSpend',
          'forecastSpend',
          'usedRatio',
          'forecastRatio',
          'thresholdReached',
          'state',
        ],
        properties: {
          server: {
            type: 'string',
          },
          known: {
            type: 'boolean',
          },
          currency: {
            type: 'string',
          },
          monthlyBudget: {
            $ref: '#/components/schemas/NullableNumber',
          },
          monthToDateSpend: {
            type: 'number',
          },
          forecastSpend: {
            type: 'number',
          },
          usedRatio: {
            $ref: '#/components/schemas/NullableNumber',
          },
          forecastRatio: {
            $ref: '#/components/schemas/NullableNumber',
          },
          thresholdReached: {
            $ref: '#/components/schemas/NullableNumber',
          },
          state: {
            $ref: '#/components/schemas/BudgetState',
          },
        },
      },
      SloPolicyContext: {
        type: 'object',
        required: ['server', 'known', 'errorBudgetRemaining'],
        properties: {
          server: {
            type: 'string',
          },
          known: {
            type: 'boolean',
          },
          errorBudgetRemaining: {
            $ref: '#/components/schemas/NullableNumber',
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
