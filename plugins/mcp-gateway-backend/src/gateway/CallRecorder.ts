import { LoggerService } from '@backstage/backend-plugin-api';
import type { CallToolResult } from '@modelcontextprotocol/client';
import { randomUUID } from 'node:crypto';
import { GatewayStore } from '../database/GatewayStore';
import { UsageMeter } from '../metering/UsageMeter';
import { GatewayMetrics } from '../metrics/GatewayMetrics';
import { GatewayCaller } from './GatewayCaller';
import { GatewayRefusal } from './GatewayRefusal';
import { ScopedTool } from './GatewayScope';

/**
 * An upstream's result as the gateway's own: the protocol's reserved `_meta` keys (the upstream's
 * identity, say) describe the upstream's exchange with the gateway, not the caller's with it.
 */
export function relayedResult(result: CallToolResult): CallToolResult {
  const meta = result._meta;
  if (!meta) return result;
  const kept = Object.entries(meta).filter(
    ([key]) => !key.startsWith('io.modelcontextprotocol/'),
  );
  const { _meta: _dropped, ...rest } = result;
  return kept.length ? { ...rest, _meta: Object.fromEntries(kept) } : rest;
}

/** What a call leaves behind: metrics, a usage event for the meter, a stored refusal. */
export class CallRecorder {
  constructor(
    private readonly deps: {
      meter: UsageMeter;
      store: GatewayStore;
      metrics: GatewayMetrics;
      logger: LoggerService;
    },
  ) {}

  /** A call that reached the upstream: its outcome, duration and sizes. */
  meter(
    caller: GatewayCaller,
    named: ScopedTool,
    outcome: 'ok' | 'tool_error' | 'upstream_error',
    started: number,
    requestBytes: number,
    responseBytes: number,
  ) {
    const seconds = (performance.now() - started) / 1000;
    this.deps.metrics.calls.inc({ server: named.server.ref, outcome });
    this.deps.metrics.callDuration.observe(
      { server: named.server.ref },
      seconds,
    );
    this.deps.meter.record({
      caller,
      server: named.server,
      tool: named.tool,
      outcome,
      durationMs: seconds * 1000,
      requestBytes,
      responseBytes,
    });
  }

  /** A refused call: counted, and stored (in the background) when its tool is known. */
  refused(
    caller: GatewayCaller,
    named: ScopedTool | undefined,
    refusal: GatewayRefusal,
  ) {
    this.deps.metrics.calls.inc({
      server: named?.server.ref ?? 'unknown',
      outcome: 'refused',
    });
    if (!named) return;
    this.deps.store
      .recordRefusals([
        {
          id: randomUUID(),
          at: new Date(),
          user: caller.principal,
          team: caller.team,
          serverRef: named.server.ref,
          tool: named.tool,
          kind: refusal.kind,
          message: refusal.message,
          rule: refusal.extra.rule,
          decisionId: refusal.extra.decisionId,
        },
      ])
      .catch(error =>
        this.deps.logger.warn(
          `MCP gateway: could not record a refused call: ${error}`,
        ),
      );
  }
}
