import { FindingSeverity, RiskRule, builtinRiskRules } from './riskRules';

/** One risk found in a definition, with the text that triggered it. */
export interface RiskFinding {
  ruleId: string;
  severity: FindingSeverity;
  message: string;
  /** Where in the definition, e.g. `description` or `inputSchema.properties.note.description`. */
  field: string;
  /** The matching span of that field's text (offsets in UTF-16 code units). */
  evidence: { start: number; end: number; text: string };
}

/** A tool or prompt as the scan sees it. */
export interface ScannedDefinition {
  name: string;
  title?: string;
  description?: string;
  inputSchema?: unknown;
  outputSchema?: unknown;
  /** Prompt arguments. */
  arguments?: { name: string; description?: string }[];
}

const MAX_EVIDENCE = 200;

/** Every string a model reads in a definition, with its path. */
function textsOf(
  definition: ScannedDefinition,
): { field: string; text: string }[] {
  const texts: { field: string; text: string }[] = [];
  const push = (field: string, text: unknown) => {
    if (typeof text === 'string' && text.length > 0)
      texts.push({ field, text });
  };
  push('name', definition.name);
  push('title', definition.title);
  push('description', definition.description);
  const walk = (node: unknown, path: string, depth: number) => {
    if (depth > 32 || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach((n, i) => walk(n, `${path}[${i}]`, depth + 1));
      return;
    }
    for (const [key, value] of Object.entries(node)) {
      const p = `${path}.${key}`;
      if (
        typeof value === 'string' &&
        [
          'description',
          'title',
          'default',
          'const',
          'examples',
          'pattern',
        ].includes(key)
      ) {
        push(p, value);
      } else if (key === 'enum' && Array.isArray(value)) {
        value.forEach((v, i) => push(`${p}[${i}]`, v));
      } else {
        walk(value, p, depth + 1);
      }
    }
  };
  walk(definition.inputSchema, 'inputSchema', 0);
  walk(definition.outputSchema, 'outputSchema', 0);
  definition.arguments?.forEach((a, i) =>
    push(`arguments[${i}].description`, a.description),
  );
  return texts;
}

function evidence(text: string, start: number, end: number) {
  return {
    start,
    end,
    text: text.slice(start, Math.min(end, start + MAX_EVIDENCE)),
  };
}

/**
 * Scans tool and prompt definitions for signs of tool poisoning: hidden instructions, invisible
 * characters, requests for secrets, exfiltration URLs, shadowing of other servers' tools and
 * oversized descriptions. Pattern rules are data (built-in plus configured).
 */
export class RiskScanner {
  private readonly rules: { rule: RiskRule; regex: RegExp }[];

  constructor(
    options: {
      extraRules?: RiskRule[];
      /** Descriptions longer than this many characters are flagged. */
      maxDescriptionLength?: number;
    } = {},
  ) {
    this.maxDescriptionLength = options.maxDescriptionLength ?? 2000;
    this.rules = [...builtinRiskRules, ...(options.extraRules ?? [])].map(
      rule => {
        const flags = new Set(`${rule.flags ?? 'iu'}g`);
        try {
          return { rule, regex: new RegExp(rule.pattern, [...flags].join('')) };
        } catch (error) {
          throw new Error(
            `Invalid pattern of risk rule "${rule.id}": ${
              (error as Error).message
            }`,
          );
        }
      },
    );
  }

  private readonly maxDescriptionLength: number;

  /**
   * Scans one definition. `otherServersToolNames` are tool names of other servers: a description
   * that tells the model how to use them is shadowing.
   */
  scan(
    definition: ScannedDefinition,
    otherServersToolNames: {
      has(name: string): boolean;
      size: number;
    } = new Set<string>(),
  ): RiskFinding[] {
    const findings: RiskFinding[] = [];
    const texts = textsOf(definition);
    for (const { field, text } of texts) {
      for (const { rule, regex } of this.rules) {
        regex.lastIndex = 0;
        const match = regex.exec(text);
        if (match) {
          findings.push({
            ruleId: rule.id,
            severity: rule.severity,
            message: rule.message,
            field,
            evidence: evidence(
              text,
              match.index,
              match.index + match[0].length,
            ),
          });
        }
      }
    }
    const description = definition.description ?? '';
    if (description.length > this.maxDescriptionLength) {
      findings.push({
        ruleId: 'oversized-description',
        severity: 'low',
        message: `Description of ${description.length} characters (limit ${this.maxDescriptionLength}): long descriptions hide instructions and cost tokens on every call`,
        field: 'description',
        evidence: evidence(
          description,
          this.maxDescriptionLength,
          description.length,
        ),
      });
    }
    if (otherServersToolNames.size > 0) {
      // Token lookup rather than one regex of all names: the catalog may hold tens of thousands.
      const token = /[\w.-]+/g;
      for (const { field, text } of texts) {
        if (field === 'name') continue;
        token.lastIndex = 0;
        for (let match = token.exec(text); match; match = token.exec(text)) {
          const word = match[0].replace(/[.-]+$/, '');
          if (
            word.length >= 4 &&
            word !== definition.name &&
            otherServersToolNames.has(word)
          ) {
            findings.push({
              ruleId: 'tool-shadowing',
              severity: 'medium',
              message: `Refers to "${word}", a tool of another server: a description may try to change how other tools are used`,
              field,
              evidence: evidence(text, match.index, match.index + word.length),
            });
            break;
          }
        }
      }
    }
    return findings;
  }
}
