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
  const override = (key: 'user' | 'team' | 'tool', value: string | undefined) =>
    value === undefined
      ? undefined
      : config.overrides.find(o => o[key]?.toLocaleLowerCase('en-US') === value)
          ?.perMinute;
  return (caller, serverRef, tool) => {
    const limits: LimitKey[] = [];
    const user = caller.principal.toLocaleLowerCase('en-US');
    const perUser = override('user', user) ?? config.perUser;
    if (perUser)
      limits.push({ key: `user:${user}`, scope: 'user', perMinute: perUser });
    const team = caller.team?.toLocaleLowerCase('en-US');
    const perTeam = override('team', team) ?? config.perTeam;
    if (team && perTeam)
      limits.push({ key: `team:${team}`, scope: 'team', perMinute: perTeam });
    const toolKey = `${serverRef}#${tool}`.toLocaleLowerCase('en-US');
    const perTool = override('tool', toolKey) ?? config.perTool;
    if (perTool)
      limits.push({
        key: `tool:${toolKey}`,
        scope: 'tool',
        perMinute: perTool,
      });
    return limits;
  };
}
