import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  BudgetPolicyContext,
  ServerBudgetPolicyContext,
  SloPolicyContext,
  UNALLOCATED_TEAM,
} from '@mcp-platform/plugin-mcp-insights-common';
import { mcpPolicyContextExtensionPoint } from '@mcp-platform/plugin-mcp-policy-node';
import { InsightsContextClient } from './InsightsContextClient';

/** The budget state of nobody: a decision without a team to ask about. */
const NO_TEAM: BudgetPolicyContext = {
  team: '',
  currency: '',
  monthlyBudget: null,
  monthToDateSpend: 0,
  forecastSpend: 0,
  usedRatio: null,
  overBudget: false,
};

/** The fields of a budget answer, nothing else (the engine bounds what providers hand over). */
const budgetOf = (answer: BudgetPolicyContext): BudgetPolicyContext => ({
  team: answer.team,
  currency: answer.currency,
  monthlyBudget: answer.monthlyBudget,
  monthToDateSpend: answer.monthToDateSpend,
  forecastSpend: answer.forecastSpend,
  usedRatio: answer.usedRatio,
  overBudget: answer.overBudget,
});

/**
 * Feeds the MCP policy engine from MCP insights: `context.budget` (the owning team's spend
 * against its monthly budget), `context.consumerBudget` (the same for the team a tool call is
 * made for, the gateway's consuming team: a rule can throttle or refuse a team over budget) and
 * `context.slo` (the server's lowest remaining error budget). The shapes are fixed: the engine's
 * built-in rules read them.
 *
 * @public
 */
export const mcpPolicyModuleInsightsContext = createBackendModule({
  pluginId: 'mcp-policy',
  moduleId: 'insights-context',
  register(env) {
    env.registerInit({
      deps: {
        contexts: mcpPolicyContextExtensionPoint,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ contexts, discovery, auth }) {
        const client = new InsightsContextClient({ discovery, auth });
        contexts.addContextProvider(
          {
            name: 'budget',
            async provide(request) {
              // The owner is the team; without it, the server's owner; without both, nobody's.
              let query: { team?: string; server?: string } = {
                team: UNALLOCATED_TEAM,
              };
              if (request.ownerRef) query = { team: request.ownerRef };
              else if (request.serverRef) query = { server: request.serverRef };
              return { ...budgetOf(await client.budget(query)) };
            },
          },
          {
            name: 'consumerBudget',
            async provide(request) {
              // Only tool calls have a consuming team, and only when the asker names it.
              if (request.kind !== 'tool-call' || !request.teamRef)
                return { ...NO_TEAM };
              return {
                ...budgetOf(await client.budget({ team: request.teamRef })),
              };
            },
          },
          {
            name: 'serverBudget',
            async provide(request) {
              if (!request.serverRef) {
                const none: ServerBudgetPolicyContext = {
                  server: '',
                  known: false,
                  currency: '',
                  monthlyBudget: null,
                  monthToDateSpend: 0,
                  forecastSpend: 0,
                  usedRatio: null,
                  forecastRatio: null,
                  thresholdReached: null,
                  state: 'no-budget',
                };
                return { ...none };
              }
              const answer = await client.serverBudget(request.serverRef);
              const serverBudget: ServerBudgetPolicyContext = {
                server: answer.server,
                known: answer.known,
                currency: answer.currency,
                monthlyBudget: answer.monthlyBudget,
                monthToDateSpend: answer.monthToDateSpend,
                forecastSpend: answer.forecastSpend,
                usedRatio: answer.usedRatio,
                forecastRatio: answer.forecastRatio,
                thresholdReached: answer.thresholdReached,
                state: answer.state,
              };
              return { ...serverBudget };
            },
          },
          {
            name: 'slo',
            async provide(request) {
              if (!request.serverRef) {
                const none: SloPolicyContext = {
                  server: '',
                  known: false,
                  errorBudgetRemaining: null,
                };
                return { ...none };
              }
              const answer = await client.slo(request.serverRef);
              const slo: SloPolicyContext = {
                server: answer.server,
                known: answer.known,
                errorBudgetRemaining: answer.errorBudgetRemaining,
              };
              return { ...slo };
            },
          },
        );
      },
    });
  },
});
