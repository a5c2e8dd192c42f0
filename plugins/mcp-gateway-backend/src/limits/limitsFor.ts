import type { ToolCallThrottle } from '@mcp-platform/plugin-mcp-policy-common';
import { GatewayConfig } from '../config/readGatewayConfig';
import type { GatewayCaller } from '../gateway/GatewayCaller';
import { LimitKey } from './RateLimiter';

/**
 * The limits a call must fit in, from config: per user, per consuming team and per tool, an
 * override for the exact user, team or tool replacing the default of its scope.
 */
export function limitsFor(
  config: GatewayConfig['rateLimits'],
): (caller: GatewayCaller, serverRef: string, tool: string) => LimitKey[] {
  const none: LimitKey[] = [];
  if (
    !config.perUser &&
    !config.perTeam &&
    !config.perTool &&
    !config.overrides.length
  )
    return () => none;
  const overrides = {
    user: new Map<string, number>(),
    team: new Map<string, number>(),
    tool: new Map<string, number>(),
  };
  for (const o of config.overrides) {
    for (const scope of ['user', 'team', 'tool'] as const) {
      const value = o[scope];
      if (value) overrides[scope].set(value.toLowerCase(), o.perMinute);
    }
  }
  return (caller, serverRef, tool) => {
    const limits: LimitKey[] = [];
    const user = caller.principal.toLowerCase();
    const perUser = overrides.user.get(user) ?? config.perUser;
    if (perUser)
      limits.push({ key: `user:${user}`, scope: 'user', perMinute: perUser });
    const team = caller.team?.toLowerCase();
    const perTeam = (team && overrides.team.get(team)) ?? config.perTeam;
    if (team && perTeam)
      limits.push({ key: `team:${team}`, scope: 'team', perMinute: perTeam });
    const toolKey = `${serverRef}#${tool}`.toLowerCase();
    const perTool = overrides.tool.get(toolKey) ?? config.perTool;
    if (perTool)
      limits.push({
        key: `tool:${toolKey}`,
        scope: 'tool',
        perMinute: perTool,
      });
    return limits;
  };
}

/**
 * The limits of a call with a policy throttle applied: the consuming team's limit (the same
 * shared counter as the configured one, `team:<ref>`) becomes the throttle's when that is lower,
 * or is added when none is configured. A caller without a team is throttled on its own limit.
 */
export function withPolicyThrottle(
  limits: LimitKey[],
  caller: GatewayCaller,
  throttle: ToolCallThrottle | undefined,
): LimitKey[] {
  if (!throttle) return limits;
  const team = caller.team?.toLowerCase();
  const key = team ? `team:${team}` : `user:${caller.principal.toLowerCase()}`;
  const throttled: LimitKey = {
    key,
    scope: team ? 'team' : 'user',
    perMinute: throttle.perMinute,
    throttledBy: { rule: throttle.rule, message: throttle.message },
  };
  const current = limits.find(l => l.key === key);
  if (!current) return [...limits, throttled];
  if (current.perMinute <= throttle.perMinute) return limits;
  return limits.map(l => (l === current ? throttled : l));
}
