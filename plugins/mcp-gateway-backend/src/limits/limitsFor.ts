import { GatewayConfig } from '../config/readGatewayConfig';
import type { GatewayCaller } from '../gateway/GatewayService';
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
