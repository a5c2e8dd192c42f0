import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { MAX_GATEWAY_ALIAS_LENGTH } from '@mcp-platform/plugin-mcp-catalog-common';
import {
  checkNetworkPolicy,
  DEFAULT_NETWORK_POLICY,
} from './checkNetworkPolicy';
import { checkTools, RequestedTool } from './checkTools';
import {
  checkUpstreams,
  MAX_UPSTREAMS,
  RequestedUpstream,
  UPSTREAM_KINDS,
} from './checkUpstreams';
import { CONTROL_CHARACTER, normaliseEndpoint } from './normaliseEndpoint';

/**
 * Server names: a DNS label, and the server's alias in the MCP gateway, which offers its tools as
 * `<name>__<tool>` (the catalog rejects an alias longer than this).
 */
const SERVER_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const SERVER_NAME_MAX = MAX_GATEWAY_ALIAS_LENGTH;

/** The SLO a new server starts with, by environment; owners tune it in catalog-info.yaml. */
const DEFAULT_SLO: Record<string, string> = {
  production: 'availability=99.9,latency-p95=1000ms,window=30d',
  staging: 'availability=99.5,latency-p95=2000ms,window=30d',
  development: 'availability=99,latency-p95=5000ms,window=7d',
};

/**
 * `mcp:server:validate` — checks a new MCP server request against the catalog before anything is
 * generated: the name is well formed and free, the owner is a known group, the tools have unique,
 * well-formed names and consistent hints, the endpoint is a URL, the network policy's peers and
 * the upstream dependencies are well formed. Outputs the normalized values the later steps use
 * (including the tool list and the upstreams in the policy gate's shape, and the endpoint as the
 * WHATWG URL serialises it, so catalog-info.yaml gets exactly what clients will call).
 *
 * @public
 */
export function createValidateMcpServerAction(options: {
  catalog: CatalogService;
}) {
  const { catalog } = options;
  return createTemplateAction({
    id: 'mcp:server:validate',
    description: [
      'Validates a request for a **new MCP server** and normalizes it for the steps after it.',
      '',
      'Fails, listing every problem with what to change, when: the name is not a lower-case',
      'DNS label of 3-32 characters; an `api` or `component` entity of that name already exists;',
      'the owner is not a group in the catalog; a tool name is malformed or used twice, or too',
      'long for the MCP gateway (`<name>__<tool>` is at most 64 characters); a tool is',
      'both read-only and destructive; the public endpoint is not an absolute http(s) URL (or',
      'holds a newline or another control character); a network policy namespace or pod',
      'selector is malformed; an upstream dependency has a host that is not a DNS name or IP',
      'address (a URL, a host with its port), a kind other than database, http, queue or other,',
      'a port outside 1-65535, or repeats another.',
      '',
      'Outputs `owner` (full group ref), `team`, `title`, `entityRef` (the API to be created),',
      '`tools` (with titles and boolean hints), `policyTools` (`{name, readOnly, destructive}`',
      'for `mcp:policy:check`), `endpointUrl` (normalised: lower-case scheme and host, no default',
      'port), `metricsUrl`, `slo`, `cpuMillis`, `egress` (the upstreams as `[{host, port, kind}]`',
      'for `mcp:policy:check`, hosts lower-cased) and `networkPolicy` (`gateway` and `metrics`, each',
      '`{namespace, podLabels}`, defaults filled in; `upstreams`: the egress rules, each with',
      '`cidr` for an IP address or `namespace` for an in-cluster service name).',
    ].join('\n'),
    examples: [
      {
        description: 'Validate the form of the MCP server template',
        example: [
          'steps:',
          '  - id: validate',
          '    action: mcp:server:validate',
          '    input:',
          '      name: ${{ parameters.name }}',
          '      owner: ${{ parameters.owner }}',
          '      environment: ${{ parameters.environment }}',
          '      tools: ${{ parameters.tools }}',
          '      endpointUrl: ${{ parameters.endpointUrl }}',
          '      upstreams: ${{ parameters.upstreams }}',
        ].join('\n'),
      },
    ],
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z.string().describe('Name of the new server, e.g. payments-ledger'),
        title: z =>
          z.string().optional().describe('Display name; the name when empty'),
        owner: z =>
          z
            .string()
            .describe('Owning group, e.g. group:default/payments or payments'),
        environment: z =>
          z
            .enum(['development', 'staging', 'production'])
            .default('development')
            .describe('Target environment; chooses the default SLO'),
        tools: z =>
          z
            .array(
              z.object({
                name: z.string().optional(),
                description: z.string().optional(),
                readOnly: z.boolean().optional(),
                destructive: z.boolean().optional(),
              }),
            )
            .describe(
              'Tools to expose: name, description, readOnly, destructive',
            ),
        endpointUrl: z =>
          z
            .string()
            .optional()
            .describe(
              'Public MCP endpoint; defaults to https://<name>.mcp.internal/mcp',
            ),
        cpu: z =>
          z.number().optional().describe('CPU cores per replica, e.g. 0.5'),
        upstreams: z =>
          z
            .array(
              z.object({
                kind: z.string().optional(),
                host: z.string().optional(),
                port: z.number().optional(),
              }),
            )
            .optional()
            .describe(
              `What the server connects to: kind (${UPSTREAM_KINDS.join(
                ', ',
              )}), host (DNS name or IP address) and port; at most ${MAX_UPSTREAMS}`,
            ),
        networkPolicy: z =>
          z
            .object({
              gatewayNamespace: z.string().optional(),
              gatewayPods: z.string().optional(),
              metricsNamespace: z.string().optional(),
              metricsPods: z.string().optional(),
            })
            .optional()
            .describe(
              `Who may connect: the gateway's and the metrics scraper's namespace and pod selector (key=value,...); defaults ${JSON.stringify(
                DEFAULT_NETWORK_POLICY,
              )}`,
            ),
      },
      output: {
        entityRef: z => z.string().describe('Ref of the API entity to create'),
        owner: z => z.string().describe('Full ref of the owning group'),
        team: z => z.string().describe('Name of the owning group'),
        title: z => z.string(),
        tools: z =>
          z.array(
            z.object({
              name: z.string(),
              title: z.string(),
              description: z.string(),
              readOnly: z.boolean(),
              destructive: z.boolean(),
            }),
          ),
        policyTools: z =>
          z.array(
            z.object({
              name: z.string(),
              readOnly: z.boolean(),
              destructive: z.boolean(),
            }),
          ),
        endpointUrl: z => z.string(),
        metricsUrl: z => z.string(),
        slo: z => z.string(),
        cpuMillis: z => z.number().optional(),
        egress: z =>
          z
            .array(
              z.object({
                host: z.string(),
                port: z.number(),
                kind: z.enum(UPSTREAM_KINDS),
              }),
            )
            .describe('The upstreams, as the policy gate takes them'),
        networkPolicy: z =>
          z.object({
            gateway: z.object({
              namespace: z.string(),
              podLabels: z.record(z.string(), z.string()),
            }),
            metrics: z.object({
              namespace: z.string(),
              podLabels: z.record(z.string(), z.string()),
            }),
            upstreams: z.array(
              z.object({
                host: z.string(),
                port: z.number(),
                kind: z.enum(UPSTREAM_KINDS),
                cidr: z.string().optional(),
                namespace: z.string().optional(),
              }),
            ),
          }),
      },
    },
    async handler(ctx) {
      const { name, environment } = ctx.input;
      const requested: RequestedTool[] = ctx.input.tools ?? [];
      const problems: string[] = [];
      const credentials = await ctx.getInitiatorCredentials();

      const nameValid =
        SERVER_NAME.test(name) &&
        name.length >= 3 &&
        name.length <= SERVER_NAME_MAX;
      if (!nameValid) {
        problems.push(
          `Name "${name}" is invalid: use 3-${SERVER_NAME_MAX} lower-case letters, digits and single dashes, starting with a letter (e.g. payments-ledger)`,
        );
      } else {
        for (const ref of [
          `api:default/${name}`,
          `component:default/${name}-service`,
        ]) {
          const existing = await catalog.getEntityByRef(ref, { credentials });
          if (existing) {
            const owner = existing.spec?.owner
              ? `, owned by ${existing.spec.owner}`
              : '';
            problems.push(
              `Name "${name}" is taken: ${ref} already exists in the catalog${owner}; choose another name`,
            );
            break;
          }
        }
      }

      let owner = '';
      let team = '';
      try {
        const ref = parseEntityRef(ctx.input.owner, {
          defaultKind: 'group',
          defaultNamespace: 'default',
        });
        if (ref.kind.toLocaleLowerCase('en-US') !== 'group') {
          problems.push(
            `Owner "${ctx.input.owner}" is a ${ref.kind}, not a group: servers are owned by teams`,
          );
        } else {
          owner = stringifyEntityRef(ref);
          team = ref.name;
          if (!(await catalog.getEntityByRef(owner, { credentials }))) {
            problems.push(
              `Owner "${owner}" does not exist in the catalog: pick your team from the list`,
            );
          }
        }
      } catch {
        problems.push(
          `Owner "${ctx.input.owner}" is not an entity ref: pick your team from the list (e.g. group:default/payments)`,
        );
      }

      const tools = checkTools(requested, name, nameValid, problems);

      // An empty field means the default; one holding only a newline is still an error.
      const givenEndpoint = ctx.input.endpointUrl ?? '';
      const endpoint = normaliseEndpoint(
        givenEndpoint.trim() || CONTROL_CHARACTER.test(givenEndpoint)
          ? givenEndpoint
          : `https://${name}.mcp.internal/mcp`,
      );
      if ('problem' in endpoint) problems.push(endpoint.problem);
      const networkPolicy = checkNetworkPolicy(
        ctx.input.networkPolicy ?? {},
        problems,
      );
      const upstreams = checkUpstreams(
        (ctx.input.upstreams ?? []) as RequestedUpstream[],
        problems,
      );

      if (problems.length > 0) {
        throw new InputError(
          `The MCP server request has ${problems.length} problem${
            problems.length > 1 ? 's' : ''
          }:\n- ${problems.join('\n- ')}`,
        );
      }

      for (const tool of tools) {
        if (tool.destructive) {
          ctx.logger.warn(
            `Tool "${tool.name}" is destructive: MCP clients will ask users to confirm each call`,
          );
        }
      }
      ctx.output('entityRef', `api:default/${name}`);
      ctx.output('owner', owner);
      ctx.output('team', team);
      ctx.output('title', ctx.input.title?.trim() || name);
      ctx.output('tools', tools);
      ctx.output(
        'policyTools',
        tools.map(({ name: toolName, readOnly, destructive }) => ({
          name: toolName,
          readOnly,
          destructive,
        })),
      );
      const endpointUrl = 'url' in endpoint ? endpoint.url : '';
      ctx.output('endpointUrl', endpointUrl);
      ctx.output('metricsUrl', new URL('/metrics', endpointUrl).href);
      ctx.output('slo', DEFAULT_SLO[environment] ?? DEFAULT_SLO.development);
      if (ctx.input.cpu !== undefined) {
        ctx.output('cpuMillis', Math.round(ctx.input.cpu * 1000));
      }
      ctx.output('egress', upstreams.egress);
      ctx.output('networkPolicy', {
        ...networkPolicy,
        upstreams: upstreams.rules,
      });
    },
  });
}
