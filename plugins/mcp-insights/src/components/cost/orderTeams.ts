/** What the picker needs of a team: its ref and its parent, if any. */
export interface TreeTeam {
  team: string;
  parent?: string;
}

/** A team with its depth in the group tree, for an indented picker. */
export interface TeamOption<T extends TreeTeam> {
  summary: T;
  depth: number;
}

/**
 * Teams in tree order: each parent followed by its children, siblings in the order given (most
 * expensive first). Teams whose parent is not in the list are roots.
 */
export function orderTeams<T extends TreeTeam>(teams: T[]): TeamOption<T>[] {
  const known = new Set(teams.map(t => t.team));
  const childrenOf = new Map<string, T[]>();
  const roots: T[] = [];
  for (const team of teams) {
    if (team.parent && known.has(team.parent)) {
      const siblings = childrenOf.get(team.parent) ?? [];
      siblings.push(team);
      childrenOf.set(team.parent, siblings);
    } else {
      roots.push(team);
    }
  }
  const result: TeamOption<T>[] = [];
  const seen = new Set<string>();
  const visit = (summary: T, depth: number) => {
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
