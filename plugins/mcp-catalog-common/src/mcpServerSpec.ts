import { z } from 'zod';

/**
 * A header a remote expects, as in the MCP registry's `server.json`. Only the name is declared
 * here: values (tokens) come from the backend's config, never from catalog YAML.
 *
 * @public
 */
export const mcpRemoteHeaderSchema = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z0-9-]+$/, { error: 'must be an HTTP header name' }),
    description: z.string().optional(),
    isRequired: z.boolean().optional(),
    isSecret: z.boolean().optional(),
    value: z
      .never({
        error:
          'must not be set: header values are secrets and come from the backend config (mcpCatalog.discovery.credentials)',
      })
      .optional(),
  })
  .strict();

/**
 * How a client reaches a remote MCP server, as in the MCP registry's `server.json`.
 *
 * @public
 */
export const mcpRemoteSchema = z
  .object({
    type: z.enum(['streamable-http', 'sse'], {
      error: 'must be "streamable-http" or "sse"',
    }),
    url: z.string().superRefine((value, ctx) => {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        ctx.addIssue({
          code: 'custom',
          message:
            'must be an absolute URL, e.g. https://payments.mcp.internal/mcp',
        });
        return;
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        ctx.addIssue({ code: 'custom', message: 'must use http or https' });
      }
      if (url.username || url.password) {
        ctx.addIssue({
          code: 'custom',
          message:
            'must not contain credentials: configure them in mcpCatalog.discovery.credentials',
        });
      }
    }),
    headers: z.array(mcpRemoteHeaderSchema).optional(),
  })
  .strict();

/**
 * The part of an `mcp-server` API entity's spec that the MCP platform reads.
 *
 * @public
 */
export const mcpServerSpecSchema = z.object({
  type: z.literal('mcp-server'),
  remotes: z
    .array(mcpRemoteSchema, {
      error: issue =>
        issue.input === undefined
          ? 'is required: list at least one remote, e.g. [{ type: streamable-http, url: https://... }]'
          : 'must be a list of remotes',
    })
    .min(1, {
      error:
        'must list at least one remote, e.g. [{ type: streamable-http, url: https://... }]',
    }),
});

/**
 * A remote of an MCP server.
 *
 * @public
 */
export type McpRemote = z.infer<typeof mcpRemoteSchema>;

/**
 * The validated MCP part of an `mcp-server` API entity's spec.
 *
 * @public
 */
export type McpServerSpec = z.infer<typeof mcpServerSpecSchema>;

/**
 * Validates the MCP part of an entity spec. Returns the parsed spec, or a list of problems that
 * each name the field, e.g. `spec.remotes[0].url must be an absolute URL ...`.
 *
 * @public
 */
export function validateMcpServerSpec(
  spec: unknown,
): { ok: true; spec: McpServerSpec } | { ok: false; problems: string[] } {
  const result = mcpServerSpecSchema.safeParse(spec);
  if (result.success) return { ok: true, spec: result.data };
  return {
    ok: false,
    problems: result.error.issues.map(issue => {
      const path = issue.path
        .map(p => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
        .join('');
      return `spec${path} ${issue.message}`;
    }),
  };
}
