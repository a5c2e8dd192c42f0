/**
 * Service level objectives of an MCP server (or tool), as parsed from its annotation.
 *
 * @public
 */
export interface SloDefinition {
  /** Share of successful tool calls, e.g. 0.999. */
  availabilityTarget?: number;
  /** Latency objective: the given percentile of call durations stays at or under `thresholdMs`. */
  latency?: { percentile: number; thresholdMs: number };
  /** Rolling window the objectives are measured over. */
  windowDays: number;
}

/**
 * Thrown for an SLO annotation that cannot be understood; the message says how to fix it.
 *
 * @public
 */
export class SloAnnotationError extends Error {
  name = 'SloAnnotationError';
}

const EXAMPLE = 'e.g. "availability=99.9,latency-p95=2000ms,window=30d"';

/**
 * Parses the `mcp-platform.io/slo` annotation. Keys: `availability` (percent, 0–100 exclusive),
 * `latency-pNN` (milliseconds, `ms` or `s` suffix), `window` (days, `d` suffix, default 30).
 *
 * @public
 */
export function parseSloAnnotation(value: string): SloDefinition {
  const slo: SloDefinition = { windowDays: 30 };
  const parts = value
    .split(',')
    .map(p => p.trim())
    .filter(Boolean);
  if (parts.length === 0) {
    throw new SloAnnotationError(`Empty SLO annotation; ${EXAMPLE}`);
  }
  for (const part of parts) {
    const [key, raw, ...rest] = part.split('=').map(s => s.trim());
    if (raw === undefined || rest.length > 0) {
      throw new SloAnnotationError(`"${part}" is not key=value; ${EXAMPLE}`);
    }
    if (key === 'availability') {
      const percent = Number(raw.replace(/%$/, ''));
      if (!(percent > 0 && percent < 100)) {
        throw new SloAnnotationError(
          `availability must be a percentage between 0 and 100 (exclusive), got "${raw}"`,
        );
      }
      // Rounded so that 99.9 gives 0.999, not 0.9990000000000001.
      slo.availabilityTarget = Math.round(percent * 1e4) / 1e6;
    } else if (/^latency-p\d{1,2}(\.\d+)?$/.test(key)) {
      const percentile = Number(key.slice('latency-p'.length)) / 100;
      const m = /^(\d+(?:\.\d+)?)(ms|s)$/.exec(raw);
      if (!m || percentile <= 0 || percentile >= 1) {
        throw new SloAnnotationError(
          `${key} must be a duration in ms or s with a percentile between p1 and p99, got "${raw}"`,
        );
      }
      const thresholdMs = Number(m[1]) * (m[2] === 's' ? 1000 : 1);
      slo.latency = { percentile, thresholdMs };
    } else if (key === 'window') {
      const m = /^(\d+)d$/.exec(raw);
      if (!m || Number(m[1]) < 1 || Number(m[1]) > 90) {
        throw new SloAnnotationError(
          `window must be between 1d and 90d, got "${raw}"`,
        );
      }
      slo.windowDays = Number(m[1]);
    } else {
      throw new SloAnnotationError(
        `Unknown SLO key "${key}"; known keys: availability, latency-pNN, window`,
      );
    }
  }
  if (slo.availabilityTarget === undefined && !slo.latency) {
    throw new SloAnnotationError(
      `The SLO annotation sets no objective; ${EXAMPLE}`,
    );
  }
  return slo;
}
