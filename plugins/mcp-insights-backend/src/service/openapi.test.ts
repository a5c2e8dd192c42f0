import { mockServices } from '@backstage/backend-test-utils';
import {
  computeCostEstimateRequestSchema,
  createUsageEventSchema,
  mcpInsightsCollectPermission,
  mcpInsightsUsagePushPermission,
} from '@mcp-platform/plugin-mcp-insights-common';
import path from 'node:path';
import { SloExports } from '../export/SloExports';
import { CostServices } from '../cost/createCostServices';
import {
  UsageEventIngestor,
  usageEventBatchSchema,
} from '../ingest/UsageEventIngestor';
import {
  itDocumentsExactlyTheRegisteredRoutes,
  itIsAWellFormedBackendSpec,
  itServesTheDocument,
  itKeepsTheGeneratedRouterCurrent,
  OpenApiDocument,
  zodContract,
} from '@mcp-platform/test-utils';
import { spec as generatedSpec } from '../schema/openapi/generated/router';
import { createRouter, RouterOptions, routeQueries } from './createRouter';

const spec = new OpenApiDocument(path.resolve(__dirname, '../../openapi.yaml'));

describe('openapi.yaml', () => {
  describe('structure', () => {
    itIsAWellFormedBackendSpec(spec);
    itKeepsTheGeneratedRouterCurrent(path.resolve(__dirname, '../..'));

    it('names the permission each mutation needs, and answers 403 there', () => {
      const description = (id: string) =>
        spec.operation(id).operation.description ?? '';
      expect(description('pushUsageEvents')).toContain(
        mcpInsightsUsagePushPermission.name,
      );
      for (const id of ['runCollection', 'runAlerts'])
        expect([id, description(id)]).toEqual([
          id,
          expect.stringContaining(mcpInsightsCollectPermission.name),
        ]);
      // The estimate is a read, though a POST; it checks no permission.
      expect(description('estimateComputeCost')).toMatch(
        /needs no permission/i,
      );
      expect(
        spec
          .operations()
          .filter(o => o.method !== 'get')
          .map(o => o.operation.operationId)
          .sort(),
      ).toEqual([
        'estimateComputeCost',
        'pushUsageEvents',
        'runAlerts',
        'runCollection',
      ]);
      expect(
        spec
          .operations()
          .filter(o => o.operation.responses['403'])
          .map(o => o.operation.operationId)
          .sort(),
      ).toEqual(['pushUsageEvents', 'runAlerts', 'runCollection']);
    });
  });

  const routerOptions = (): RouterOptions => ({
    logger: mockServices.logger.mock(),
    httpAuth: mockServices.httpAuth(),
    permissions: mockServices.permissions(),
    scheduler: mockServices.scheduler.mock(),
    // Only used by routes these tests do not call.
    collector: {} as RouterOptions['collector'],
    ingestor: {} as UsageEventIngestor,
    costs: {} as CostServices,
    slos: {} as RouterOptions['slos'],
    sloExports: {} as SloExports,
    alerts: {} as RouterOptions['alerts'],
    visibility: {} as RouterOptions['visibility'],
    pushScopes: {} as RouterOptions['pushScopes'],
  });

  itDocumentsExactlyTheRegisteredRoutes(
    spec,
    () => createRouter(routerOptions()),
    'GET /v1/cost/servers/{namespace}/{name}',
  );

  it('documents the query of each route as the router parses it', () => {
    const documented = Object.fromEntries(
      spec
        .operations()
        .filter(o => spec.parameters(o, 'query').length > 0)
        .map(o => [o.operation.operationId, spec.queryContract(o)]),
    );
    const parsed = Object.fromEntries(
      Object.entries(routeQueries).map(([id, schema]) => [
        id,
        zodContract(schema),
      ]),
    );
    // The SLO annotation check reads its one parameter without a schema.
    parsed.parseSloAnnotation = spec.contract({
      type: 'object',
      properties: { annotation: { type: 'string' } },
      required: ['annotation'],
    });
    expect(documented).toEqual(parsed);
  });

  it('documents the request bodies as the router parses them', () => {
    const body = (id: string) =>
      spec.operation(id).operation.requestBody.content['application/json']
        .schema;
    expect(spec.contract(body('estimateComputeCost'))).toEqual(
      zodContract(computeCostEstimateRequestSchema),
    );
    // The batch's events are checked one by one, with the default bounds unless configured.
    const batch = zodContract(usageEventBatchSchema);
    batch.properties.events.items = zodContract(createUsageEventSchema());
    expect(spec.contract(body('pushUsageEvents'))).toEqual(batch);
    expect(
      spec
        .operations()
        .filter(o => o.operation.requestBody)
        .map(o => o.operation.operationId)
        .sort(),
    ).toEqual(['estimateComputeCost', 'pushUsageEvents']);
  });

  itServesTheDocument({
    pluginId: 'mcp-insights',
    spec,
    generatedSpec,
    createRouter: httpAuth => createRouter({ ...routerOptions(), httpAuth }),
  });
});
