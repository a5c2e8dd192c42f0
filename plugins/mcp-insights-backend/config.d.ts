export interface Config {
  /**
   * Configuration of MCP insights: usage collection, cost model, budgets, SLOs, retention.
   * @visibility backend
   */
  mcpInsights?: {
    /** Scheduled collection of usage from metrics. @visibility backend */
    collection?: {
      /** Seconds between collection runs. Default 60. @visibility backend */
      frequencySeconds?: number;
      /** Deadline for reading one server's `/metrics` or one Prometheus query. Default 10. @visibility backend */
      timeoutSeconds?: number;
      /** Servers scraped at the same time. Default 8. @visibility backend */
      concurrency?: number;
      /** Largest accepted `/metrics` response in bytes. Default 5 MiB. @visibility backend */
      maxResponseBytes?: number;
      /**
       * Count a series' whole value the first time it is seen (its usage since the server
       * started). When false, only growth after the first observation counts. Default true.
       * @visibility backend
       */
      countExistingOnFirstScrape?: boolean;
      /**
       * Scrape servers on loopback, private, link-local and other non-public addresses. Off by
       * default: metrics URLs come from catalog entities, which anyone who can register one
       * controls, so scrapes go through the same SSRF guard as discovery (every resolved
       * address checked at connect, every redirect hop re-checked). Development only. Does not
       * apply to `prometheus.baseUrl`, which is the administrator's own.
       * @visibility backend
       */
      allowPrivateNetworks?: boolean;
      /**
       * CIDRs scraped even though they are not public, e.g. `10.20.0.0/16` for the cluster the
       * MCP servers run in, or `127.0.0.0/8` for servers on this machine in development.
       * @visibility backend
       */
      allowedCidrs?: string[];
    };
    /** Pushed usage events (`POST /v1/usage/events`). @visibility backend */
    usage?: {
      /**
       * Users and groups (entity refs such as `group:default/platform-team`) whose members may
       * push usage for any server, as service principals (a gateway, a CI job with a static
       * token) may. Other users push only for servers owned by one of their groups or a group
       * below it. Default none.
       * @visibility backend
       */
      pushForAnyServer?: string[];
      /** Largest values one event may carry; an event over them is rejected. @visibility backend */
      maxPerEvent?: {
        /** Tokens of one model in one direction (input, output, cached). Default 10 000 000. @visibility backend */
        tokens?: number;
        /** `durationMs` of a call. Default 86 400 000 (a day). @visibility backend */
        durationMs?: number;
        /** `cost` of one event, in `cost.currency`. Default 1000. @visibility backend */
        cost?: number;
        /** `requestBytes` and `responseBytes` of a gateway-observed call. Default 1 073 741 824 (1 GiB). @visibility backend */
        bytes?: number;
      };
    };
    /**
     * Read usage from a Prometheus server (HTTP API) instead of scraping each server's
     * `/metrics`. Series must carry a label naming the server (see `serverLabel`).
     * @visibility backend
     */
    prometheus?: {
      /** e.g. `http://prometheus:9090`. @visibility backend */
      baseUrl: string;
      /** Label holding the server's entity name. Default `server`. @visibility backend */
      serverLabel?: string;
      /** Hours of history read on the first run. Default 6. @visibility backend */
      backfillHours?: number;
      /** Longest stretch caught up after an outage, in hours. Default 24. @visibility backend */
      maxCatchUpHours?: number;
      /** Headers sent to Prometheus, e.g. Authorization. @visibility secret */
      headers?: { [name: string]: string };
    };
    /** How long data is kept. @visibility backend */
    retention?: {
      /** 5-minute rollups (burn-rate windows up to 6 h). Default 8, at least 7. @visibility backend */
      fiveMinuteHours?: number;
      /** Hourly rollups (SLO windows, burn-down). Default 95 days, at least the longest SLO window. @visibility backend */
      hourlyDays?: number;
      /** Daily rollups and cost rows (reports, CSV). Default 400. @visibility backend */
      dailyDays?: number;
      /**
       * Pushed event ids remembered for idempotency; older events are refused. Default 7.
       * @visibility backend
       */
      eventIdDays?: number;
    };
    /** The cost model. @visibility backend */
    cost?: {
      /** ISO 4217 code of every amount. Default USD. @visibility backend */
      currency?: string;
      /** Compute: replicas × (CPU × cpuCoreHour + memory × memoryGbHour) × hours. @visibility backend */
      compute?: {
        /** Price of one CPU core for one hour. Default 0.04048. @visibility backend */
        cpuCoreHour?: number;
        /** Price of one GB of memory for one hour. Default 0.004445. @visibility backend */
        memoryGbHour?: number;
        /** Resources of servers without a `mcp-platform.io/resources` annotation. @visibility backend */
        defaultResources?: {
          /** @visibility backend */
          replicas?: number;
          /** CPU cores per replica. @visibility backend */
          cpu?: number;
          /** Memory per replica in GB. @visibility backend */
          memoryGb?: number;
        };
        /** Resources per server from deployment config; they win over the annotation. @visibility backend */
        servers?: Array<{
          /** Server entity ref, e.g. `api:default/payments-ledger`. @visibility backend */
          server: string;
          /** @visibility backend */
          replicas: number;
          /** @visibility backend */
          cpu: number;
          /** @visibility backend */
          memoryGb: number;
        }>;
      };
      /** Model prices per million tokens; they win over `modelPricesFile`. @visibility backend */
      models?: Array<{
        /** Model id as reported in usage, e.g. `gpt-4o-mini`. @visibility backend */
        model: string;
        /** @visibility backend */
        inputPerMillion: number;
        /** @visibility backend */
        outputPerMillion: number;
        /** Price of cached input tokens; default the input price. @visibility backend */
        cachedInputPerMillion?: number;
      }>;
      /**
       * A JSON price map in LiteLLM's format (`input_cost_per_token`, `output_cost_per_token`,
       * `cache_read_input_token_cost` per model), relative to the working directory.
       * @visibility backend
       */
      modelPricesFile?: string;
      /**
       * Monthly budgets per team or per server; they win over the `mcp-platform.io/monthly-budget`
       * annotation of the group or of the server's `mcp-server` API. Each entry names one of
       * `team` and `server`. A server's budget is tracked beside its team's, which still
       * includes the server's spend.
       * @visibility backend
       */
      budgets?: Array<{
        /** Group entity ref, e.g. `group:default/payments`. @visibility backend */
        team?: string;
        /** Server (API entity) ref, e.g. `api:default/payments-ledger`. @visibility backend */
        server?: string;
        /** @visibility backend */
        monthly: number;
      }>;
    };
    /** Cost alerts. @visibility backend */
    alerts?: {
      /** Shares of the budget that raise an alert. Default [0.8, 0.9, 1]. @visibility backend */
      budgetThresholds?: number[];
      /** A day's spend above this × its 7-day average is a spike. Default 3. @visibility backend */
      spikeFactor?: number;
      /**
       * Alerts sent to the owning team through Backstage notifications, once per transition: a
       * budget threshold crossed, the month's forecast over budget, a spend spike, an SLO
       * starting to page or ticket (and its recovery). Needs the notifications backend.
       * @visibility backend
       */
      notifications?: {
        /** Send them (default true). @visibility backend */
        enabled?: boolean;
        /**
         * How often alerts are evaluated, in seconds (default 300). One replica evaluates at a
         * time (a global scheduler task). @visibility backend
         */
        frequencySeconds?: number;
        /**
         * Where the MCP insights page is mounted in the app, for the notifications' links
         * (default `/mcp-insights`). @visibility backend
         */
        pagePath?: string;
      };
    };
    /** SLOs besides the `mcp-platform.io/slo` annotation. @visibility backend */
    slo?: {
      /**
       * Objectives of servers without the annotation (no `tool`), or of one tool (`tool`), in
       * the annotation's syntax, e.g. `availability=99.95,latency-p99=500ms`.
       * @visibility backend
       */
      objectives?: Array<{
        /** @visibility backend */
        server: string;
        /** @visibility backend */
        tool?: string;
        /** @visibility backend */
        objectives: string;
      }>;
    };
  };
}
