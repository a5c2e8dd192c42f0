import { TeamCostSummary } from '@mcp-platform/plugin-mcp-insights-common';

/** A team with its depth in the group tree, for an indented picker. */
export interface TeamOption {
  summary: TeamCostSummary;
  depth: number;
}

/**
 * Teams in tree order: each parent followed by its children, siblings in the order given (most
 * expensive first). Teams whose parent is not in the list are roots.
 */
export function orderTeams(teams: TeamCostSummary[]): TeamOption[] {
  const known = new Set(teams.map(t => t.team));
  const childrenOf = new Map<string, TeamCostSummary[]>();
  const roots: TeamCostSummary[] = [];
  for (const team of teams) {
    if (team.parent && known.has(team.parent)) {
      const siblings = childrenOf.get(team.parent) ?? [];
      siblings.push(team);
      childrenOf.set(team.parent, siblings);
    } else {
      roots.push(team);
    }
  }
  const result: TeamOption[] = [];
  const seen = new Set<string>();
  const visit = (summary: TeamCostSummary, depth: number) => {
    // Guards against a cycle in the catalog's group hierarchy.
    if (seen.has(summary.team)) return;
    seen.add(summary.team);
    result.push({ summary, depth });
    for (const child of childrenOf.get(summary.team) ?? []) {
      visit(child, depth + 1);
    }
  };
  roots.forEach(root => visit(root, 0));
  return result;
}
