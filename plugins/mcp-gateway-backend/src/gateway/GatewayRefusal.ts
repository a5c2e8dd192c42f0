import { GatewayRefusalKind } from '@mcp-platform/plugin-mcp-gateway-common';

/** A refusal of a call, in the words the caller gets. */
export class GatewayRefusal extends Error {
  name = 'GatewayRefusal';
  constructor(
    readonly kind: GatewayRefusalKind,
    message: string,
    readonly extra: {
      rule?: string;
      decisionId?: string;
      retryAfterSeconds?: number;
      /** A JSON-RPC error rather than a tool error result: the tool does not exist here. */
      unknownTool?: boolean;
    } = {},
  ) {
    super(message);
  }
}
