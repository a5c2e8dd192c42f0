export interface Config {
  /** Configuration of the MCP gateway backend. */
  mcpGateway?: {
    /**
     * Named tool subsets, each served at `/api/mcp-gateway/v1/profiles/<name>/mcp`. A server
     * entity also joins profiles through its `mcp-platform.io/gateway-profiles` annotation.
     */
    profiles?: Array<{
      /** Letters, digits and dashes. @visibility frontend */
      name: string;
      /** @visibility frontend */
      description?: string;
      /** The tools: entity refs or aliases of servers, each with tool-name globs (default all). */
      include: Array<{
        /** @visibility backend */
        server: string;
        /** Globs of tool names, e.g. `get_*`. Default `*`. @visibility backend */
        tools?: string[];
      }>;
    }>;
    /** Calls to upstream MCP servers. */
    upstream?: {
      /** Deadline of one tool call, retries included. Default 30. @visibility backend */
      callTimeoutSeconds?: number;
      /** Deadline of connecting and listing an upstream's tools. Default 5. @visibility backend */
      connectTimeoutSeconds?: number;
      /** Calls in flight per upstream; more wait. Default 64. @visibility backend */
      maxConcurrency?: number;
      /** Calls waiting for a slot per upstream; more are refused. Default 256. @visibility backend */
      maxQueued?: number;
      /** How long an upstream's live tool list is reused. Default 30. @visibility backend */
      listCacheSeconds?: number;
      /**
       * How long after that an upstream's list is still answered while a fresh one is fetched
       * in the background. Default 60; 0 makes callers wait for the fresh list. @visibility backend
       */
      listStaleSeconds?: number;
      /** Attempts of a read-only or idempotent tool's call on a transport failure. Default 2. @visibility backend */
      retryAttempts?: number;
    };
    /** The circuit breaker of each upstream. */
    breaker?: {
      /** Failures in a row that open it. Default 5. @visibility backend */
      consecutiveFailures?: number;
      /** Share of failed calls in the window that opens it (0-1). Default 0.5. @visibility backend */
      failureRatio?: number;
      /** Calls the window needs before the ratio counts. Default 10. @visibility backend */
      minimumCalls?: number;
      /** The window of the ratio. Default 30. @visibility backend */
      windowSeconds?: number;
      /** How long it stays open before one probe call goes through. Default 10. @visibility backend */
      openSeconds?: number;
    };
    /** Calls per minute; a limit left out is not enforced. */
    rateLimits?: {
      /** Per calling user. @visibility backend */
      perUser?: number;
      /** Per calling team (the caller's team, see the README). @visibility backend */
      perTeam?: number;
      /** Per tool, all callers together. @visibility backend */
      perTool?: number;
      /** Limits for one user, team or tool (`<server ref>#<tool>`). */
      overrides?: Array<{
        /** @visibility backend */
        user?: string;
        /** @visibility backend */
        team?: string;
        /** @visibility backend */
        tool?: string;
        /** @visibility backend */
        perMinute: number;
      }>;
    };
    /**
     * Answer plain `tools/call` requests without building an SDK server per request, and send
     * them upstream as one HTTP request rather than through the SDK client (the same requests
     * and answers, held to the SDK's by differential tests). Default true; false routes every
     * request through the SDK on both sides. @visibility backend
     */
    fastPath?: boolean;
    /**
     * Serve the MCP endpoints on a port of their own as well, with nothing of Backstage's
     * middleware in front (the data plane for agent traffic; see the README). The paths are the
     * same as on Backstage's listener (`/api/mcp-gateway/v1/...`).
     */
    dataPlane?: {
      listen: {
        /** @visibility backend */
        port: number;
        /** Interface to bind, e.g. `0.0.0.0`. Default all. @visibility backend */
        host?: string;
      };
      /**
       * The URL clients reach the listener at (behind an ingress), e.g.
       * `https://mcp.example.com`; the Gateway tab shows endpoints under it. Default
       * `http://localhost:<port>`. @visibility backend
       */
      baseUrl?: string;
    };
    /** Largest request body accepted, in bytes. Default 1048576 (1 MiB). @visibility backend */
    maxRequestBytes?: number;
    /**
     * Service principals that call the gateway on behalf of a team (the usage generator, a CI
     * agent), so their calls are metered and limited as that team's.
     */
    consumers?: Array<{
      /** The principal's subject, e.g. `usage-generator` (a static external-access token's subject). @visibility backend */
      subject: string;
      /** @visibility backend */
      team: string;
    }>;
    /**
     * Browser origins allowed to call the MCP endpoints besides the Backstage app (DNS-rebinding
     * protection), e.g. an MCP inspector's. @visibility backend
     */
    allowedOrigins?: string[];
    /** Seconds between reads of the MCP catalog. Default 10. @visibility backend */
    catalogRefreshSeconds?: number;
    /**
     * Seconds a policy decision is reused for the same caller and tool, at most: one in use is
     * asked again in the background in the last quarter of this time. Default 10.
     * @visibility backend
     */
    decisionCacheSeconds?: number;
    /** Days refused calls are kept. Default 14. @visibility backend */
    refusalRetentionDays?: number;
  };
}
