import {
  DecisionLogEntry,
  DecisionLogPage,
  FiredRule,
  PolicyTarget,
} from '@mcp-platform/plugin-mcp-policy-common';

/** A decision as it is written to the log. */
export interface NewDecision {
  decidedAt: Date;
  kind: PolicyTarget;
  principal: string;
  subject: string;
  user?: string;
  result: 'allow' | 'deny';
  reason?: string;
  rules: FiredRule[];
  policySetDigest: string;
  /** The evaluated input, context included. */
  input: Record<string, unknown>;
}

/** Filters of the decision log query. */
export interface DecisionQuery {
  kind?: PolicyTarget;
  result?: 'allow' | 'deny';
  principal?: string;
  user?: string;
  /** `<policy>/<rule>` that fired. */
  rule?: string;
  /** Substring of the subject. */
  subject?: string;
  since?: Date;
  until?: Date;
  limit: number;
  cursor?: string;
  includeInput?: boolean;
}

/** The audit log of enforced decisions. */
export interface DecisionLog {
  /** Writes decisions and returns their ids, in order. */
  append(decisions: NewDecision[]): Promise<string[]>;
  query(query: DecisionQuery): Promise<DecisionLogPage>;
  get(id: string): Promise<DecisionLogEntry | undefined>;
  /** Decisions to replay in a dry run, newest first, inputs included. */
  forReplay(options: {
    kind?: PolicyTarget;
    since?: Date;
    until?: Date;
    limit: number;
    /** Only decisions about this user or asked by them (principal). */
    involving?: string;
  }): Promise<DecisionLogEntry[]>;
  /** How often each rule fired since `since`. */
  firedCounts(since: Date): Promise<Map<string, number>>;
  /** Deletes decisions older than `before`; returns how many. */
  deleteOlderThan(before: Date): Promise<number>;
}
