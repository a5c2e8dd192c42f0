/**
 * The verbs of the benchmark's generated tools: each describes its tool the way real servers
 * do and gives it an input schema (zod) with realistic parameters, annotations included.
 */
import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { Domain, Noun, words } from './toolDomains';

/** What a tool does to a noun: `get`, `list`, `search`, `create`... */
export interface Verb {
  key: string;
  /** Whether the tool name uses the plural noun (`list_payments`) or the singular. */
  plural: boolean;
  annotations: ToolAnnotations;
  describe(n: Noun, d: Domain): string;
  shape(n: Noun, d: Domain): z.ZodRawShape;
}

const pageSize = () =>
  z.number().int().min(1).max(200).default(50).describe('Page size, 1 to 200');
const idOf = (n: Noun) => ({
  [`${n.one}_id`]: z
    .string()
    .min(3)
    .describe(`Id of the ${words(n.one)}, e.g. "${n.idPrefix}_1042"`),
});

/** Nine verbs; each (verb, noun) pair of a domain is one possible tool. */
export const VERBS: Verb[] = [
  {
    key: 'get',
    plural: false,
    annotations: { readOnlyHint: true, openWorldHint: false },
    describe: n =>
      `Returns one ${words(
        n.one,
      )} by id, with its status, owner and the timestamps of its last changes.`,
    shape: n => ({
      ...idOf(n),
      include: z
        .array(z.enum(['history', 'attachments', 'audit_log']))
        .optional()
        .describe('Related data to include in the answer'),
    }),
  },
  {
    key: 'list',
    plural: true,
    annotations: { readOnlyHint: true, openWorldHint: false },
    describe: n =>
      `Lists ${words(
        n.many,
      )}, newest first. Filter by status and creation date; results are paginated with an opaque cursor.`,
    shape: (n, d) => ({
      status: z
        .enum(d.statuses)
        .optional()
        .describe(`Only ${words(n.many)} in this status`),
      created_after: z
        .string()
        .optional()
        .describe('ISO 8601 timestamp; only items created after it'),
      limit: pageSize(),
      cursor: z
        .string()
        .optional()
        .describe('nextCursor of the previous page, to continue'),
    }),
  },
  {
    key: 'search',
    plural: true,
    annotations: { readOnlyHint: true, openWorldHint: false },
    describe: (n, d) =>
      `Searches ${words(n.many)} by free text over ${
        d.searchFields
      }. Returns at most \`limit\` matches, best first, each with a short excerpt.`,
    shape: () => ({
      query: z
        .string()
        .min(2)
        .max(200)
        .describe('Words to look for; all must match'),
      limit: pageSize(),
    }),
  },
  {
    key: 'create',
    plural: false,
    annotations: { readOnlyHint: false, destructiveHint: false },
    describe: n =>
      `Creates a ${words(
        n.one,
      )} and returns its id. Pass an idempotency key so that a retried call does not create a duplicate.`,
    shape: n => ({
      name: z
        .string()
        .min(1)
        .max(200)
        .describe(`Display name of the new ${words(n.one)}`),
      owner_email: z
        .string()
        .describe('Email address of the person responsible for it'),
      notes: z
        .string()
        .max(2000)
        .optional()
        .describe('Free-text notes, shown to everyone with access'),
      idempotency_key: z
        .string()
        .optional()
        .describe(
          'Unique key; a retried call with the same key returns the first result',
        ),
    }),
  },
  {
    key: 'update',
    plural: false,
    annotations: { destructiveHint: true, idempotentHint: true },
    describe: n =>
      `Updates fields of an existing ${words(
        n.one,
      )}; fields left out keep their current value. Every change is recorded in the audit log.`,
    shape: n => ({
      ...idOf(n),
      changes: z
        .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
        .describe('Fields to change and their new values'),
      reason: z.string().max(500).optional().describe('Why, for the audit log'),
    }),
  },
  {
    key: 'delete',
    plural: false,
    annotations: { destructiveHint: true, idempotentHint: true },
    describe: n =>
      `Permanently deletes a ${words(
        n.one,
      )}. This cannot be undone: confirm with the user before calling.`,
    shape: n => ({
      ...idOf(n),
      reason: z
        .string()
        .min(10)
        .max(500)
        .describe('Why it is deleted, for the audit log'),
    }),
  },
  {
    key: 'export',
    plural: true,
    annotations: { readOnlyHint: true, openWorldHint: false },
    describe: n =>
      `Exports ${words(
        n.many,
      )} matching a filter as CSV, JSON Lines or Parquet. Large exports run in the background and return a job id to poll.`,
    shape: (n, d) => ({
      format: z
        .enum(['csv', 'jsonl', 'parquet'])
        .default('csv')
        .describe('File format of the export'),
      status: z
        .enum(d.statuses)
        .optional()
        .describe(`Only ${words(n.many)} in this status`),
      created_after: z
        .string()
        .optional()
        .describe('ISO 8601 timestamp; only items created after it'),
    }),
  },
  {
    key: 'summarize',
    plural: true,
    annotations: { readOnlyHint: true, openWorldHint: false },
    describe: n =>
      `Aggregates ${words(
        n.many,
      )} by day, week or month over a date range and returns counts, totals and the ten largest.`,
    shape: () => ({
      group_by: z
        .enum(['day', 'week', 'month'])
        .default('day')
        .describe('Size of each bucket'),
      from: z.string().describe('First day, YYYY-MM-DD'),
      to: z.string().describe('Last day, YYYY-MM-DD (inclusive)'),
    }),
  },
  {
    key: 'archive',
    plural: false,
    annotations: { destructiveHint: false, idempotentHint: true },
    describe: n =>
      `Archives a ${words(
        n.one,
      )} so it no longer shows in lists; archived items can be restored within 30 days.`,
    shape: n => ({
      ...idOf(n),
      note: z
        .string()
        .max(500)
        .optional()
        .describe('Shown next to the archived item'),
    }),
  },
];
