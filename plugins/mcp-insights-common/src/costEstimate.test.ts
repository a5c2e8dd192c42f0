import { parseResourcesAnnotation } from './annotations';
import {
  computeCostEstimateRequestSchema,
  estimateResources,
} from './costEstimate';

const defaults = { replicas: 1, cpu: 0.25, memoryGb: 0.5 };

describe('computeCostEstimateRequestSchema', () => {
  it('counts memory in MiB as the resources annotation the template writes does', () => {
    const request = computeCostEstimateRequestSchema.parse({
      replicas: 2,
      cpu: 0.5,
      memoryMiB: 512,
      environment: 'production',
    });
    expect(estimateResources(request)).toEqual(
      parseResourcesAnnotation('replicas=2,cpu=500m,memory=512Mi', defaults),
    );
    expect(
      estimateResources(
        computeCostEstimateRequestSchema.parse({
          replicas: 1,
          cpu: 1,
          memoryGb: 2,
        }),
      ),
    ).toEqual({ replicas: 1, cpu: 1, memoryGb: 2 });
  });

  it.each([
    [{ replicas: 1.5, cpu: 1, memoryMiB: 512 }, 'replicas', 'whole number'],
    [{ replicas: 2, cpu: -1, memoryMiB: 512 }, 'cpu', 'must not be negative'],
    [{ replicas: 2, cpu: '1', memoryMiB: 512 }, 'cpu', 'CPU cores'],
    [{ replicas: 2, cpu: 1 }, 'memoryMiB', 'memoryMiB (e.g. 512) or memoryGb'],
    [{ replicas: 2, cpu: 1, memoryMiB: 512, memoryGb: 1 }, 'memoryMiB', 'once'],
    [
      { replicas: 2, cpu: 1, memoryMiB: 512, environment: 'Prod!' },
      'environment',
      'environment name',
    ],
    [{ replicas: 2, cpu: 1, memoryMiB: 512, gpu: 1 }, '', 'gpu'],
  ])('rejects %j, naming %s', (input, field, message) => {
    const result = computeCostEstimateRequestSchema.safeParse(input);
    expect(result.success).toBe(false);
    const issue = result.error!.issues[0];
    expect(issue.path.join('.')).toBe(field);
    expect(JSON.stringify(issue)).toContain(message);
  });
});
