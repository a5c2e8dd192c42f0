import {
  ANNOTATION_MONTHLY_BUDGET as CATALOG_ANNOTATION_MONTHLY_BUDGET,
  ANNOTATION_RESOURCES as CATALOG_ANNOTATION_RESOURCES,
} from '@mcp-platform/plugin-mcp-catalog-common';
import { ServerResources } from './api';

/**
 * @deprecated Use `ANNOTATION_MONTHLY_BUDGET` from `@mcp-platform/plugin-mcp-catalog-common`, the
 * entity model's home.
 * @public
 */
export const ANNOTATION_MONTHLY_BUDGET = CATALOG_ANNOTATION_MONTHLY_BUDGET;

/**
 * @deprecated Use `ANNOTATION_RESOURCES` from `@mcp-platform/plugin-mcp-catalog-common`, the
 * entity model's home.
 * @public
 */
export const ANNOTATION_RESOURCES = CATALOG_ANNOTATION_RESOURCES;

/**
 * Thrown for a resources or budget annotation that cannot be understood.
 *
 * @public
 */
export class InsightsAnnotationError extends Error {
  name = 'InsightsAnnotationError';
}

const MEMORY_UNITS: Record<string, number> = {
  '': 1e-9,
  k: 1e-6,
  M: 1e-3,
  G: 1,
  T: 1e3,
  Ki: 1024 / 1e9,
  Mi: 1024 ** 2 / 1e9,
  Gi: 1024 ** 3 / 1e9,
  Ti: 1024 ** 4 / 1e9,
};

/**
 * Parses `mcp-platform.io/resources`: `replicas` (count), `cpu` (cores, or millicores with `m`),
 * `memory` (Kubernetes quantity such as `512Mi` or `1Gi`, or plain GB with `gb`). Missing keys come
 * from `defaults`.
 *
 * @public
 */
export function parseResourcesAnnotation(
  value: string,
  defaults: ServerResources,
): ServerResources {
  const result = { ...defaults };
  for (const part of value
    .split(',')
    .map(p => p.trim())
    .filter(Boolean)) {
    const [key, raw] = part.split('=').map(s => s.trim());
    if (raw === undefined || raw === '') {
      throw new InsightsAnnotationError(
        `"${part}" is not key=value; e.g. "replicas=2,cpu=500m,memory=1Gi"`,
      );
    }
    if (key === 'replicas') {
      const n = Number(raw);
      if (!Number.isInteger(n) || n < 0 || n > 10000) {
        throw new InsightsAnnotationError(
          `replicas must be a whole number from 0, got "${raw}"`,
        );
      }
      result.replicas = n;
    } else if (key === 'cpu') {
      const m = /^(\d+(?:\.\d+)?)(m?)$/.exec(raw);
      if (!m) {
        throw new InsightsAnnotationError(
          `cpu must be cores ("0.5") or millicores ("500m"), got "${raw}"`,
        );
      }
      result.cpu = Number(m[1]) / (m[2] ? 1000 : 1);
    } else if (key === 'memory') {
      const gb = /^(\d+(?:\.\d+)?)gb$/i.exec(raw);
      const q = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(raw);
      if (gb) result.memoryGb = Number(gb[1]);
      else if (q) result.memoryGb = Number(q[1]) * MEMORY_UNITS[q[2] ?? ''];
      else {
        throw new InsightsAnnotationError(
          `memory must be a quantity such as "512Mi", "1Gi" or "2gb", got "${raw}"`,
        );
      }
    } else {
      throw new InsightsAnnotationError(
        `Unknown resources key "${key}"; known keys: replicas, cpu, memory`,
      );
    }
  }
  return result;
}

/**
 * Parses `mcp-platform.io/monthly-budget`: a non-negative amount, optionally with the currency.
 *
 * @public
 */
export function parseBudgetAnnotation(value: string, currency: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([A-Za-z]{3})?\s*$/.exec(value);
  if (!m) {
    throw new InsightsAnnotationError(
      `The monthly budget must be an amount such as "1500" or "1500 ${currency}", got "${value}"`,
    );
  }
  if (m[2] && m[2].toUpperCase() !== currency.toUpperCase()) {
    throw new InsightsAnnotationError(
      `The monthly budget is in ${m[2].toUpperCase()} but costs are in ${currency}`,
    );
  }
  return Number(m[1]);
}
