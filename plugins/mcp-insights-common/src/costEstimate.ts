import { z } from 'zod';
import type { ServerResources } from './api';

/**
 * Hours in an average month (365 × 24 ÷ 12): what a monthly estimate multiplies by.
 *
 * @public
 */
export const HOURS_PER_MONTH = 730;

/** Bytes in a MiB over bytes in a GB: the cost model prices memory per (decimal) GB. */
const GB_PER_MIB = 1024 ** 2 / 1e9;

/**
 * Body of `POST /v1/cost/estimate`: what a server would run on, as the MCP server template asks
 * for it. Memory is given in MiB (as in the template and Kubernetes) or in GB (as in
 * `mcpInsights.cost.compute`), not both. Bounds are those of the policy engine's deployment
 * config, so anything the policy gate could judge can be estimated.
 *
 * @public
 */
export const computeCostEstimateRequestSchema = z
  .object({
    replicas: z
      .number({ error: 'must be a number of replicas, e.g. 2' })
      .int({ error: 'must be a whole number of replicas' })
      .min(0, { error: 'must not be negative' })
      .max(1000, { error: 'must be at most 1000' }),
    cpu: z
      .number({ error: 'must be CPU cores per replica, e.g. 0.5' })
      .min(0, { error: 'must not be negative' })
      .max(256, { error: 'must be at most 256 cores' }),
    memoryMiB: z
      .number({ error: 'must be MiB per replica, e.g. 512' })
      .min(0, { error: 'must not be negative' })
      .max(1_048_576, { error: 'must be at most 1048576 (1 TiB)' })
      .optional(),
    memoryGb: z
      .number({ error: 'must be GB per replica, e.g. 0.5' })
      .min(0, { error: 'must not be negative' })
      .max(1100, { error: 'must be at most 1100' })
      .optional(),
    /** Where the server will run, e.g. `production`; echoed in the answer. */
    environment: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,31}$/, {
        error: 'must be an environment name such as production',
      })
      .optional(),
  })
  .strict()
  .refine(r => (r.memoryMiB === undefined) !== (r.memoryGb === undefined), {
    error: 'give memory per replica as memoryMiB (e.g. 512) or memoryGb, once',
    path: ['memoryMiB'],
  });

/**
 * See {@link computeCostEstimateRequestSchema}.
 *
 * @public
 */
export type ComputeCostEstimateRequest = z.infer<
  typeof computeCostEstimateRequestSchema
>;

/**
 * The resources of an estimate request as the cost model counts them (memory in GB).
 *
 * @public
 */
export function estimateResources(
  request: ComputeCostEstimateRequest,
): ServerResources {
  return {
    replicas: request.replicas,
    cpu: request.cpu,
    memoryGb: request.memoryGb ?? (request.memoryMiB ?? 0) * GB_PER_MIB,
  };
}

/**
 * `POST /v1/cost/estimate`: what a server would cost in compute per month, with the rates and
 * the arithmetic, so a person can check it. The same formula accrues a running server's compute
 * cost: replicas × (CPU × `cpuCoreHour` + memory GB × `memoryGbHour`) per hour.
 *
 * @public
 */
export interface ComputeCostEstimate {
  currency: string;
  /**
   * Whether `mcpInsights.cost.compute` sets the rates. When false, the figures use the built-in
   * defaults (public cloud list prices), which are not what the platform pays: show them as
   * such, or not at all.
   */
  costModelConfigured: boolean;
  environment?: string;
  resources: ServerResources;
  rates: { cpuCoreHour: number; memoryGbHour: number };
  /** {@link HOURS_PER_MONTH}. */
  hoursPerMonth: number;
  hourly: number;
  monthly: number;
  /** The monthly figure split into its CPU and memory parts. */
  monthlyBreakdown: { cpu: number; memory: number };
}
