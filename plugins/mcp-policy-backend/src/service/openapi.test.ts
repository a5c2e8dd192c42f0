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
  itIsAWellFormedBackendSpec,
  OpenApiDocument,
  routesOf,
  zodContract,
} from '@mcp-platform/test-utils';
import {
  createRouter,
  decisionsQuery,
  evaluatePermissionRequestSchema,
} from './createRouter';
import { DryRunSandbox } from './DryRunSandbox';
import { PolicyDecisionService } from './PolicyDecisionService';

const spec = new OpenApiDocument(path.resolve(__dirname, '../../openapi.yaml'));
const { doc } = spec;
const where = (o: { method: string; path: string }) =>
  `${o.method.toUpperCase()} ${o.path}`;

describe('openapi.yaml', () => {
  describe('structure', () => {
    itIsAWellFormedBackendSpec(spec);

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

  it('documents exactly the routes createRouter registers', async () => {
    const router = await createRouter({
      httpAuth: mockServices.httpAuth(),
      auth: mockServices.auth(),
      userInfo: mockServices.userInfo(),
      permissions: mockServices.permissions(),
      contextProviders: [],
      // Only used while handling requests, which this test does not make.
      decisions: {} as PolicyDecisionService,
      loader: {} as PolicySetLoader,
      log: {} as DecisionLog,
      dryRuns: {} as DryRunSandbox,
    });
    const registered = routesOf(router);
    const documented = spec.operations().map(where);

    expect(registered).toContain('GET /v1/decisions/{id}');
    expect(new Set(registered).size).toBe(registered.length);
    expect([...documented].sort()).toEqual([...registered].sort());
  });

  it('declares every path parameter, and no others', () => {
    for (const o of spec.operations()) {
      const inTemplate = [...o.path.matchAll(/\{([^}]+)\}/g)]
        .map(m => m[1])
        .sort();
      const declared = spec.parameters(o, 'path');
      expect([where(o), declared.map(d => d.name).sort()]).toEqual([
        where(o),
        inTemplate,
      ]);
      for (const parameter of declared) {
        expect([where(o), parameter.name, parameter.required]).toEqual([
          where(o),
          parameter.name,
          true,
        ]);
      }
    }
  });

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
});
