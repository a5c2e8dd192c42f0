import { Entity } from '@backstage/catalog-model';
import { ANNOTATION_GATEWAY_ALIAS } from './annotations';

/**
 * Longest tool name LLM providers accept, and so the longest name the gateway exposes.
 *
 * @public
 */
export const MAX_GATEWAY_TOOL_NAME_LENGTH = 64;

/**
 * Separates a server's alias from its tool's name in the aggregated gateway endpoint.
 *
 * @public
 */
export const GATEWAY_NAME_SEPARATOR = '__';

/**
 * Longest alias, leaving at least 30 characters of a tool's name in `<alias>__<tool>`.
 *
 * @public
 */
export const MAX_GATEWAY_ALIAS_LENGTH = 32;

const ALIAS = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const TOOL_NAME = /^[A-Za-z0-9_-]+$/;

/**
 * The gateway alias of a server entity: its annotation, else its name.
 *
 * @public
 */
export function gatewayAliasOf(entity: Entity): string {
  return (
    entity.metadata.annotations?.[ANNOTATION_GATEWAY_ALIAS] ??
    entity.metadata.name
  );
}

/**
 * Why an alias cannot prefix tool names, or undefined when it can: letters, digits and inner
 * dashes only (no `_`, so `<alias>__<tool>` splits one way), at most 32 characters.
 *
 * @public
 */
export function gatewayAliasProblem(alias: string): string | undefined {
  if (alias.length > MAX_GATEWAY_ALIAS_LENGTH)
    return `gateway alias "${alias}" is longer than ${MAX_GATEWAY_ALIAS_LENGTH} characters; set a shorter ${ANNOTATION_GATEWAY_ALIAS} annotation`;
  if (!ALIAS.test(alias))
    return `gateway alias "${alias}" may hold only letters, digits and inner dashes; set the ${ANNOTATION_GATEWAY_ALIAS} annotation (e.g. "ledger")`;
  return undefined;
}

/**
 * The name of a server's tool in the aggregated gateway endpoint.
 *
 * @public
 */
export function gatewayToolName(alias: string, tool: string): string {
  return `${alias}${GATEWAY_NAME_SEPARATOR}${tool}`;
}

/**
 * Why a tool cannot be exposed under `name` (the prefixed or the plain name), or undefined:
 * LLM providers accept `[A-Za-z0-9_-]` up to 64 characters.
 *
 * @public
 */
export function gatewayToolNameProblem(name: string): string | undefined {
  if (name.length > MAX_GATEWAY_TOOL_NAME_LENGTH)
    return `gateway tool name "${name}" is ${name.length} characters long (at most ${MAX_GATEWAY_TOOL_NAME_LENGTH}); shorten the server's ${ANNOTATION_GATEWAY_ALIAS} or the tool's name`;
  if (!TOOL_NAME.test(name))
    return `gateway tool name "${name}" has characters other than letters, digits, "_" and "-"`;
  return undefined;
}

/**
 * Why a server's alias is shared with other catalogued servers: the gateway would offer their
 * tools under the same `<alias>__` prefix, so it offers none of them. Names every server
 * involved, `refs` first the one the problem is reported on.
 *
 * @public
 */
export function gatewayAliasCollisionProblem(
  alias: string,
  refs: string[],
): string {
  return `gateway alias "${alias}" is shared by ${refs.join(
    ' and ',
  )}: the gateway would name their tools alike (${gatewayToolName(
    alias,
    '<tool>',
  )}), so it offers none of them; give one of them another ${ANNOTATION_GATEWAY_ALIAS} annotation`;
}

/**
 * The alias collisions among catalogued servers, by server ref: each server whose alias another
 * server also has, with the problem naming all of them. Aliases compare exactly, as the gateway
 * splits `<alias>__<tool>` names exactly.
 *
 * @public
 */
export function findGatewayAliasCollisions(
  servers: { ref: string; alias: string }[],
): Map<string, string> {
  const byAlias = new Map<string, string[]>();
  for (const { ref, alias } of servers) {
    const refs = byAlias.get(alias) ?? [];
    refs.push(ref);
    byAlias.set(alias, refs);
  }
  const problems = new Map<string, string>();
  for (const [alias, refs] of byAlias) {
    if (refs.length < 2) continue;
    for (const ref of refs)
      problems.set(
        ref,
        gatewayAliasCollisionProblem(alias, [
          ref,
          ...refs.filter(r => r !== ref),
        ]),
      );
  }
  return problems;
}

/**
 * Why tools of a server cannot be offered by the gateway under their names: for each tool, the
 * problem of `<alias>__<tool>`, or of the plain name when the alias itself is unusable
 * (`alias` undefined; one server's endpoint uses plain names). Empty when all are fine.
 *
 * @public
 */
export function gatewayToolNameProblems(
  alias: string | undefined,
  tools: string[],
): string[] {
  const problems: string[] = [];
  for (const tool of tools) {
    const problem = gatewayToolNameProblem(
      alias === undefined ? tool : gatewayToolName(alias, tool),
    );
    if (problem) problems.push(`tool ${tool}: ${problem}`);
  }
  return problems;
}
