import { FindingSeverity } from '@mcp-platform/plugin-mcp-catalog-common';

export type { FindingSeverity };

/** A pattern rule of the risk scan. Rules are data: platform teams add their own in config. */
export interface RiskRule {
  id: string;
  severity: FindingSeverity;
  /** What the finding means and what to do, shown with the evidence. */
  message: string;
  /** A regular expression (JavaScript syntax) matched against every text of a definition. */
  pattern: string;
  /** Regular expression flags; `g` is always added. Defaults to `iu`. */
  flags?: string;
}

/** The built-in rules. Their ids are stable: policies and suppressions refer to them. */
export const builtinRiskRules: RiskRule[] = [
  {
    id: 'hidden-instruction-tag',
    severity: 'high',
    message:
      'Markup that hides instructions to the model inside a description (tool poisoning)',
    pattern:
      '<\\s*/?\\s*(important|system|instructions?|secret|hidden|admin)\\b[^>]*>',
  },
  {
    id: 'override-instructions',
    severity: 'high',
    message: "Tries to override the model's instructions",
    pattern:
      '\\b(ignore|disregard|forget|override)\\s+(all\\s+|any\\s+)?(the\\s+)?(previous|prior|above|earlier|system|other)\\s+(instructions|prompts?|rules|messages)',
  },
  {
    id: 'instruction-to-model',
    severity: 'medium',
    message:
      'Addresses the model directly or asks it to hide something from the user',
    pattern:
      "\\b(do not|don't|never)\\s+(tell|inform|mention|reveal|show)\\s+(this\\s+to\\s+)?(the\\s+)?user\\b|\\b(before|after)\\s+(using|calling)\\s+(this|any)\\s+tool,?\\s+(you\\s+)?(must|should|always)\\b|\\byou\\s+(are|must)\\s+now\\b",
  },
  {
    id: 'secret-access',
    severity: 'high',
    message: 'Asks for secrets or local files that a tool should never need',
    pattern: [
      '(~|\\$HOME)/\\.[\\w.-]+',
      '\\bid_(rsa|ed25519|ecdsa)\\b',
      '/etc/(passwd|shadow)\\b',
      '\\.aws/credentials',
      '(^|[\\s/])\\.env\\b',
      '\\b(private[ _-]?key|api[ _-]?keys?|access[ _-]?tokens?|passwords?)\\b[^\\n]{0,40}?\\b(read|send|include|pass|append|attach|upload)',
      '\\b(read|send|include|pass|append|attach|upload)\\b[^\\n]{0,40}?\\b(private[ _-]?key|api[ _-]?keys?|access[ _-]?tokens?|passwords?|mcp\\.json|config files?)\\b',
    ].join('|'),
  },
  {
    id: 'exfiltration-url',
    severity: 'medium',
    message: 'A URL that invites sending data to a third party',
    pattern:
      'https?://[^\\s"\'<>)]+[?&][\\w.-]+=(\\{|\\$|<|%7B)[^\\s"\'<>]*|\\b(send|post|upload|forward|transmit)\\b[^.]{0,60}\\bhttps?://[^\\s"\'<>)]+',
  },
  {
    id: 'invisible-unicode',
    severity: 'high',
    message:
      'Invisible or bidirectional-control characters that can hide text from reviewers',
    pattern:
      '[\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF\\u{E0000}-\\u{E007F}]+',
    flags: 'u',
  },
];
