import {
  PolicyContextProvider,
  PolicyContextRequest,
} from '@mcp-platform/plugin-mcp-policy-node';

/**
 * Platform settings for policies, as `context.platform`: `groups` are the platform team's groups
 * from `mcpPolicy.platformGroups` (who may approve tool changes and read the decision log in the
 * built-in pack).
 */
export class PlatformContextProvider implements PolicyContextProvider {
  readonly name = 'platform';
  private readonly answer: Record<string, unknown>;

  constructor(platformGroups: string[]) {
    this.answer = { groups: [...platformGroups] };
  }

  async provide(_request: PolicyContextRequest) {
    return this.answer;
  }
}
