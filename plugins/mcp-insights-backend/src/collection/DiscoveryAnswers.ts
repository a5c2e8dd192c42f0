import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';

/** What insights reads of the MCP catalog's server list (kept literal: no dependency on it). */
interface CatalogServerSummary {
  entityRef: string;
  status: string;
  firstSuccessAt?: string;
  lastSuccessAt?: string;
}

const PAGE = 500;

/**
 * When each catalogued server first answered MCP catalog discovery, from the catalog's API
 * (`GET /api/mcp-catalog/v1/servers`, the servers that ever answered), with insights' own service
 * token. Answering discovery is a sign the server runs, so its compute cost starts there even if
 * it exports no metrics. Without the MCP catalog (not installed, unreachable) there is no answer:
 * servers then count as running from their first metrics or usage only.
 */
export class DiscoveryAnswers {
  private warned = false;

  constructor(
    private readonly deps: {
      discovery: DiscoveryService;
      auth: AuthService;
      logger: LoggerService;
    },
  ) {}

  /** Epoch ms of each answering server's first answer, by lower-cased entity ref. */
  async firstAnswers(): Promise<Map<string, number> | undefined> {
    try {
      const answers = new Map<string, number>();
      for (let offset = 0; ; offset += PAGE) {
        const page = await this.page(offset);
        for (const s of page.items) {
          const at = Date.parse(s.firstSuccessAt ?? s.lastSuccessAt ?? '');
          if (Number.isFinite(at))
            answers.set(s.entityRef.toLocaleLowerCase('en-US'), at);
        }
        if (page.items.length < PAGE || offset + PAGE >= page.totalCount) break;
      }
      this.warned = false;
      return answers;
    } catch (error) {
      // Once until it works again: a suite without the MCP catalog would repeat it every run.
      if (!this.warned)
        this.deps.logger.info(
          `MCP insights: the MCP catalog's discovery status is not available (${
            (error as Error).message
          }); servers count as running from their first metrics or usage only`,
        );
      this.warned = true;
      return undefined;
    }
  }

  private async page(
    offset: number,
  ): Promise<{ items: CatalogServerSummary[]; totalCount: number }> {
    const { discovery, auth } = this.deps;
    const [base, { token }] = await Promise.all([
      discovery.getBaseUrl('mcp-catalog'),
      auth.getPluginRequestToken({
        onBehalfOf: await auth.getOwnServiceCredentials(),
        targetPluginId: 'mcp-catalog',
      }),
    ]);
    const response = await fetch(
      `${base}/v1/servers?status=ok,error&limit=${PAGE}&offset=${offset}`,
      {
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(10_000),
      },
    );
    if (!response.ok)
      throw new Error(`it answered ${response.status} to its server list`);
    return (await response.json()) as {
      items: CatalogServerSummary[];
      totalCount: number;
    };
  }
}
