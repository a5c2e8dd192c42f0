import { inputRequired } from '@modelcontextprotocol/server';
import { ExampleServerDefinition } from './exampleServer';
import { ExampleTool, defineTool } from './exampleTool';

/**
 * The diagnostic tools the official conformance suite's `server-stateless` scenario calls by
 * name: without them three of its checks (undeclared client capability, no requests on a response
 * stream, no log without `logLevel`) fail as "not testable". They exercise the SDK's own
 * behaviour, so they are added to an example server for that scenario only and never shipped.
 */
export const conformanceFixtureTools: ExampleTool[] = [
  defineTool({
    name: 'test_missing_capability',
    title: 'Needs sampling',
    description:
      'Asks the client for an LLM completion, so a client that did not declare sampling is refused with -32021.',
    inputSchema: {},
    annotations: { readOnlyHint: true },
    handler: (_args, ctx) => {
      if (ctx.mcpReq.inputResponses?.answer === undefined) {
        return inputRequired({
          inputRequests: {
            answer: inputRequired.createMessage({
              messages: [
                { role: 'user', content: { type: 'text', text: 'Say pong' } },
              ],
              maxTokens: 16,
            }),
          },
        });
      }
      return { content: [{ type: 'text', text: 'sampled' }] };
    },
  }),
  defineTool({
    name: 'test_streaming_elicitation',
    title: 'Plain result',
    description:
      'Answers with its result only: its response stream carries no request to the client.',
    inputSchema: {},
    annotations: { readOnlyHint: true },
    handler: () => ({ content: [{ type: 'text', text: 'result only' }] }),
  }),
  defineTool({
    name: 'test_logging_tool',
    title: 'Logs',
    description:
      'Logs at info level; the log reaches only clients that asked for a log level.',
    inputSchema: {},
    annotations: { readOnlyHint: true },
    handler: async (_args, ctx) => {
      await ctx.mcpReq.log('info', 'test_logging_tool ran');
      return { content: [{ type: 'text', text: 'logged' }] };
    },
  }),
];

/** The definition with the conformance suite's diagnostic tools added. */
export function withConformanceFixtures(
  definition: ExampleServerDefinition,
): ExampleServerDefinition {
  return {
    ...definition,
    tools: [...definition.tools, ...conformanceFixtureTools],
  };
}
