import { z } from 'zod';
import { ExampleServerDefinition } from './exampleServer';
import { defineTool, jsonResult } from './exampleTool';
import { ToolMetrics } from './toolMetrics';

/** Rough token estimate (4 characters a token), as used for metering when no tokenizer runs. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

const models = [
  { id: 'gpt-4o-mini', use: 'classification' },
  { id: 'claude-3-5-haiku-20241022', use: 'summarisation' },
  { id: 'text-embedding-3-small', use: 'embeddings' },
];

/**
 * Text tools of the ML platform team. They compute locally (no model is called here) but meter
 * the tokens a real model would have used, so cost dashboards have LLM spend to show.
 */
export function createModelGateway(
  metrics: ToolMetrics,
): ExampleServerDefinition {
  const meter = (model: string, input: number, output: number, cached = 0) => {
    metrics.llmTokens.inc({ model, direction: 'input' }, input);
    metrics.llmTokens.inc({ model, direction: 'output' }, output);
    if (cached) metrics.llmTokens.inc({ model, direction: 'cached' }, cached);
  };

  return {
    name: 'model-gateway',
    title: 'Model gateway',
    version: '0.3.1',
    team: 'ml-platform',
    revisions: ['2025-11-25'],
    sse: false,
    instructions:
      'Classify, summarise and embed text with the company-approved models.',
    tools: [
      defineTool({
        name: 'list_models',
        title: 'List models',
        description: 'Lists the approved models and what each is used for.',
        inputSchema: {},
        annotations: { readOnlyHint: true, openWorldHint: false },
        handler: () => jsonResult({ models }),
      }),
      defineTool({
        name: 'classify_text',
        title: 'Classify text',
        description:
          'Assigns the best-matching label to a text, with a confidence per label.',
        inputSchema: {
          text: z.string().min(1).max(20000),
          labels: z
            .array(z.string().min(1))
            .min(2)
            .max(20)
            .describe('Candidate labels'),
        },
        annotations: {
          readOnlyHint: true,
          idempotentHint: true,
          openWorldHint: true,
        },
        handler: ({ text, labels }) => {
          const lower = text.toLowerCase();
          const scores = labels.map(label => ({
            label,
            score:
              label
                .toLowerCase()
                .split(/\W+/)
                .filter(w => w && lower.includes(w)).length + 1,
          }));
          const total = scores.reduce((s, x) => s + x.score, 0);
          const ranked = scores
            .map(s => ({ label: s.label, confidence: s.score / total }))
            .sort((a, b) => b.confidence - a.confidence);
          meter('gpt-4o-mini', estimateTokens(text) + 40, 12, 30);
          return jsonResult({ label: ranked[0].label, ranked });
        },
      }),
      defineTool({
        name: 'summarize_text',
        title: 'Summarise text',
        description:
          'Returns an extractive summary of at most maxSentences sentences.',
        inputSchema: {
          text: z.string().min(1).max(100000),
          maxSentences: z.number().int().min(1).max(10).default(3),
        },
        annotations: {
          readOnlyHint: true,
          idempotentHint: true,
          openWorldHint: true,
        },
        handler: ({ text, maxSentences }) => {
          const sentences = text.split(/(?<=[.!?])\s+/).filter(Boolean);
          const summary = sentences.slice(0, maxSentences).join(' ');
          meter(
            'claude-3-5-haiku-20241022',
            estimateTokens(text) + 60,
            estimateTokens(summary),
          );
          return jsonResult({
            summary,
            sentences: Math.min(maxSentences, sentences.length),
          });
        },
      }),
      defineTool({
        name: 'embed_text',
        title: 'Embed text',
        description:
          'Returns an 8-dimensional embedding per input text (a stand-in for the real model).',
        inputSchema: {
          texts: z.array(z.string().min(1).max(8000)).min(1).max(64),
        },
        annotations: {
          readOnlyHint: true,
          idempotentHint: true,
          openWorldHint: true,
        },
        handler: ({ texts }) => {
          const embeddings = texts.map(t => {
            const v = new Array(8).fill(0);
            for (let i = 0; i < t.length; i++) v[i % 8] += t.charCodeAt(i);
            const norm = Math.hypot(...v) || 1;
            return v.map(x => Number((x / norm).toFixed(6)));
          });
          meter(
            'text-embedding-3-small',
            texts.reduce((s, t) => s + estimateTokens(t), 0),
            0,
          );
          return jsonResult({ model: 'text-embedding-3-small', embeddings });
        },
      }),
    ],
  };
}
