import {
  inputRequired,
  type McpServer,
  type ServerCapabilities,
} from '@modelcontextprotocol/server';
import { z } from 'zod';
import {
  defineTool,
  type GoldenPathTool,
  jsonResult,
} from '../../src/toolkit.js';

/*
 * What the official conformance suite needs from a server besides this server's own tools.
 * The `server-stateless` scenario calls diagnostic tools by fixed names (the SDK's own conformance
 * server has them too), `caching` lists prompts and resources, and
 * `http-custom-header-server-validation` needs a tool that mirrors an argument into an
 * `Mcp-Param-*` header. They go through the same golden-path toolkit, HTTP stack and SDK handler
 * as the real tools; only `npm run conformance` registers them, never `main.js`.
 */

/** Tools the conformance scenarios call by name. */
export const conformanceTools: GoldenPathTool[] = [
  defineTool({
    name: 'test_missing_capability',
    title: 'Needs sampling',
    description:
      'Asks the client for an LLM completion (sampling), which a client must have declared',
    inputSchema: z.object({}),
    annotations: { readOnlyHint: true },
    handler: (_args, { mcp }) =>
      mcp.mcpReq.inputResponses?.['answer'] === undefined
        ? inputRequired({
            inputRequests: {
              answer: inputRequired.createMessage({
                messages: [
                  {
                    role: 'user',
                    content: { type: 'text', text: 'Reply with: pong' },
                  },
                ],
                maxTokens: 8,
              }),
            },
          })
        : jsonResult({ sampled: true }),
  }),
  defineTool({
    name: 'test_streaming_elicitation',
    title: 'Plain result',
    description: 'Answers with a result only, no request to the client',
    inputSchema: z.object({}),
    annotations: { readOnlyHint: true },
    handler: () => jsonResult({ streamed: 'result only' }),
  }),
  defineTool({
    name: 'test_logging_tool',
    title: 'Logs to the client',
    description:
      "Writes to the client's log, which a 2026-07-28 client receives only when it asked for a log level",
    inputSchema: z.object({}),
    annotations: { readOnlyHint: true },
    handler: async (_args, { mcp }) => {
      await mcp.mcpReq.log('info', 'test_logging_tool ran');
      return jsonResult({ logged: true });
    },
  }),
  defineTool({
    name: 'conformance_region',
    title: 'Region',
    description:
      'Echoes a region that the client also sends as the Mcp-Param-Region header',
    inputSchema: z.object({
      region: z.string().max(64).meta({ 'x-mcp-header': 'Region' }),
    }),
    annotations: { readOnlyHint: true },
    handler: ({ region }) => jsonResult({ region }),
  }),
];

/** The capabilities the prompt and resource below need; neither list changes at run time. */
export const conformanceCapabilities: ServerCapabilities = {
  prompts: { listChanged: false },
  resources: { listChanged: false },
};

/** Registers one prompt and one resource, so the cacheable list and read results exist. */
export function registerConformancePromptAndResource(server: McpServer): void {
  server.registerPrompt(
    'conformance_prompt',
    { description: 'A fixed prompt' },
    () => ({
      messages: [
        { role: 'user', content: { type: 'text', text: 'Say hello.' } },
      ],
    }),
  );
  server.registerResource(
    'conformance_readme',
    'conformance://fixture/readme',
    {
      mimeType: 'text/plain',
      cacheHint: { ttlMs: 60_000, cacheScope: 'public' },
    },
    uri => ({ contents: [{ uri: uri.href, text: 'A fixed resource.' }] }),
  );
}
