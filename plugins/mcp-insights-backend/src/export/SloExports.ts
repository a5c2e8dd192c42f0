import { HiddenServers, NOTHING_HIDDEN } from '../access/ServerVisibility';
import { InsightsSettings } from '../config/readInsightsConfig';
import { DirectoryStore } from '../database/InsightsStore';
import { SloEvaluator } from '../slo/SloEvaluator';
import { GrafanaDashboard, grafanaDashboard } from './grafanaDashboard';
import { generateSloRules, rulesToYaml } from './prometheusRules';
import { sloRuleInputs } from './sloRuleInputs';

/**
 * What insights exports for Prometheus and Grafana from the servers' SLOs: recording and alert
 * rules (all servers or one) and a dashboard per server. A server the caller may not see is
 * answered like one that does not exist.
 */
export class SloExports {
  constructor(
    private readonly deps: {
      store: DirectoryStore;
      slos: Pick<SloEvaluator, 'resolve'>;
      settings: InsightsSettings;
    },
  ) {}

  /**
   * The Prometheus rules (YAML) of every catalogued server the caller may see, or of one;
   * undefined for a server that is unknown or hidden.
   */
  async prometheusRules(
    options: { serverRef?: string; hidden?: HiddenServers } = {},
  ): Promise<string | undefined> {
    const { serverRef, hidden = NOTHING_HIDDEN } = options;
    let servers = (await this.deps.store.listServers()).filter(
      s => !hidden.has(s.serverRef),
    );
    if (serverRef) {
      servers = servers.filter(s => s.serverRef === serverRef);
      if (!servers.length) return undefined;
    }
    const { settings } = this.deps;
    const inputs = sloRuleInputs(servers, this.deps.slos, settings.slo);
    return rulesToYaml(
      generateSloRules(inputs, {
        serverLabel: settings.prometheus?.serverLabel,
      }),
    );
  }

  /** The Grafana dashboard of a server; undefined for one that is unknown or hidden. */
  async grafanaDashboard(
    serverRef: string,
    hidden: HiddenServers = NOTHING_HIDDEN,
  ): Promise<GrafanaDashboard | undefined> {
    const server = hidden.has(serverRef)
      ? undefined
      : await this.deps.store.getServer(serverRef);
    if (!server || server.removedAt !== undefined) return undefined;
    return grafanaDashboard({
      serverRef: server.serverRef,
      serverName: server.name,
      title: server.title,
      objectives: this.deps.slos.resolve(server).objectives,
      serverLabel: this.deps.settings.prometheus?.serverLabel,
    });
  }
}
