export interface Config {
  /** Configuration of the MCP catalog backend. */
  mcpCatalog?: {
    discovery?: {
      /**
       * Seconds between discovery runs (each run syncs from the catalog and discovers due servers).
       * Default 30.
       * @visibility backend
       */
      frequencySeconds?: number;
      /**
       * Servers discovered at the same time. Discovery mostly waits on the network, so this is
       * high; each server still gets one request at a time. Default 128.
       * @visibility backend
       */
      concurrency?: number;
      /** Deadline for discovering one server, all remotes included. Default 15. @visibility backend */
      timeoutSeconds?: number;
      /** Most tools (and prompts, resources) accepted from one server. Default 5000. @visibility backend */
      maxItems?: number;
      /** Largest accepted response body in bytes. Default 10 MiB. @visibility backend */
      maxResponseBytes?: number;
      /** Minutes before a successfully discovered server is discovered again. Default 10. @visibility backend */
      refreshIntervalMinutes?: number;
      /** First retry delay after a failure, doubling per failure. Default 30. @visibility backend */
      minBackoffSeconds?: number;
      /** Longest retry delay. Default 60. @visibility backend */
      maxBackoffMinutes?: number;
      /**
       * Approve the tools found by a server's first successful discovery (its registration was the
       * review). When false, every first-seen tool waits for approval. Default true.
       * @visibility backend
       */
      baselineOnFirstDiscovery?: boolean;
      /**
       * Let discovery reach loopback, private, link-local and other non-public addresses.
       * Default false; prefer `allowedCidrs`.
       * @visibility backend
       */
      allowPrivateNetworks?: boolean;
      /** Non-public ranges discovery may reach, e.g. `10.20.0.0/16`. @visibility backend */
      allowedCidrs?: string[];
      /**
       * Hours an era verdict is trusted: after this, a server known to speak only 2025 is probed
       * for 2026-07-28 again, and a 2026 server is asked whether it still serves 2025 clients.
       * Default 24.
       * @visibility backend
       */
      revisionCheckIntervalHours?: number;
    };
    /**
     * Header values sent to MCP servers that require them (discovery, and the gateway's upstream
     * calls). Each entry is bound to an origin: its headers go to that origin only, so editing an
     * entity's URL (or a redirect) can never send a secret elsewhere. Never put these in catalog
     * YAML.
     */
    credentials?: Array<{
      /** `scheme://host[:port]` of the MCP server. @visibility backend */
      origin: string;
      /** Only for this server entity, e.g. `api:default/payments-ledger`. @visibility backend */
      entityRef?: string;
      /** @visibility secret */
      headers: { [name: string]: string };
    }>;
    /** Extra risk-scan rules, matched against every text of tool and prompt definitions. */
    riskRules?: Array<{
      /** @visibility backend */
      id: string;
      /** @visibility backend */
      severity: 'low' | 'medium' | 'high' | 'critical';
      /** @visibility backend */
      message: string;
      /**
       * JavaScript regular expression, linear by construction: repetition only with an upper
       * bound (`{0,200}`, `?`; no `*`, `+`, `{n,}`), no backreferences, a bounded number of ways
       * to match at one position. Other patterns stop the backend with a message naming the rule.
       * @visibility backend
       */
      pattern: string;
      /** Regular expression flags; default `iu`. @visibility backend */
      flags?: string;
    }>;
    /** Descriptions longer than this are flagged. Default 2000. @visibility backend */
    maxDescriptionLength?: number;
    /** The private MCP registry served at `/api/mcp-catalog/v0`. */
    registry?: {
      /** Reverse-DNS prefix of published server names. Default `internal.backstage`. @visibility backend */
      namespace?: string;
      /** Lifecycles that are published. Default production and experimental. @visibility backend */
      lifecycles?: string[];
      /** Most serious finding a published server may have: none, low, ... Default low. @visibility backend */
      maxFindingSeverity?: 'none' | 'low' | 'medium' | 'high' | 'critical';
      /** Publish only servers whose tools are all approved. Default true. @visibility backend */
      requireApprovedTools?: boolean;
    };
  };
}
