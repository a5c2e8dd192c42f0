export interface Config {
  /** The MCP policy engine. */
  mcpPolicy?: {
    /**
     * Tools whose high risk findings the platform team accepted, as `<server ref>#<tool>`
     * (e.g. `api:default/payments-ledger#get_payment`): the built-in pack refuses tools with high
     * findings otherwise (critical findings always). @visibility backend
     */
    acceptedRisks?: string[];
    /**
     * Load the built-in policy pack (deployment guardrails, tool access, suite permissions).
     * Defaults to true; switch off when your policy repository replaces it.
     * @visibility backend
     */
    builtinPack?: boolean;
    /**
     * Policy files or directories of `.yaml` files, resolved from the backend's working
     * directory. Test documents (`kind: McpPolicyTest`) may sit beside the policies.
     * @visibility backend
     */
    policyFiles?: string[];
    /**
     * How often the files are checked for changes, in seconds (default 10). A changed set that
     * does not load is rejected and the last good set stays active.
     * @visibility backend
     */
    reloadIntervalSeconds?: number;
    toolCalls?: {
      /**
       * The decision when no tool-call rule allows or denies: `deny` (default) or `allow`.
       * @visibility backend
       */
      default?: 'allow' | 'deny';
    };
    permission?: {
      /**
       * The decision for the suite's permissions (`mcp.*`) when no permission rule decides:
       * `deny` (default) or `allow`.
       * @visibility backend
       */
      default?: 'allow' | 'deny';
    };
    /**
     * The platform team's groups, given to rules as `context.platform.groups`, e.g.
     * `group:default/platform-team`. In the built-in pack they may approve tool changes and
     * refresh discovery on every server (owners only on their own), read the decision log and
     * push usage for any server.
     * @visibility backend
     */
    platformGroups?: string[];
    decisionLog?: {
      /**
       * Days decisions are kept (default 90).
       * @visibility backend
       */
      retentionDays?: number;
    };
    limits?: {
      /**
       * Largest estimated cost of an expression (default 1000000): one comprehension over a
       * capped list fits, a comprehension nested in another does not.
       * @visibility backend
       */
      maxExpressionCost?: number;
    };
    /**
     * How long a context provider may take to answer, in milliseconds (default 2000). A rule that
     * needs a provider that did not answer fails closed.
     * @visibility backend
     */
    contextTimeoutMs?: number;
    /**
     * How long the catalog facts of a tool (approval, kill switch, hints) are reused between
     * decisions, in milliseconds (default 2000). Approvals and kill switch uses in this backend
     * instance reach decisions at once (the catalog announces them); other instances see them
     * within this time.
     * @visibility backend
     */
    toolFactsCacheMs?: number;
    /**
     * Dry runs (`POST /v1/dry-run`) evaluate policies sent by any user allowed to dry-run, so
     * each runs in a child process with these limits; the process is killed at either.
     */
    dryRun?: {
      /**
       * Time to compile the candidates and replay the recorded decisions, in milliseconds
       * (default 10000). A dry run over it answers 422.
       * @visibility backend
       */
      timeoutMs?: number;
      /**
       * Heap of a dry run's process, in MiB (default 256). A dry run over it answers 422.
       * @visibility backend
       */
      maxMemoryMb?: number;
      /**
       * Dry runs at once per backend instance (default 2); more answer 503 until one finishes.
       * @visibility backend
       */
      maxConcurrent?: number;
    };
  };
}
