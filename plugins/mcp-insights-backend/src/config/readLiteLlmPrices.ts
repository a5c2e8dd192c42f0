import { ModelPrice } from '@mcp-platform/plugin-mcp-insights-common';
import fs from 'node:fs';
import path from 'node:path';

/** Reads a LiteLLM-style price map: per-token prices, converted to per million tokens. */
export function readLiteLlmPrices(file: string): ModelPrice[] {
  const data = JSON.parse(fs.readFileSync(path.resolve(file), 'utf8'));
  const prices: ModelPrice[] = [];
  for (const [model, entry] of Object.entries<Record<string, unknown>>(data)) {
    const input = entry?.input_cost_per_token;
    const output = entry?.output_cost_per_token;
    // LiteLLM's file starts with a "sample_spec" documentation entry without numbers.
    if (typeof input !== 'number') continue;
    const cached = entry.cache_read_input_token_cost;
    prices.push({
      model,
      inputPerMillion: input * 1e6,
      outputPerMillion: typeof output === 'number' ? output * 1e6 : 0,
      cachedInputPerMillion:
        typeof cached === 'number' ? cached * 1e6 : input * 1e6,
    });
  }
  return prices;
}
