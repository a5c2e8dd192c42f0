/** Who calls the gateway, as its decisions, limits and meter see them. */
export interface GatewayCaller {
  /** The authenticated principal: a user ref, or a service's subject. */
  principal: string;
  /** The user the policy decides for (a service principal decides as its team's members would). */
  userRef: string;
  /** The user's ownership refs: the user and their groups. */
  groups: string[];
  /** The consuming team, for limits and cost. */
  team?: string;
  /** Server refs the caller may see in the catalog; undefined when they may see all. */
  visibleServers?: Set<string>;
}

/** Who a policy decision is about: the user, their groups and the consuming team. */
export function subjectOf(caller: GatewayCaller) {
  return {
    userRef: caller.userRef,
    groups: caller.groups,
    team: caller.team,
  };
}
