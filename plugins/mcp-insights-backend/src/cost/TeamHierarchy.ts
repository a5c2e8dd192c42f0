import { TeamRecord } from '../database/InsightsStore';

/** The group tree of the catalog, for rolling spend up from child teams to their parents. */
export class TeamHierarchy {
  private readonly byRef = new Map<string, TeamRecord>();
  private readonly children = new Map<string, string[]>();

  constructor(teams: TeamRecord[]) {
    for (const team of teams) this.byRef.set(team.teamRef, team);
    for (const team of teams) {
      if (team.parentRef && this.byRef.has(team.parentRef)) {
        const list = this.children.get(team.parentRef) ?? [];
        list.push(team.teamRef);
        this.children.set(team.parentRef, list);
      }
    }
  }

  get(teamRef: string): TeamRecord | undefined {
    return this.byRef.get(teamRef);
  }

  has(teamRef: string): boolean {
    return this.byRef.has(teamRef);
  }

  all(): TeamRecord[] {
    return [...this.byRef.values()];
  }

  childrenOf(teamRef: string): string[] {
    return [...(this.children.get(teamRef) ?? [])].sort();
  }

  /** The parent, when it is a known group. */
  parentOf(teamRef: string): string | undefined {
    const parent = this.byRef.get(teamRef)?.parentRef;
    return parent && this.byRef.has(parent) ? parent : undefined;
  }

  /** The team and every group below it (cycles in catalog data are tolerated). */
  withDescendants(teamRef: string): string[] {
    const result = new Set<string>([teamRef]);
    const stack = [teamRef];
    while (stack.length) {
      for (const child of this.children.get(stack.pop()!) ?? []) {
        if (!result.has(child)) {
          result.add(child);
          stack.push(child);
        }
      }
    }
    return [...result];
  }
}
