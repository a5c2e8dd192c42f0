import { patternCostProblem } from './patternCost';
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

/**
 * Characters of one text the rules look at. The patterns are linear (patternCost.ts), but their
 * constant is tens of nanoseconds per character and rule: a megabyte would hold the event loop
 * for about half a second. No tool needs 64 KiB of text, so what lies beyond is not scanned and
 * is reported as a high finding: such a definition is treated as poisoned, kept from agents and
 * from the registry. `yarn bench:risk` measures both.
 */
export const MAX_SCANNED_CHARS = 65_536;

/** Schema keys whose string values a model reads. */
const TEXT_KEYS = new Set([
  'description',
  'title',
  'default',
  'const',
  'examples',
  'pattern',
]);

/** What the rules and the shadowing check find in one text, independent of where it appears. */
interface TextScan {
  /** Index into the rules, and the span of the first match. */
  matches: { rule: number; start: number; end: number }[];
  /** Words of 4+ characters that could name a tool, with their offsets; computed on demand. */
  words?: Word[];
  /** Of those, the names of tools in the catalog known as `all`; computed on demand. */
  toolNames?: { all: object; words: Word[] };
}

/** A text of a definition, where it is, and what the rules found in it. */
interface ScannedText {
  field: string;
  text: string;
  scan: TextScan;
}

interface Word {
  word: string;
  index: number;
}

/** Tool names of other servers, as the shadowing check looks them up. */
export interface OtherToolNames {
  has(name: string): boolean;
  size: number;
  /**
   * Every tool name of the catalog, the same object for every server of a discovery run: the
   * words of a text that name any tool are then looked up once per run, not once per server.
   */
  all?: { has(name: string): boolean };
}

/**
 * Texts scanned before, with what was found. Descriptions of parameters such as "Page size, 1 to
 * 200" recur across tools and servers, and each discovery of an unchanged server repeats all of
 * its texts. Bounded by the characters kept; emptied when full.
 */
const MAX_REMEMBERED_CHARS = 4_000_000;
const MAX_REMEMBERED_TEXT_LENGTH = 4_000;

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
  // The path of a node is built only for the texts found, not for every node walked: schemas
  // are mostly structure (types, properties, required) with a few texts.
  const walk = (node: unknown, path: () => string, depth: number) => {
    if (depth > 32 || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++)
        walk(node[i], () => `${path()}[${i}]`, depth + 1);
      return;
    }
    for (const key in node) {
      if (!Object.hasOwn(node, key)) continue;
      const value = (node as Record<string, unknown>)[key];
      if (typeof value === 'string') {
        if (TEXT_KEYS.has(key)) push(`${path()}.${key}`, value);
      } else if (key === 'enum' && Array.isArray(value)) {
        const p = `${path()}.${key}`;
        value.forEach((v, i) => push(`${p}[${i}]`, v));
      } else if (value !== null && typeof value === 'object') {
        walk(value, () => `${path()}.${key}`, depth + 1);
      }
    }
  };
  walk(definition.inputSchema, () => 'inputSchema', 0);
  walk(definition.outputSchema, () => 'outputSchema', 0);
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

/** Words that could name a tool, as the shadowing check looks them up. */
function wordsOf(text: string): Word[] {
  const words: Word[] = [];
  const token = /[\w.-]+/g;
  for (let match = token.exec(text); match; match = token.exec(text)) {
    // Trailing dots and dashes trimmed by hand: /[.-]+$/ is quadratic on a long run of them.
    let end = match[0].length;
    while (end > 0 && (match[0][end - 1] === '.' || match[0][end - 1] === '-'))
      end--;
    const word = match[0].slice(0, end);
    if (word.length >= 4) words.push({ word, index: match.index });
  }
  return words;
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
        const flags = [...new Set(`${rule.flags ?? 'iu'}g`)].join('');
        const problem = patternCostProblem(rule.pattern, flags);
        if (problem) {
          throw new Error(
            `Invalid pattern of risk rule "${rule.id}": ${problem}. Risk patterns run on text that MCP servers write, so they must take linear time`,
          );
        }
        try {
          return { rule, regex: new RegExp(rule.pattern, flags) };
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
  private readonly remembered = new Map<string, TextScan>();
  private rememberedChars = 0;
  /**
   * The texts of definitions whose content was scanned, with what was found in them, until their
   * shadowing is scanned: discovery scans a definition's content when it arrives and its
   * shadowing once all servers are in, and walks the definition once.
   */
  private readonly pendingTexts = new WeakMap<object, ScannedText[]>();

  private scannedTexts(definition: ScannedDefinition): ScannedText[] {
    return textsOf(definition).map(t => ({
      ...t,
      scan: this.scanText(t.text),
    }));
  }

  private scanText(text: string): TextScan {
    const known = this.remembered.get(text);
    if (known) return known;
    const scan: TextScan = { matches: [] };
    const scanned =
      text.length > MAX_SCANNED_CHARS ? text.slice(0, MAX_SCANNED_CHARS) : text;
    this.rules.forEach(({ regex }, rule) => {
      regex.lastIndex = 0;
      const match = regex.exec(scanned);
      if (match)
        scan.matches.push({
          rule,
          start: match.index,
          end: match.index + match[0].length,
        });
    });
    if (text.length <= MAX_REMEMBERED_TEXT_LENGTH) {
      if (this.rememberedChars + text.length > MAX_REMEMBERED_CHARS) {
        this.remembered.clear();
        this.rememberedChars = 0;
      }
      this.remembered.set(text, scan);
      this.rememberedChars += text.length;
    }
    return scan;
  }

  /**
   * Scans one definition. `otherServersToolNames` are tool names of other servers: a description
   * that tells the model how to use them is shadowing.
   */
  scan(
    definition: ScannedDefinition,
    otherServersToolNames: OtherToolNames = new Set<string>(),
  ): RiskFinding[] {
    return [
      ...this.scanContent(definition),
      ...this.scanShadowing(definition, otherServersToolNames),
    ];
  }

  /** The findings of the definition alone: pattern rules and size, not the other servers' tools. */
  scanContent(definition: ScannedDefinition): RiskFinding[] {
    const findings: RiskFinding[] = [];
    const texts = this.scannedTexts(definition);
    this.pendingTexts.set(definition, texts);
    for (const { field, text, scan } of texts) {
      if (text.length > MAX_SCANNED_CHARS) {
        findings.push({
          ruleId: 'unscanned-text',
          severity: 'high',
          message: `Text of ${text.length} characters: only the first ${MAX_SCANNED_CHARS} were scanned, and the rest may hide instructions; no tool needs this much text`,
          field,
          evidence: evidence(text, MAX_SCANNED_CHARS, text.length),
        });
      }
      for (const { rule: index, start, end } of scan.matches) {
        const { rule } = this.rules[index];
        findings.push({
          ruleId: rule.id,
          severity: rule.severity,
          message: rule.message,
          field,
          evidence: evidence(text, start, end),
        });
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
    return findings;
  }

  /** Texts of the definition that refer to tools of other servers (shadowing). */
  scanShadowing(
    definition: ScannedDefinition,
    otherServersToolNames: OtherToolNames,
  ): RiskFinding[] {
    const findings: RiskFinding[] = [];
    if (otherServersToolNames.size === 0) return findings;
    const { all } = otherServersToolNames;
    // Token lookup rather than one regex of all names: the catalog may hold tens of thousands.
    const texts =
      this.pendingTexts.get(definition) ?? this.scannedTexts(definition);
    this.pendingTexts.delete(definition);
    for (const { field, text, scan } of texts) {
      if (field === 'name') continue;
      scan.words ??= wordsOf(
        text.length > MAX_SCANNED_CHARS
          ? text.slice(0, MAX_SCANNED_CHARS)
          : text,
      );
      let candidates = scan.words;
      if (all) {
        if (scan.toolNames?.all !== all)
          scan.toolNames = {
            all,
            words: scan.words.filter(({ word }) => all.has(word)),
          };
        candidates = scan.toolNames.words;
      }
      const shadowed = candidates.find(
        ({ word }) =>
          word !== definition.name && otherServersToolNames.has(word),
      );
      if (shadowed) {
        findings.push({
          ruleId: 'tool-shadowing',
          severity: 'medium',
          message: `Refers to "${shadowed.word}", a tool of another server: a description may try to change how other tools are used`,
          field,
          evidence: evidence(
            text,
            shadowed.index,
            shadowed.index + shadowed.word.length,
          ),
        });
      }
    }
    return findings;
  }
}
