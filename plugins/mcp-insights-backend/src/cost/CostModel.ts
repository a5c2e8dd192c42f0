import {
  BudgetSource,
  ModelPrice,
  parseBudgetAnnotation,
  parseResourcesAnnotation,
  ServerResources,
} from '@mcp-platform/plugin-mcp-insights-common';
import { CostSettings } from '../config/readInsightsConfig';
import { ServerRecord, TeamRecord } from '../database/InsightsStore';

/**
 * Prices usage: tokens by model (input, output and cached tokens are disjoint counts, each at
 * its own price per million) and compute by hours (replicas × (CPU × rate + memory × rate)).
 * Budgets (of teams and of servers) come from config first, then from the group's or the
 * server's annotation.
 */
export class CostModel {
  constructor(readonly settings: CostSettings) {}

  get currency(): string {
    return this.settings.currency;
  }

  priceOf(model: string): ModelPrice | undefined {
    return this.settings.models.get(model);
  }

  /** Cost of the tokens, or undefined when the model has no price. */
  tokenCost(
    model: string,
    input: number,
    output: number,
    cached: number,
  ): number | undefined {
    const price = this.priceOf(model);
    if (!price) return undefined;
    return (
      (input * price.inputPerMillion +
        output * price.outputPerMillion +
        cached * price.cachedInputPerMillion) /
      1e6
    );
  }

  /** What a server runs on: deployment config, else its annotation, else the defaults. */
  resourcesOf(
    server: Pick<ServerRecord, 'serverRef' | 'resourcesAnnotation'>,
  ): {
    resources: ServerResources;
    error?: string;
  } {
    const configured = this.settings.serverResources.get(server.serverRef);
    if (configured) return { resources: configured };
    if (server.resourcesAnnotation) {
      try {
        return {
          resources: parseResourcesAnnotation(
            server.resourcesAnnotation,
            this.settings.defaultResources,
          ),
        };
      } catch (error) {
        return {
          resources: this.settings.defaultResources,
          error: (error as Error).message,
        };
      }
    }
    return { resources: this.settings.defaultResources };
  }

  /** Compute cost of one hour of a server. */
  hourlyComputeCost(resources: ServerResources): number {
    return (
      resources.replicas *
      (resources.cpu * this.settings.cpuCoreHour +
        resources.memoryGb * this.settings.memoryGbHour)
    );
  }

  /**
   * A server's own monthly budget (config, else its API's annotation) and where it comes from,
   * or undefined. A malformed annotation counts as none, as a group's does.
   */
  serverBudgetOf(
    server: Pick<ServerRecord, 'serverRef' | 'budgetAnnotation'>,
  ): { amount: number; source: BudgetSource } | undefined {
    const configured = this.settings.serverBudgets.get(server.serverRef);
    if (configured !== undefined)
      return { amount: configured, source: 'config' };
    if (server.budgetAnnotation) {
      try {
        return {
          amount: parseBudgetAnnotation(server.budgetAnnotation, this.currency),
          source: 'annotation',
        };
      } catch {
        return undefined;
      }
    }
    return undefined;
  }

  /** A team's monthly budget and where it comes from, or undefined. */
  budgetOf(
    teamRef: string,
    team?: TeamRecord,
  ): { amount: number; source: BudgetSource } | undefined {
    const configured = this.settings.budgets.get(teamRef);
    if (configured !== undefined)
      return { amount: configured, source: 'config' };
    if (team?.budgetAnnotation) {
      try {
        return {
          amount: parseBudgetAnnotation(team.budgetAnnotation, this.currency),
          source: 'annotation',
        };
      } catch {
        return undefined;
      }
    }
    return undefined;
  }
}
