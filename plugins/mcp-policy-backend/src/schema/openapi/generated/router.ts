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
    title: 'MCP policy',
    version: '0.1.0',
    summary:
      'Policy-as-code decisions on MCP deployments, tool calls and permissions, with a decision log.',
    description:
      "The HTTP API of the `mcp-policy` Backstage backend plugin\n(`@mcp-platform/plugin-mcp-policy-backend`), mounted at `/api/mcp-policy`.\n\n* `/v1/policies` shows the active policy set (YAML documents with CEL rules).\n* `/v1/deployments/evaluate`, `/v1/tool-calls/evaluate` and `/v1/permissions/evaluate` ask the\n  engine for a decision; `/v1/decisions` reads the decision log they write.\n* `/v1/dry-run` replays recorded decisions against candidate policies.\n\n**Authentication.** Every route except `GET /health` needs a Backstage token in the\n`Authorization: Bearer <token>` header: a user token (from signing in to Backstage) or a service\ntoken (another backend plugin, or a static/external access token configured in\n`backend.auth.externalAccess`).\n\n**Permissions.** Reading the policies and asking for a decision about yourself (or, for a\ndeployment, about the deployment you send) needs no permission. Two basic permissions guard the\nrest: `mcp.policy.decisions.read` (read the decision log; ask about another user's tool calls or\npermissions) and `mcp.policy.dry-run` (replay decisions against candidate policies). Backstage\ngrants services every permission unless their access is restricted; the built-in MCP policy\ngrants these two to the platform groups.\n\n**Errors** use Backstage's standard error body (`ErrorResponse`): `400` InputError (invalid\nquery or body; the message names each field), `401` missing or invalid token, `403`\nNotAllowedError (missing permission), `404` NotFoundError, `413` body over 1 MB, `422` a dry run\nstopped by one of its limits.\n",
    license: {
      name: 'Apache-2.0',
      identifier: 'Apache-2.0',
    },
  },
  servers: [
    {
      url: '{backendBaseUrl}/api/mcp-policy',
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
      name: 'Policies',
      description:
        'The active policy set and the context providers rules can use.',
    },
    {
      name: 'Decisions',
      description:
        'Ask the engine for a decision; every recorded decision goes to the decision log.',
    },
    {
      name: 'Decision log',
      description:
        'Recorded decisions, and dry runs of candidate policies against them.',
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
    '/v1/context-providers': {
      get: {
        tags: ['Policies'],
        operationId: 'listContextProviders',
        summary: 'List the installed context providers',
        description:
          'The providers that add facts to `context` for rules (e.g. `budget`, `slo` from the insights\nmodule). A rule that `requires` a provider that is not installed fails (closed).\n',
        responses: {
          '200': {
            description: 'The providers.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items'],
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        type: 'object',
                        required: ['name'],
                        properties: {
                          name: {
                            type: 'string',
                          },
                        },
                      },
                    },
                  },
                },
                example: {
                  items: [
                    {
                      name: 'budget',
                    },
                    {
                      name: 'slo',
                    },
                  ],
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
    '/v1/policies': {
      get: {
        tags: ['Policies'],
        operationId: 'listPolicies',
        summary: 'The active policy set',
        description:
          "The active set's digest, the errors of the last load attempt (the previous good set stays\nactive while there are any), the defaults, and every policy with its rules and how often\neach fired in recorded decisions over the last 7 days.\n",
        responses: {
          '200': {
            description: 'The policy set.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/PolicySetInfo',
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
    '/v1/policies/{name}': {
      get: {
        tags: ['Policies'],
        operationId: 'getPolicy',
        summary: 'One policy of the active set',
        responses: {
          '200': {
            description: 'The policy.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/PolicyInfo',
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
            name: 'name',
            in: 'path',
            required: true,
            description: "The policy's `metadata.name`.",
            schema: {
              type: 'string',
            },
            example: 'mcp-builtin-deployment',
          },
        ],
      },
    },
    '/v1/deployments/evaluate': {
      post: {
        tags: ['Decisions'],
        operationId: 'evaluateDeployment',
        summary: 'Judge an MCP server deployment',
        description:
          'Evaluates the deployment rules against a deployment (what the scaffolder template produces,\nor what a CI/CD pipeline sends before a deploy). Denied when a deny rule fired or failed to\nevaluate. Unknown fields are rejected, so a typo does not silently skip a rule.\n\nNeeds no permission: any signed-in user or service may ask. The decision is recorded in the\ndecision log (as asked by the caller) unless `record` is `false`.\n',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/EvaluateDeploymentRequest',
              },
              example: {
                deployment: {
                  name: 'payments-ledger',
                  owner: 'group:default/payments',
                  environment: 'production',
                  change: 'create',
                  dataClassification: 'confidential',
                  replicas: 2,
                  cpu: 0.5,
                  memoryMiB: 512,
                },
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The decision.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/DeploymentDecision',
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
    '/v1/tool-calls/evaluate': {
      post: {
        tags: ['Decisions'],
        operationId: 'evaluateToolCalls',
        summary: 'May a user call these tools?',
        description:
          "A decision per tool, with `throttle` when an allowed call's consuming team is rate-limited.\n\nWho may ask about whom: a signed-in user may ask about themselves (leave out `user` or pass\ntheir own ref) with no permission. Asking about another user needs the\n`mcp.policy.decisions.read` permission (`403` otherwise). A service must pass `user` (`400`\notherwise) and needs `mcp.policy.decisions.read` too, which Backstage grants services\nunless their access is restricted. Decisions are recorded by default for services only;\n`record: true` from a user is allowed about themselves only (`403` about anyone else).\n`user.groups` is trusted from services only.\n",
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/EvaluateToolCallsRequest',
              },
              example: {
                tools: [
                  {
                    server: 'api:default/payments-ledger',
                    tool: 'refund_payment',
                  },
                ],
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The decisions, in the order of `tools`.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/EvaluateToolCallsResponse',
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
            $ref: '#/components/responses/PayloadTooLarge',
          },
        },
      },
    },
    '/v1/permissions/evaluate': {
      post: {
        tags: ['Decisions'],
        operationId: 'evaluatePermission',
        summary: 'Decide another permission of the suite',
        description:
          'Evaluates the permission rules for a user and a permission (used by the permission\nbackend module). A `resourceRef` of an MCP server or tool gives the rules its facts.\n\nWho may ask about whom is as for `POST /v1/tool-calls/evaluate`: about yourself with no\npermission; about another user with `mcp.policy.decisions.read` (`403` otherwise), and\n`record: true` about another user is refused with `403`.\n',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/EvaluatePermissionRequest',
              },
              example: {
                user: {
                  ref: 'user:default/grace',
                },
                permission: {
                  name: 'mcp.tool.approve',
                  action: 'update',
                  resourceRef: 'api:default/payments-ledger#refund_payment',
                },
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The decision.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/AccessDecision',
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
            $ref: '#/components/responses/PayloadTooLarge',
          },
        },
      },
    },
    '/v1/dry-run': {
      post: {
        tags: ['Decision log'],
        operationId: 'dryRun',
        summary: 'Replay recorded decisions against candidate policies',
        description:
          "Loads the candidate documents (added to the active set, replacing policies of the same\nname, or with `replace: true` as the whole set), replays recorded decisions against them\nand reports which results would change. Nothing is recorded or activated.\n\nRequires the `mcp.policy.dry-run` permission (basic permission; `403` otherwise). The\nreplay covers the decisions the caller may read: all of them with\n`mcp.policy.decisions.read`, otherwise those about or asked by the caller.\n\nCandidates that do not load are answered with `400` and the load errors (file, line,\nrule) in `errors`; a replay stopped by one of the sandbox's limits (time or memory) with\n`422`.\n",
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/DryRunRequest',
                since: '2026-11-01T00:00:00Z',
                kind: 'tool-call',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'What the candidates would have decided differently.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/DryRunResponse',
                },
              },
            },
          },
          '400': {
            description:
              'InputError (invalid body), or CandidatePoliciesRejectedError: the candidate documents\ndo not load; `errors` says where.\n',
            content: {
              'application/json': {
                schema: {
                  allOf: [
                    {
                      $ref: '#/components/schemas/ErrorResponse',
                    },
                    {
                      type: 'object',
                      properties: {
                        errors: {
                          type: 'array',
                          items: {
                            $ref: '#/components/schemas/PolicyLoadError',
                          },
                        },
                      },
                    },
                  ],
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
          '413': {
            $ref: '#/components/responses/PayloadTooLarge',
          },
          '422': {
            description:
              "DryRunStoppedError. The replay hit one of the sandbox's limits; the message says which.",
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
    '/v1/decisions': {
      get: {
        tags: ['Decision log'],
        operationId: 'listDecisions',
        summary: 'Read the decision log',
        description:
          'A page of recorded decisions, newest first. Filters are combined with AND.\n\nRequires the `mcp.policy.decisions.read` permission (basic permission; `403` otherwise).\nUnknown query parameters are answered with `400`.\n',
        parameters: [
          {
            name: 'kind',
            in: 'query',
            schema: {
              $ref: '#/components/schemas/PolicyTarget',
            },
          },
          {
            name: 'result',
            in: 'query',
            schema: {
              $ref: '#/components/schemas/DecisionResult',
            },
          },
          {
            name: 'principal',
            in: 'query',
            description:
              'Who asked, e.g. `user:default/jane` or `plugin:scaffolder`.',
            schema: {
              type: 'string',
              maxLength: 512,
            },
          },
          {
            name: 'user',
            in: 'query',
            description:
              'The user a tool-call or permission decision was about.',
            schema: {
              type: 'string',
              maxLength: 512,
            },
          },
          {
            name: 'rule',
            in: 'query',
            description:
              'Only decisions in which this rule (`<policy>/<rule>`) fired or failed.',
            schema: {
              type: 'string',
              maxLength: 256,
            },
          },
          {
            name: 'subject',
            in: 'query',
            description:
              'What the decision was about (a deployment name, `api:default/x#tool`, a permission).',
            schema: {
              type: 'string',
              maxLength: 256,
            },
          },
          {
            name: 'since',
            in: 'query',
            description:
              'Only decisions at or after this time (ISO 8601 with offset).',
            schema: {
              type: 'string',
              format: 'date-time',
            },
          },
          {
            name: 'until',
            in: 'query',
            description:
              'Only decisions before this time (ISO 8601 with offset).',
            schema: {
              type: 'string',
              format: 'date-time',
            },
          },
          {
            name: 'limit',
            in: 'query',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 500,
              default: 50,
            },
          },
          {
            name: 'cursor',
            in: 'query',
            description: '`nextCursor` of the previous page.',
            schema: {
              type: 'string',
              maxLength: 32,
            },
          },
          {
            name: 'includeInput',
            in: 'query',
            description:
              "Include each decision's evaluated input, context included.",
            schema: {
              $ref: '#/components/schemas/BooleanString',
            },
          },
        ],
        responses: {
          '200': {
            description: 'A page of decisions.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/DecisionLogPage',
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
        },
      },
    },
    '/v1/decisions/{id}': {
      get: {
        tags: ['Decision log'],
        operationId: 'getDecision',
        summary: 'One recorded decision, with its input',
        description:
          'Requires the `mcp.policy.decisions.read` permission (basic permission; `403` otherwise).',
        responses: {
          '200': {
            description: 'The decision.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/DecisionLogEntry',
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
            name: 'id',
            in: 'path',
            required: true,
            description: "The decision's id (`decisionId` of an evaluation).",
            schema: {
              type: 'string',
            },
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
                  'Invalid decision log query: limit: Too big: expected number to be <=500',
              },
              request: {
                method: 'GET',
                url: '/api/mcp-policy/v1/decisions?limit=1000',
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
                url: '/api/mcp-policy/v1/policies',
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
                  'GET /api/mcp-policy/v1/decisions needs the permission mcp.policy.decisions.read; ask your platform team',
              },
              request: {
                method: 'GET',
                url: '/api/mcp-policy/v1/decisions',
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
          'NotFoundError. No policy or decision with that name or id.',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/ErrorResponse',
            },
            example: {
              error: {
                name: 'NotFoundError',
                message: 'No decision with id 01JD0000000000000000000000',
              },
              request: {
                method: 'GET',
                url: '/api/mcp-policy/v1/decisions/01JD0000000000000000000000',
              },
              response: {
                statusCode: 404,
              },
            },
          },
        },
      },
      PayloadTooLarge: {
        description: 'The JSON body is larger than 1 MB.',
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
      PolicyTarget: {
        description: 'What a rule, or a decision, is about.',
        type: 'string',
        enum: ['deployment', 'tool-call', 'permission'],
      },
      PolicyEffect: {
        description:
          'What a rule does when its condition holds: `deny`, `warn`, `audit` (deployment rules),\n`allow`, `deny`, `throttle` (tool-call rules), `allow`, `deny` (permission rules).\n',
        type: 'string',
        enum: ['deny', 'warn', 'audit', 'allow', 'throttle'],
      },
      DecisionResult: {
        type: 'string',
        enum: ['allow', 'deny'],
      },
      FiredRule: {
        description: 'A rule that fired, or failed, in a decision.',
        type: 'object',
        required: ['rule', 'effect', 'message'],
        properties: {
          rule: {
            type: 'string',
            description: '`<policy>/<rule>`',
          },
          effect: {
            $ref: '#/components/schemas/PolicyEffect',
          },
          message: {
            type: 'string',
          },
          error: {
            type: 'string',
            description:
              'Set when the rule could not be evaluated; deny rules that fail deny (fail closed).',
          },
        },
      },
      PolicyLoadError: {
        description: 'Where a policy document failed to load.',
        type: 'object',
        required: ['source', 'message'],
        properties: {
          source: {
            type: 'string',
            description: 'File path or other source name.',
          },
          line: {
            type: 'integer',
          },
          column: {
            type: 'integer',
          },
          rule: {
            type: 'string',
            description: '`<policy>/<rule>` when the error is in a rule.',
          },
          message: {
            type: 'string',
          },
        },
      },
      PolicyRuleInfo: {
        type: 'object',
        required: [
          'id',
          'name',
          'target',
          'effect',
          'condition',
          'message',
          'requires',
          'firedLast7Days',
        ],
        properties: {
          id: {
            type: 'string',
          },
          name: {
            type: 'string',
          },
          description: {
            type: 'string',
          },
          target: {
            $ref: '#/components/schemas/PolicyTarget',
          },
          effect: {
            $ref: '#/components/schemas/PolicyEffect',
          },
          condition: {
            type: 'string',
            description: 'The CEL condition.',
          },
          message: {
            type: 'string',
          },
          messageExpression: {
            type: 'string',
          },
          rateLimit: {
            type: 'object',
            description: 'The limit of a throttle rule.',
            required: ['perMinute'],
            properties: {
              perMinute: {
                type: 'integer',
              },
            },
          },
          match: {
            type: 'object',
            additionalProperties: {
              type: 'array',
              items: {
                type: 'string',
              },
            },
          },
          requires: {
            description: 'Context providers the rule needs.',
            type: 'array',
            items: {
              type: 'string',
            },
          },
          firedLast7Days: {
            type: 'integer',
            description:
              'Times it fired in recorded decisions over the last 7 days.',
          },
        },
      },
      PolicyInfo: {
        description: 'A loaded policy document.',
        type: 'object',
        required: ['name', 'source', 'rules'],
        properties: {
          name: {
            type: 'string',
          },
          description: {
            type: 'string',
          },
          source: {
            type: 'string',
          },
          rules: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/PolicyRuleInfo',
            },
          },
        },
      },
      PolicySetInfo: {
        type: 'object',
        required: [
          'policySetDigest',
          'loadedAt',
          'errors',
          'lastLoadAttemptAt',
          'toolCallDefault',
          'permissionDefault',
          'policies',
        ],
        properties: {
          policySetDigest: {
            type: 'string',
          },
          loadedAt: {
            type: 'string',
            format: 'date-time',
          },
          errors: {
            description:
              'Errors of the last load attempt; the previous good set stays active while there are any.',
            type: 'array',
            items: {
              $ref: '#/components/schemas/PolicyLoadError',
            },
          },
          lastLoadAttemptAt: {
            type: 'string',
            format: 'date-time',
          },
          toolCallDefault: {
            $ref: '#/components/schemas/DecisionResult',
          },
          permissionDefault: {
            $ref: '#/components/schemas/DecisionResult',
          },
          policies: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/PolicyInfo',
            },
          },
        },
      },
      DeploymentConfig: {
        description:
          'An MCP server deployment as the engine judges it. Unknown fields are rejected.',
        type: 'object',
        additionalProperties: false,
        required: [
          'name',
          'owner',
          'environment',
          'change',
          'dataClassification',
          'replicas',
          'cpu',
          'memoryMiB',
        ],
        properties: {
          name: {
            type: 'string',
            pattern: '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$',
          },
          owner: {
            type: 'string',
            description: 'The owning group, e.g. `group:default/payments`.',
            pattern: '^group:[a-z0-9][a-z0-9_.-]*/[a-zA-Z0-9][a-zA-Z0-9_.-]*$',
          },
          environment: {
            type: 'string',
            pattern: '^[a-z][a-z0-9-]{0,31}$',
          },
          change: {
            type: 'string',
            enum: ['create', 'update'],
          },
          version: {
            type: 'string',
            maxLength: 128,
          },
          dataClassification: {
            type: 'string',
            enum: ['public', 'internal', 'confidential', 'restricted'],
          },
          transport: {
            type: 'string',
            enum: ['streamable-http', 'sse', 'stdio'],
          },
          replicas: {
            type: 'integer',
            minimum: 0,
            maximum: 1000,
          },
          cpu: {
            type: 'number',
            description: 'CPU cores per replica, e.g. 0.5.',
            minimum: 0,
            maximum: 256,
          },
          memoryMiB: {
            type: 'integer',
            minimum: 0,
            maximum: 1048576,
          },
          rateLimit: {
            type: 'object',
            additionalProperties: false,
            required: ['requestsPerMinute'],
            properties: {
              requestsPerMinute: {
                type: 'integer',
                minimum: 1,
                maximum: 10000000,
              },
            },
          },
          monthlyBudget: {
            type: 'number',
            minimum: 0,
          },
          egress: {
            type: 'array',
            maxItems: 1000,
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['host', 'kind'],
              properties: {
                host: {
                  type: 'string',
                  maxLength: 253,
                },
                port: {
                  type: 'integer',
                  minimum: 1,
                  maximum: 65535,
                },
                kind: {
                  type: 'string',
                  enum: ['database', 'http', 'queue', 'other'],
                },
              },
            },
          },
          tools: {
            type: 'array',
            maxItems: 1000,
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['name'],
              properties: {
                name: {
                  type: 'string',
                  maxLength: 128,
                },
                readOnly: {
                  type: 'boolean',
                },
                destructive: {
                  type: 'boolean',
                },
              },
            },
          },
          labels: {
            type: 'object',
            additionalProperties: {
              type: 'string',
              maxLength: 256,
            },
          },
        },
      },
      EvaluateDeploymentRequest: {
        type: 'object',
        additionalProperties: false,
        required: ['deployment'],
        properties: {
          deployment: {
            $ref: '#/components/schemas/DeploymentConfig',
          },
          record: {
            type: 'boolean',
            description:
              '`false` for a what-if: the decision is not written to the log. Default `true`.',
          },
        },
      },
      DeploymentDecision: {
        description: 'Denied when a deny rule fired or failed.',
        type: 'object',
        required: [
          'result',
          'violations',
          'warnings',
          'audits',
          'evaluatedRules',
          'policySetDigest',
        ],
        properties: {
          result: {
            $ref: '#/components/schemas/DecisionResult',
          },
          violations: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/FiredRule',
            },
          },
          warnings: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/FiredRule',
            },
          },
          audits: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/FiredRule',
            },
          },
          evaluatedRules: {
            type: 'integer',
          },
          policySetDigest: {
            type: 'string',
          },
          decisionId: {
            type: 'string',
            description: 'Id of the decision log entry, when recorded.',
          },
        },
      },
      PolicyUser: {
        description: 'The user a tool-call or permission question is about.',
        type: 'object',
        additionalProperties: false,
        required: ['ref'],
        properties: {
          ref: {
            type: 'string',
            pattern: '^user:[a-z0-9][a-z0-9_.-]*/[a-zA-Z0-9][a-zA-Z0-9_.-]*$',
          },
          groups: {
            description:
              'Ownership refs (the user and their groups); trusted from services only.',
            type: 'array',
            maxItems: 1000,
            items: {
              type: 'string',
              maxLength: 512,
            },
          },
          team: {
            description:
              "The team the calls are made for (the MCP gateway's consuming team).",
            type: 'string',
            pattern: '^group:[a-z0-9][a-z0-9_.-]*/[a-zA-Z0-9][a-zA-Z0-9_.-]*$',
          },
        },
      },
      EvaluateToolCallsRequest: {
        type: 'object',
        additionalProperties: false,
        required: ['tools'],
        properties: {
          user: {
            $ref: '#/components/schemas/PolicyUser',
          },
          tools: {
            type: 'array',
            minItems: 1,
            maxItems: 500,
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['server', 'tool'],
              properties: {
                server: {
                  type: 'string',
                  description:
                    "The server's entity ref, e.g. `api:default/payments-ledger`.",
                  pattern:
                    '^api:[a-z0-9][a-z0-9_.-]*/[a-zA-Z0-9][a-zA-Z0-9_.-]*$',
                },
                tool: {
                  type: 'string',
                  minLength: 1,
                  maxLength: 256,
                },
              },
            },
          },
          record: {
            type: 'boolean',
            description:
              'Log the decisions. Default `true` for services, `false` for users.',
          },
        },
      },
      EvaluatePermissionRequest: {
        type: 'object',
        additionalProperties: false,
        required: ['user', 'permission'],
        properties: {
          user: {
            $ref: '#/components/schemas/PolicyUser',
          },
          permission: {
            type: 'object',
            additionalProperties: false,
            required: ['name'],
            properties: {
              name: {
                type: 'string',
                minLength: 1,
                maxLength: 256,
              },
              action: {
                type: 'string',
                maxLength: 32,
              },
              resourceRef: {
                type: 'string',
                maxLength: 1024,
              },
            },
          },
          record: {
            type: 'boolean',
            description:
              'Log the decision. Default `true` for services, `false` for users.',
          },
        },
      },
      AccessDecision: {
        description: 'A tool-call or permission decision.',
        type: 'object',
        required: [
          'result',
          'reason',
          'message',
          'rules',
          'evaluatedRules',
          'policySetDigest',
        ],
        properties: {
          result: {
            $ref: '#/components/schemas/DecisionResult',
          },
          reason: {
            type: 'string',
            enum: ['deny-rule', 'allow-rule', 'default', 'error'],
          },
          message: {
            type: 'string',
            description: 'One sentence a user can act on.',
          },
          rules: {
            description: 'Rules that fired, and rules that failed to evaluate.',
            type: 'array',
            items: {
              $ref: '#/components/schemas/FiredRule',
            },
          },
          evaluatedRules: {
            type: 'integer',
          },
          policySetDigest: {
            type: 'string',
          },
        },
      },
      ToolCallDecision: {
        allOf: [
          {
            $ref: '#/components/schemas/AccessDecision',
          },
          {
            type: 'object',
            required: ['server', 'tool'],
            properties: {
              server: {
                type: 'string',
              },
              tool: {
                type: 'string',
              },
              decisionId: {
                type: 'string',
                description: 'Id of the decision log entry, when recorded.',
              },
              throttle: {
                description:
                  'Set when the call is allowed and throttle rules fired; enforced by the MCP gateway.',
                type: 'object',
                required: ['perMinute', 'rule', 'message'],
                properties: {
                  perMinute: {
                    type: 'integer',
                  },
                  rule: {
                    type: 'string',
                  },
                  message: {
                    type: 'string',
                  },
                },
              },
            },
          },
        ],
      },
      EvaluateToolCallsResponse: {
        type: 'object',
        required: ['user', 'decisions'],
        properties: {
          user: {
            type: 'string',
            description: 'The user the decisions are about.',
          },
          decisions: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ToolCallDecision',
            },
          },
        },
      },
      DecisionLogEntry: {
        type: 'object',
        required: [
          'id',
          'decidedAt',
          'kind',
          'principal',
          'subject',
          'result',
          'rules',
          'inputDigest',
          'policySetDigest',
        ],
        properties: {
          id: {
            type: 'string',
          },
          decidedAt: {
            type: 'string',
            format: 'date-time',
          },
          kind: {
            $ref: '#/components/schemas/PolicyTarget',
          },
          principal: {
            type: 'string',
            description:
              'Who asked: `user:default/jane`, `plugin:scaffolder`, ...',
          },
          subject: {
            type: 'string',
            description:
              'What the decision was about: a deployment name, `api:default/x#tool`, a permission.',
          },
          user: {
            type: 'string',
            description:
              'The user a tool-call or permission decision was about.',
          },
          result: {
            $ref: '#/components/schemas/DecisionResult',
          },
          reason: {
            type: 'string',
          },
          rules: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/FiredRule',
            },
          },
          inputDigest: {
            type: 'string',
          },
          policySetDigest: {
            type: 'string',
          },
          input: {
            type: 'object',
            description:
              'The evaluated input, context included; in the list only with `includeInput=true`.',
          },
        },
      },
      DecisionLogPage: {
        type: 'object',
        required: ['items'],
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/DecisionLogEntry',
            },
          },
          nextCursor: {
            type: 'string',
            description: 'Pass as `cursor` for the next (older) page.',
          },
        },
      },
      DryRunRequest: {
        type: 'object',
        additionalProperties: false,
        required: ['documents'],
        properties: {
          documents: {
            type: 'array',
            minItems: 1,
            maxItems: 50,
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['name', 'content'],
              properties: {
                name: {
                  type: 'string',
                  minLength: 1,
                  maxLength: 256,
                },
                content: {
                  type: 'string',
                  description: 'A YAML policy document.',
                  minLength: 1,
                  maxLength: 524288,
                },
              },
            },
          },
          replace: {
            type: 'boolean',
            description:
              '`false` (default): the documents add policies or replace active policies of the same\nname. `true`: they are the whole candidate set.\n',
          },
          since: {
            type: 'string',
            format: 'date-time',
          },
          until: {
            type: 'string',
            format: 'date-time',
          },
          kind: {
            $ref: '#/components/schemas/PolicyTarget',
          },
          limit: {
            type: 'integer',
            description: 'The most recorded decisions to replay.',
            minimum: 1,
            maximum: 10000,
          },
        },
      },
      DryRunResponse: {
        type: 'object',
        required: [
          'candidateDigest',
          'replayed',
          'unchanged',
          'newlyDenied',
          'newlyAllowed',
          'changes',
        ],
        properties: {
          candidateDigest: {
            type: 'string',
          },
          replayed: {
            type: 'integer',
          },
          unchanged: {
            type: 'integer',
          },
          newlyDenied: {
            type: 'integer',
          },
          newlyAllowed: {
            type: 'integer',
          },
          changes: {
            description: 'Up to 200 changed decisions, newest first.',
            type: 'array',
            items: {
              type: 'object',
              required: [
                'decisionId',
                'decidedAt',
                'kind',
                'subject',
                'before',
                'after',
                'rules',
              ],
              properties: {
                decisionId: {
                  type: 'string',
                },
                decidedAt: {
                  type: 'string',
                  format: 'date-time',
                },
                kind: {
                  $ref: '#/components/schemas/PolicyTarget',
                },
                subject: {
                  type: 'string',
                },
                before: {
                  $ref: '#/components/schemas/DecisionResult',
                },
                after: {
                  $ref: '#/components/schemas/DecisionResult',
                },
                rules: {
                  type: 'array',
                  items: {
                    $ref: '#/components/schemas/FiredRule',
                  },
                },
              },
            },
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
