import { mockServices } from '@backstage/backend-test-utils';
import {
  deploymentConfigSchema,
  dryRunRequestSchema,
  evaluateDeploymentRequestSchema,
  evaluateToolCallsRequestSchema,
  mcpPolicyDecisionsReadPermission,
  mcpPolicyDryRunPermission,
  policyUserSchema,
} from '@mcp-platform/plugin-mcp-policy-common';
import path from 'node:path';
import { z } from 'zod';
import { DecisionLog } from '../database/DecisionLog';
import { PolicySetLoader } from '../engine/PolicySetLoader';
import {
  itDocumentsExactlyTheRegisteredRoutes,
  itIsAWellFormedBackendSpec,
  itServesTheDocument,
  itKeepsTheGeneratedRouterCurrent,
  OpenApiDocument,
  routesOf,
  zodContract,
} from '@mcp-platform/test-utils';
import {
  createOpenApiRouter,
  spec as generatedSpec,
} from '../schema/openapi/generated/router';
import {
  createRouter,
  decisionsQuery,
  evaluatePermissionRequestSchema,
  RouterOptions,
} from './createRouter';
import { DryRunSandbox } from './DryRunSandbox';
import { PolicyDecisionService } from './PolicyDecisionService';

const spec = new OpenApiDocument(path.resolve(__dirname, '../../openapi.yaml'));
const { doc } = spec;

describe('openapi.yaml', () => {
  describe('structure', () => {
    itIsAWellFormedBackendSpec(spec);
    itKeepsTheGeneratedRouterCurrent(path.resolve(__dirname, '../..'));

    it('names the permission each guarded operation needs, and answers 403 there', () => {
      const description = (id: string) =>
        spec.operation(id).operation.description ?? '';
      expect(description('dryRun')).toContain(mcpPolicyDryRunPermission.name);
      for (const id of [
        'listDecisions',
        'getDecision',
        'evaluateToolCalls',
        'evaluatePermission',
      ]) {
        expect([id, description(id)]).toEqual([
          id,
          expect.stringContaining(mcpPolicyDecisionsReadPermission.name),
        ]);
      }
      const with403 = spec
        .operations()
        .filter(o => o.operation.responses['403'])
        .map(o => o.operation.operationId)
        .sort();
      expect(with403).toEqual([
        'dryRun',
        'evaluatePermission',
        'evaluateToolCalls',
        'getDecision',
        'listDecisions',
      ]);
      expect(
        spec
          .operations()
          .filter(o => o.method !== 'get')
          .map(o => o.operation.operationId)
          .sort(),
      ).toEqual([
        'dryRun',
        'evaluateDeployment',
        'evaluatePermission',
        'evaluateToolCalls',
      ]);
    });
  });

  const routerOptions = (): RouterOptions => ({
    httpAuth: mockServices.httpAuth(),
    auth: mockServices.auth(),
    userInfo: mockServices.userInfo(),
    permissions: mockServices.permissions(),
    contextProviders: [],
    // Only used by routes these tests do not call.
    decisions: {} as PolicyDecisionService,
    loader: {} as PolicySetLoader,
    log: {} as DecisionLog,
    dryRuns: {} as DryRunSandbox,
  });

  itDocumentsExactlyTheRegisteredRoutes(
    spec,
    () => createRouter(routerOptions()),
    'GET /v1/decisions/{id}',
  );

  it('documents the decision log query as the router parses it', () => {
    expect(spec.queryContract(spec.operation('listDecisions'))).toEqual({
      ...zodContract(decisionsQuery),
      // The router rejects unknown parameters; a query string has no such keyword.
      additionalProperties: undefined,
    });
  });

  it.each<[string, z.ZodType]>([
    ['EvaluateDeploymentRequest', evaluateDeploymentRequestSchema],
    ['DeploymentConfig', deploymentConfigSchema],
    ['EvaluateToolCallsRequest', evaluateToolCallsRequestSchema],
    ['PolicyUser', policyUserSchema],
    ['EvaluatePermissionRequest', evaluatePermissionRequestSchema],
    ['DryRunRequest', dryRunRequestSchema],
  ])('documents the %s body as the router parses it', (name, schema) => {
    expect(spec.contract(doc.components.schemas[name])).toEqual(
      zodContract(schema),
    );
  });

  it('documents each request body with the schema the router parses', () => {
    const bodies = Object.fromEntries(
      spec
        .operations()
        .filter(o => o.operation.requestBody)
        .map(o => [
          o.operation.operationId,
          o.operation.requestBody.content['application/json'].schema.$ref,
        ]),
    );
    expect(bodies).toEqual({
      evaluateDeployment: '#/components/schemas/EvaluateDeploymentRequest',
      evaluateToolCalls: '#/components/schemas/EvaluateToolCallsRequest',
      evaluatePermission: '#/components/schemas/EvaluatePermissionRequest',
      dryRun: '#/components/schemas/DryRunRequest',
    });
  });

  itServesTheDocument({
    pluginId: 'mcp-policy',
    spec,
    generatedSpec,
    createRouter: httpAuth => createRouter({ ...routerOptions(), httpAuth }),
  });

  // `yarn tsc` fails if a line after @ts-expect-error type-checks: each is something the document
  // does not allow. At run time the router is a plain express router that registers them.
  it('types the routes from the document', () => {
    const router = createOpenApiRouter();
    // @ts-expect-error: not a documented path
    router.get('/v1/decision', () => {});
    // @ts-expect-error: a documented path, not a documented method
    router.delete('/v1/decisions/:id', () => {});
    router.get('/v1/decisions/:id', req => {
      // @ts-expect-error: not a path parameter of this route
      return req.params.name;
    });
    router.get('/v1/decisions', req => {
      // @ts-expect-error: not a documented query parameter
      return req.query.page;
    });
    router.post('/v1/dry-run', req => {
      // @ts-expect-error: not a property of the documented request body
      return req.body.candidates;
    });
    router.get('/v1/context-providers', (_req, res) => {
      // @ts-expect-error: a provider's name is a string
      res.json({ items: [{ name: 1 }] });
    });

    expect(routesOf(router)).toEqual([
      'GET /v1/decision',
      'DELETE /v1/decisions/{id}',
      'GET /v1/decisions/{id}',
      'GET /v1/decisions',
      'POST /v1/dry-run',
      'GET /v1/context-providers',
    ]);
  });
});
