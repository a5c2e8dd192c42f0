import { parseEntityRef } from '@backstage/catalog-model';
import { NotificationSeverity } from '@backstage/plugin-notifications-common';
import {
  CostAlert,
  SloListResponse,
  SloServerSummary,
  TeamCostSummary,
  UNALLOCATED_TEAM,
} from '@mcp-platform/plugin-mcp-insights-common';

/** What a notification about an alert says, and where it leads. */
export interface AlertMessage {
  title: string;
  description: string;
  /** A path of the app: the team's cost report or the server's SLO page. */
  link: string;
  severity: NotificationSeverity;
  topic: string;
}

/**
 * An alert as it stands now: its subject (`key`), its state (`ok` or the firing one) and who
 * hears about it. A notification goes out when the state differs from the last notified one.
 */
export interface AlertSignal {
  /** Stable per subject, e.g. `budget:group:default/payments:2026-12`, `slo:api:default/x`. */
  key: string;
  /** `ok`, or the firing state: a budget threshold (`0.8`), `over`, `spike`, `page`, `ticket`. */
  state: string;
  /** The owning team (group entity ref) that is notified. */
  teamRef: string;
  /** What to send when the alert enters its current (firing) state. */
  firing?: AlertMessage;
  /**
   * What to send when it returns to `ok`. Without it a return to `ok` is not notified and the
   * alert stays in its last state: once a month for a forecast, once a day for a spike.
   */
  resolved?: AlertMessage;
}

/** Topics of the notifications, for the users' notification settings. */
export const ALERT_TOPICS = {
  budget: 'MCP budget',
  spike: 'MCP spend spike',
  slo: 'MCP SLO',
} as const;

const COST_SEVERITY: Record<CostAlert['severity'], NotificationSeverity> = {
  critical: 'critical',
  warning: 'high',
  info: 'normal',
};

const percent = (ratio: number) => `${Math.round(ratio * 100)} %`;

/** `/mcp-insights?team=...&month=...`: the team's cost report. */
function costLink(pagePath: string, team: string, month: string) {
  return `${pagePath}?${new URLSearchParams({ team, month })}`;
}

/** `/mcp-insights/slo/servers/<namespace>/<name>`: the server's SLO page. */
function sloLink(pagePath: string, serverRef: string) {
  const { namespace, name } = parseEntityRef(serverRef);
  const base = pagePath === '/' ? '' : pagePath;
  return `${base}/slo/servers/${encodeURIComponent(
    namespace,
  )}/${encodeURIComponent(name)}`;
}

/**
 * The cost alerts of the month as signals: per team, the highest budget threshold crossed (a
 * recovery, after a raised budget, is notified), the forecast over budget (at most once a month)
 * and spend spikes (once per day and team or server; a team's spike is left out when one of its
 * own servers' spikes that day names the culprit). Every team with a budget has a budget signal,
 * `ok` when under every threshold.
 */
export function costAlertSignals(options: {
  month: string;
  teams: Map<string, TeamCostSummary>;
  alerts: CostAlert[];
  thresholds: number[];
  pagePath: string;
}): AlertSignal[] {
  const { month, teams, alerts, pagePath } = options;
  const signals: AlertSignal[] = [];
  const nameOf = (team: string) => teams.get(team)?.title ?? team;
  const link = (team: string) => costLink(pagePath, team, month);
  const notify = (team: string) => team !== UNALLOCATED_TEAM;

  for (const [team, summary] of teams) {
    if (!notify(team) || summary.monthlyBudget === null) continue;
    const crossed = alerts.find(
      a => a.kind === 'budget-threshold' && a.team === team && !a.serverRef,
    );
    const lowest = Math.min(...options.thresholds);
    signals.push({
      key: `budget:${team}:${month}`,
      teamRef: team,
      state: crossed ? String(crossed.threshold) : 'ok',
      firing: crossed && {
        title: `${nameOf(team)} has spent ${percent(
          crossed.value,
        )} of its MCP budget for ${month}`,
        description: crossed.message,
        link: link(team),
        severity: COST_SEVERITY[crossed.severity],
        topic: ALERT_TOPICS.budget,
      },
      resolved: {
        title: `${nameOf(team)} is back under ${percent(
          lowest,
        )} of its MCP budget for ${month}`,
        description: `The month-to-date spend of ${nameOf(team)} is ${percent(
          summary.usedRatio ?? 0,
        )} of its monthly budget, under every alert threshold again.`,
        link: link(team),
        severity: 'low',
        topic: ALERT_TOPICS.budget,
      },
    });
    const forecast = alerts.find(
      a => a.kind === 'budget-forecast' && a.team === team,
    );
    signals.push({
      key: `forecast:${team}:${month}`,
      teamRef: team,
      state: forecast ? 'over' : 'ok',
      firing: forecast && {
        title: `${nameOf(
          team,
        )} is on course to overspend its MCP budget for ${month}`,
        description: forecast.message,
        link: link(team),
        severity: COST_SEVERITY[forecast.severity],
        topic: ALERT_TOPICS.budget,
      },
    });
  }

  const serverSpikeDays = new Set(
    alerts
      .filter(a => a.kind === 'spend-spike' && a.serverRef)
      .map(a => `${a.team}|${a.date}`),
  );
  for (const spike of alerts) {
    if (spike.kind !== 'spend-spike' || !notify(spike.team)) continue;
    if (!spike.serverRef && serverSpikeDays.has(`${spike.team}|${spike.date}`))
      continue;
    signals.push({
      key: `spike:${spike.team}:${spike.serverRef ?? '*'}:${spike.date}`,
      teamRef: spike.team,
      state: 'spike',
      firing: {
        title: `MCP spend spike on ${spike.date}: ${(spike.value ?? 0).toFixed(
          1,
        )}× the 7-day average`,
        description: spike.message,
        link: link(spike.team),
        severity: COST_SEVERITY[spike.severity],
        topic: ALERT_TOPICS.spike,
      },
    });
  }
  return signals;
}

/**
 * The SLO status of each server with objectives as a signal: `page` or `ticket` when its
 * multiwindow burn-rate alerts fire, `ok` otherwise; every change is notified (a recovery too).
 */
export function sloAlertSignals(options: {
  slos: SloListResponse;
  pagePath: string;
}): AlertSignal[] {
  return options.slos.items
    .filter(s => s.objectives.length && s.team !== UNALLOCATED_TEAM)
    .map(server => {
      const link = sloLink(options.pagePath, server.serverRef);
      const name = server.title ?? server.name;
      return {
        key: `slo:${server.serverRef}`,
        teamRef: server.team,
        state: server.status,
        firing:
          server.status === 'ok'
            ? undefined
            : {
                title:
                  server.status === 'page'
                    ? `${name} is burning its error budget fast: page`
                    : `${name} is burning its error budget: ticket`,
                description: burnDescription(server),
                link,
                severity: server.status === 'page' ? 'critical' : 'high',
                topic: ALERT_TOPICS.slo,
              },
        resolved: {
          title: `${name} no longer burns its error budget too fast`,
          description: `The burn-rate alerts of ${name} stopped firing; ${remaining(
            server,
          )}.`,
          link,
          severity: 'low',
          topic: ALERT_TOPICS.slo,
        },
      };
    });
}

function remaining(server: SloServerSummary) {
  return server.errorBudgetRemaining === null
    ? 'no calls in its window yet'
    : `${percent(server.errorBudgetRemaining)} of its error budget is left`;
}

/** Which objective and which windows fire, in a sentence. */
function burnDescription(server: SloServerSummary): string {
  const firing = server.objectives.filter(o => o.status === server.status);
  const parts = firing.map(o => {
    const windows = o.burnRates
      .filter(w => w.firing && w.severity === server.status)
      .map(
        w =>
          `${w.longWindow}/${w.shortWindow} at ${(w.longBurnRate ?? 0).toFixed(
            1,
          )}× (threshold ${w.factor}×)`,
      );
    return `${o.id} (target ${(o.target * 100).toFixed(
      2,
    )} %) burns ${windows.join(', ')}`;
  });
  return `${server.title ?? server.name}: ${parts.join('; ')}; ${remaining(
    server,
  )}.`;
}
