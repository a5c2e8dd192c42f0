import { FINDING_SEVERITIES } from '@mcp-platform/plugin-mcp-catalog-common';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { RiskScanner } from '../src/scan/RiskScanner';

/** One labelled tool definition of risk-corpus.yaml. */
export interface CorpusItem {
  id: string;
  label: 'poisoned' | 'benign';
  source: string;
  provenance: 'adapted' | 'style' | 'quoted';
  name: string;
  description?: string;
  inputSchema?: unknown;
  /** Held out: the rules were written without looking at it (every fourth item). */
  heldOut: boolean;
}

/** The corpus, with the sources each item cites checked. */
export function loadRiskCorpus(): {
  items: CorpusItem[];
  sources: Record<string, { title: string; url: string }>;
} {
  const file = path.join(__dirname, 'risk-corpus.yaml');
  const doc = parse(fs.readFileSync(file, 'utf8'));
  const items = (doc.items as Omit<CorpusItem, 'heldOut'>[]).map(
    (item, index) => {
      if (!doc.sources[item.source])
        throw new Error(`${item.id}: unknown source ${item.source}`);
      return { ...item, heldOut: index % 4 === 3 };
    },
  );
  return { items, sources: doc.sources };
}

/** Findings that count as a detection: medium or worse (low ones only inform). */
const MEDIUM = FINDING_SEVERITIES.indexOf('medium');

/** Per-rule and overall figures of the scan on (part of) the corpus. */
export interface CorpusFigures {
  poisoned: number;
  benign: number;
  truePositives: number;
  falsePositives: number;
  recall: number;
  falsePositiveRate: number;
  precision: number;
  /** Per rule: items it flags of each label. */
  rules: Map<string, { poisoned: number; benign: number }>;
  missed: CorpusItem[];
  falseAlarms: { item: CorpusItem; rules: string[] }[];
}

/**
 * Scans every item with the content rules alone (no catalog of other servers' tools: the rules
 * must catch instructions about tools the catalog does not know) and counts detections.
 */
export function evaluateRiskCorpus(
  items: CorpusItem[],
  scanner = new RiskScanner(),
): CorpusFigures {
  const rules = new Map<string, { poisoned: number; benign: number }>();
  const missed: CorpusItem[] = [];
  const falseAlarms: { item: CorpusItem; rules: string[] }[] = [];
  let truePositives = 0;
  let falsePositives = 0;
  for (const item of items) {
    const flagged = [
      ...new Set(
        scanner
          .scanContent({
            name: item.name,
            description: item.description,
            inputSchema: item.inputSchema,
          })
          .filter(f => FINDING_SEVERITIES.indexOf(f.severity) >= MEDIUM)
          .map(f => f.ruleId),
      ),
    ];
    for (const rule of flagged) {
      const counts = rules.get(rule) ?? { poisoned: 0, benign: 0 };
      counts[item.label]++;
      rules.set(rule, counts);
    }
    if (item.label === 'poisoned') {
      if (flagged.length) truePositives++;
      else missed.push(item);
    } else if (flagged.length) {
      falsePositives++;
      falseAlarms.push({ item, rules: flagged });
    }
  }
  const poisoned = items.filter(i => i.label === 'poisoned').length;
  const benign = items.length - poisoned;
  return {
    poisoned,
    benign,
    truePositives,
    falsePositives,
    recall: poisoned ? truePositives / poisoned : 1,
    falsePositiveRate: benign ? falsePositives / benign : 0,
    precision:
      truePositives + falsePositives
        ? truePositives / (truePositives + falsePositives)
        : 1,
    rules,
    missed,
    falseAlarms,
  };
}
