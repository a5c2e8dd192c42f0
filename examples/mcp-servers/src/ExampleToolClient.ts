import {
  Client,
  StreamableHTTPClientTransport,
} from '@modelcontextprotocol/client';

/**
 * A connected MCP client for calling one example server's tools. It probes with
 * `server/discover` and speaks 2026-07-28 where the server does, else the 2025 handshake.
 */
export class ExampleToolClient {
  private client?: Promise<Client>;

  /** `headers` go with every request, e.g. the gateway's `Authorization`. */
  constructor(
    private readonly url: string,
    private readonly headers?: Record<string, string>,
  ) {}

  /** Calls a tool; resolves to whether the result was an error. */
  async call(
    tool: string,
    args: Record<string, unknown>,
  ): Promise<{ isError: boolean }> {
    this.client ??= this.connect().catch(error => {
      this.client = undefined;
      throw error;
    });
    const client = await this.client;
    const result = await client.callTool({ name: tool, arguments: args });
    return { isError: Boolean(result.isError) };
  }

  private async connect(): Promise<Client> {
    const client = new Client(
      { name: 'mcp-usage-generator', version: '1.0.0' },
      { versionNegotiation: { mode: 'auto' } },
    );
    await client.connect(
      new StreamableHTTPClientTransport(new URL(this.url), {
        requestInit: this.headers ? { headers: this.headers } : undefined,
      }),
    );
    // As an agent does: the tools' definitions tell the client which arguments to mirror into
    // Mcp-Param-* headers (2026-07-28), which servers and the gateway check.
    await client.listTools();
    return client;
  }

  async close() {
    const client = this.client;
    this.client = undefined;
    await (await client?.catch(() => undefined))?.close().catch(() => {});
  }
}
