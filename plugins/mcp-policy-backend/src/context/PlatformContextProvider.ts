import {
  PolicyContextProvider,
  PolicyContextRequest,
} from '@mcp-platform/plugin-mcp-policy-node';

/**
 * Platform settings for policies, as `context.platform`: `groups` are the platform team's groups
 * from `mcpPolicy.platformGroups` (who may approve tool changes and read the decision log in the
 * built-in pack); `acceptedRisks` the tools (`<server ref>#<tool>`) whose high findings the
 * platform team accepted (`mcpPolicy.acceptedRisks`).
 */
export class PlatformContextProvider implements PolicyContextProvider {
  readonly name = 'platform';
  private readonly answer: Record<string, unknown>;

  constructor(platformGroups: string[], acceptedRisks: string[] = []) {
    this.answer = {
      groups: [...platformGroups],
      acceptedRisks: [...acceptedRisks],
    };
  }

  async provide(_request: PolicyContextRequest) {
    return this.answer;
  }
}
