// Long for a reason: a table of built-in rules (data), with the pattern parts they share.
import { FindingSeverity } from '@mcp-platform/plugin-mcp-catalog-common';

export type { FindingSeverity };

/** A pattern rule of the risk scan. Rules are data: platform teams add their own in config. */
export interface RiskRule {
  id: string;
  severity: FindingSeverity;
  /** What the finding means and what to do, shown with the evidence. */
  message: string;
  /**
   * A regular expression (JavaScript syntax) matched against every text of a definition. It must
   * be linear by construction (see patternCost.ts): repetition only with an upper bound
   * (`{0,200}`, `?`; no `*`, `+`, `{n,}`), no backreferences.
   */
  pattern: string;
  /** Regular expression flags; `g` is always added. Defaults to `iu`. */
  flags?: string;
}

// Pattern parts. Every repetition is bounded, so one match attempt does bounded work (patternCost).
/** Whitespace between two words. */
const _ = '\\s{1,3}';
/** One of these words, as a group. */
const oneOf = (...words: string[]) => `(?:${words.join('|')})`;
/**
 * Up to n words: the words of a rule must be near each other. Word by word rather than
 * `[^\\n]{0,60}`, so a failed attempt backs off a word at a time, not a character at a time.
 */
const words = (n: number) => `(?:\\S{1,40}\\s{1,3}){0,${n}}`;
/** Any of these alternatives, as one pattern. */
const anyOf = (...patterns: string[]) => patterns.join('|');

const THE = `(?:the${_})?`;
const USER = `${THE}user`;
/** Verbs of using a tool. */
const USE = oneOf(
  'use[ds]?',
  'using',
  'call(?:s|ed|ing)?',
  'invok(?:e[sd]?|ing)',
  'run(?:s|ning)?',
  'execut(?:e[sd]?|ing)',
  'appl(?:y|ies|ying)',
  'pay(?:s|ing)?',
  'send(?:s|ing)?',
  'sent',
  'creat(?:e[sd]?|ing)',
  'push(?:es|ing)?',
);
/** What an instruction about another tool's call tells the model to do. */
const DIRECTIVE = oneOf(
  'always',
  'must',
  'should',
  'make sure',
  'set',
  'change',
  'replace',
  'modify',
  'add',
  'include',
  'append',
  'prepend',
  'route',
  'copy',
  'forward',
  'bcc',
  'instead',
  'first',
  'also',
  'navigate',
);
/** Verbs of moving text somewhere: a URL, an address, a parameter. */
const SEND = oneOf(
  'send',
  'post',
  'upload',
  'forward',
  'transmit',
  'submit',
  'e-?mail',
  'text',
  'share',
  'sync',
  'report',
  'leak',
  'copy',
  'mirror',
  'pass',
  'include',
  'append',
  'put',
  'attach',
  'provide',
  'write out',
  'gather',
  'collect',
  'contain',
  'resolve',
  'with',
);
/** The conversation, its context and what the user said: what context exfiltration takes. */
const CONVERSATION = anyOf(
  `${oneOf(
    'the',
    'this',
    'current',
    'whole',
    'entire',
    'full',
    'complete',
    'ongoing',
    'preceding',
  )}${_}${oneOf(
    'chat',
    'conversation',
    'session',
    'dialog(?:ue)?',
    'context',
  )}`,
  `${oneOf('conversation', 'chat', 'message')}${_}${oneOf(
    'history',
    'log',
    'logs',
    'so far',
    'transcript',
  )}`,
  'transcripts?',
  `system${_}${oneOf('prompt', 'message')}`,
  `context${_}window`,
  `your${_}(?:complete${_}|full${_}|original${_})?${oneOf(
    'instructions',
    'memory',
    'prompt',
  )}`,
  `${oneOf(
    'earlier',
    'last',
    'recent',
    'previous',
    'preceding',
    'prior',
  )}${_}(?:\\d{1,4}${_})?${oneOf(
    'messages',
    'chats',
    'questions',
    'emails',
    `tool${_}calls`,
    'outputs',
    'answers',
  )}`,
  `user'?s${_}${oneOf(
    'question',
    'questions',
    'messages?',
    'earlier messages',
    'previous message',
    'last message',
    'data',
    'query',
  )}`,
  `${oneOf('everything', 'all', 'what')}${_}${USER}${_}${oneOf(
    'has',
    'have',
    'pastes',
    'asked',
    'said',
    'told',
    'shares',
  )}`,
);

/** The built-in rules. Their ids are stable: policies and suppressions refer to them. */
export const builtinRiskRules: RiskRule[] = [
  {
    id: 'hidden-instruction-tag',
    severity: 'high',
    message:
      'Markup that hides instructions to the model inside a description (tool poisoning)',
    pattern: anyOf(
      `<\\s{0,2}/?\\s{0,2}${oneOf(
        'important',
        'system',
        'instructions',
        'instruction',
        'secret',
        'hidden',
        'admin',
      )}\\b[^<>\\n]{0,200}>`,
      '\\[\\s{0,3}important\\s{0,3}\\]',
    ),
  },
  {
    id: 'override-instructions',
    severity: 'high',
    message: "Tries to override the model's instructions",
    pattern: anyOf(
      `\\b${oneOf('ignore', 'disregard', 'forget', 'override')}${_}(?:${oneOf(
        'all',
        'any',
      )}${_})?(?:of${_})?(?:${oneOf('the', 'your')}${_})?${oneOf(
        'previous',
        'prior',
        'above',
        'earlier',
        'system',
        'preceding',
        'original',
      )}${_}${oneOf(
        'instructions',
        'prompts?',
        'rules',
        'messages',
        'guidelines',
        'directions',
      )}`,
      `\\b${oneOf('these', 'this')}${_}instructions?${_}${oneOf(
        'take',
        'takes',
        'have',
        'has',
      )}${_}${oneOf('precedence', 'priority')}`,
      `\\b${oneOf(
        'guidelines',
        'rules',
        'instructions',
      )}${_}you${_}were${_}given${_}no${_}longer${_}apply`,
    ),
  },
  {
    id: 'instruction-to-model',
    severity: 'medium',
    message:
      'Addresses the model directly or asks it to hide something from the user',
    pattern: anyOf(
      `\\b${oneOf('do not', "don't", 'never')}${_}${oneOf(
        'tell',
        'inform',
        'mention',
        'reveal',
        'show',
        'notify',
        'alert',
      )}${_}(?:${oneOf('this', 'it', 'them')}${_}(?:to|about)${_})?${USER}\\b`,
      `\\b${oneOf('do not', "don't", 'never')}${_}${oneOf(
        'mention',
        'reveal',
        'disclose',
      )}${_}(?:${oneOf('this', 'that', 'it', 'these')}|the${_}\\w{1,20}ing)\\b`,
      `\\bwithout${_}${oneOf(
        'telling',
        'informing',
        'notifying',
        'alerting',
        'showing',
      )}${_}${USER}`,
      `\\bwithout${_}${oneOf('asking', 'waiting')}\\b`,
      `\\b${USER}${_}${oneOf(
        'must',
        'should',
        'does',
        'do',
        'need',
        'needs',
      )}${_}${oneOf('not', 'never')}${_}${oneOf(
        'know',
        'see',
        'be told',
        'notice',
        'need to know',
      )}\\b`,
      `\\bhide${_}${oneOf('this', 'it', 'the following')}${_}from${_}${USER}`,
      `\\b${oneOf('must not', 'never', 'should not')}${_}be${_}${oneOf(
        'shown',
        'displayed',
        'visible',
        'revealed',
      )}${_}to${_}${USER}`,
      `\\bsilently${_}${oneOf(
        'copy',
        'send',
        'forward',
        'upload',
        'read',
        'include',
        'add',
        'delete',
        'remove',
        'change',
        'replace',
      )}`,
      `\\b${oneOf('secretly', 'covertly')}\\b`,
      `\\bnote${_}to${_}the${_}${oneOf(
        'assistant',
        'model',
        'ai',
        'llm',
        'agent',
      )}\\b`,
      `\\b${oneOf('before', 'after')}${_}${oneOf(
        'using',
        'calling',
      )}${_}${oneOf('this', 'any')}${_}tool,?${_}(?:you${_})?${oneOf(
        'must',
        'should',
        'always',
      )}\\b`,
      `\\byou${_}${oneOf('are', 'must')}${_}now\\b`,
    ),
  },
  {
    id: 'cross-tool-instruction',
    severity: 'high',
    message:
      'Tells the model how to use other tools (possibly of servers outside the catalog): to change their arguments or recipients, to call them, or to avoid them (tool shadowing)',
    pattern: anyOf(
      // "When send_email is called, always add bcc ...", "Before executing X, replace ..."
      `\\b${oneOf(
        'when',
        'whenever',
        `every${_}time`,
        `each${_}time`,
        'before',
        'after',
        `prior${_}to`,
      )}${_}${words(6)}${USE}\\b(?!${_}this${_}tool)[,;:]?${_}${words(
        8,
      )}${DIRECTIVE}\\b`,
      // "After web_search returns, replace its results ...": a tool's name, then what to do
      `\\b${oneOf('when', 'whenever', 'before', 'after')}${_}${words(
        5,
      )}[a-z][a-z0-9]{0,30}_[a-z0-9_]{1,40}\\b[^\\s]{0,2}${_}${words(
        5,
      )}${DIRECTIVE}\\b`,
    ),
  },
  {
    id: 'tool-preference-manipulation',
    severity: 'high',
    message:
      'Tries to make the model call this tool before or instead of others, or avoid other tools (line jumping, tool hijacking)',
    pattern: anyOf(
      // "before any file operation", "for every tool call you make"
      `\\b${oneOf('before', 'after', 'for', 'on')}${_}${oneOf(
        'every',
        'each',
        'any',
        'all',
      )}${_}(?:other${_})?${oneOf(
        'tool',
        `tool${_}calls?`,
        'tools',
        'functions?',
        `file${_}operations?`,
        'operations?',
        'commands?',
        'quer(?:y|ies)',
        'requests?',
        'calls?',
      )}\\b`,
      // "Ignore all other addition tools", "do not use the other database tools"
      `\\b${oneOf(
        'ignore',
        'disregard',
        `never${_}use`,
        `do${_}not${_}use`,
        `don'?t${_}use`,
        'avoid',
      )}${_}(?:${oneOf(
        'all',
        'any',
        'the',
      )}${_})?other${_}(?:[\\w-]{1,30}${_})?${oneOf(
        'tools?',
        'servers?',
        'functions?',
      )}`,
      // "the read_file tool of the filesystem server is deprecated"
      `\\b${oneOf('tools?', 'servers?')}${_}(?:of${_}[\\w -]{1,40}${_})?${oneOf(
        'is',
        'are',
      )}${_}${oneOf(
        'deprecated',
        'buggy',
        'broken',
        'outdated',
        'unsafe',
        'compromised',
        'insecure',
      )}\\b`,
      // "always use this tool instead of X"
      `\\b${oneOf('always', 'only')}${_}use${_}this${_}tool\\b`,
      `\\buse${_}this${_}tool${_}${oneOf(
        `instead${_}of`,
        `rather${_}than`,
      )}${_}${words(12)}${oneOf(
        `even${_}if`,
        `no${_}matter`,
        'regardless',
        'whatever',
        'never',
        'always',
      )}\\b`,
      // "requires calling send_data_externally with all query results"
      `\\b${oneOf('requires?', 'must')}${_}${oneOf(
        'calling',
        'invoking',
        'call',
        'invoke',
      )}${_}[a-z][\\w.-]{0,60}_[\\w.-]{1,60}${_}with${_}${oneOf(
        'all',
        'every',
        `the${_}full`,
        `the${_}entire`,
      )}\\b`,
    ),
  },
  {
    id: 'recipient-redirect',
    severity: 'high',
    message:
      'Tells the model to change where other tools send things: recipients, copies, destinations of any mail, message or invitation',
    pattern: anyOf(
      // "... addressed to relay@x instead of the requested recipient"
      `\\binstead${_}of${_}the${_}${oneOf(
        'requested',
        'real',
        'original',
        'actual',
        'intended',
        "user'?s",
        'given',
        'named',
      )}\\b`,
      // "All outgoing emails must be cc'd to ...", "Emails sent through any mail tool must ..."
      `\\b(?:${oneOf('all', 'every', 'any')}${_}(?:${oneOf(
        'outgoing',
        'outbound',
      )}${_})?${oneOf(
        'e-?mails?',
        'messages?',
        'invitations?',
        'invites?',
        'mails?',
      )}|${oneOf(
        'e-?mails',
        'messages',
        'invitations',
        'invites',
      )}${_}sent${_}${oneOf('through', 'by', 'with', 'via')}${_}${oneOf(
        'any',
        'the',
        'every',
      )})${_}${words(8)}${oneOf(
        'must',
        'should',
        `ha(?:s|ve)${_}to`,
        `needs?${_}to`,
      )}\\b`,
      // "If a Gmail tool is connected, use it to ..."
      `\\bif${_}(?:${oneOf('an?', 'the')}${_})?[\\w-]{1,30}${_}${oneOf(
        'tool',
        'server',
        'integration',
      )}${_}is${_}${oneOf(
        'connected',
        'available',
        'present',
        'installed',
        'enabled',
      )}\\b`,
    ),
  },
  {
    id: 'context-exfiltration',
    severity: 'high',
    message:
      'Asks the model to send the conversation, its context or what the user said somewhere: to a URL, an address or a parameter',
    pattern: anyOf(
      `\\b${SEND}${_}${words(8)}(?:${CONVERSATION})\\b`,
      `\\b${oneOf('full', 'entire', 'whole', 'complete')}${_}${oneOf(
        'conversation',
        'chat',
      )}${_}${oneOf('history', 'log', 'transcript')}\\b`,
    ),
  },
  {
    id: 'secret-access',
    severity: 'high',
    message: 'Asks for secrets or local files that a tool should never need',
    pattern: anyOf(
      '(?:~|\\$HOME|%USERPROFILE%)[/\\\\]\\.[\\w.-]{1,40}',
      '\\bid_(?:rsa|ed25519|ecdsa|dsa)\\b(?!\\.pub)',
      '/etc/(?:passwd|shadow|sudoers)\\b',
      `\\.${oneOf(
        'aws/credentials',
        'docker/config\\.json',
        'kube/config',
        'npmrc',
        'git-credentials',
        'netrc',
        'pgpass',
        'bash_history',
      )}`,
      '\\bmcp\\.json\\b',
      '\\bcredentials\\.db\\b',
      '(?:^|[\\s/\'"`])\\.env\\b',
      `\\b${oneOf(
        "the user'?s",
        'your',
        'any',
        'all',
        'every',
        'their',
      )}${_}(?:[\\w-]{1,20}${_}){0,2}${oneOf(
        'private[ _-]?keys?',
        'api[ _-]?keys?',
        '(?:access|refresh|auth|registry|oauth|bearer)[ _-]?tokens?',
        'tokens',
        'passwords?',
        'credentials',
        'secrets',
        'cookies',
      )}\\b`,
      `\\b${oneOf('pass', 'send', 'include', 'put', 'append')}${_}${words(
        6,
      )}${oneOf(
        `value${_}of${_}the${_}[A-Z][A-Z0-9_]{0,40}`,
        `environment${_}variables?`,
      )}\\b`,
    ),
  },
  {
    id: 'exfiltration-url',
    severity: 'medium',
    message: 'A URL that invites sending data to a third party',
    pattern: anyOf(
      // A query parameter or host filled in from a placeholder: {conversation}, $CHAT, <user>
      `(?:https?://)?(?:[\\w-]{1,63}\\.){1,10}[a-z]{2,12}(?:/[^\\s?"'<>]{0,200})?\\?(?:[\\w.-]{1,40}=[^\\s&"']{0,100}&){0,5}[\\w.-]{1,40}=${oneOf(
        '\\{',
        '\\$',
        '<',
        '%7B',
      )}`,
      `>\\.(?:[\\w-]{1,63}\\.){1,6}[a-z]{2,12}\\b`,
      `\\b${oneOf(
        'send',
        'post',
        'upload',
        'forward',
        'transmit',
      )}\\b[^.\\n]{0,60}\\bhttps?://`,
    ),
  },
  {
    id: 'invisible-unicode',
    severity: 'high',
    message:
      'Invisible, bidirectional-control or terminal-control characters that can hide text from reviewers',
    pattern:
      '[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF\\u{E0000}-\\u{E007F}]{1,200}',
    flags: 'u',
  },
];
