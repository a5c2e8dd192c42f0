import { Environment } from '@marcbachmann/cel-js';
import { PolicyTarget } from '@mcp-platform/plugin-mcp-policy-common';
import { markPlainMaps } from './celClosures';
import { createLinearMatches, LINEAR_MATCHES } from './linearRegex';

/** A cel-js type string, or an object of fields for a structured variable. */
type CelSchema = string | { [field: string]: CelSchema };

/** `team` is the consuming team a tool call is made for; empty when the asker did not say. */
const USER: CelSchema = {
  ref: 'string',
  groups: 'list<string>',
  team: 'string',
};

const SERVER: CelSchema = {
  ref: 'string',
  name: 'string',
  known: 'bool',
  owner: 'string',
  ownerAncestors: 'list<string>',
  lifecycle: 'string',
  environment: 'string',
  dataClassification: 'string',
  system: 'string',
  tags: 'list<string>',
  approvedGroups: 'list<string>',
};

const TOOL: CelSchema = {
  name: 'string',
  server: 'string',
  known: 'bool',
  title: 'string',
  readOnly: 'bool',
  destructive: 'bool',
  approval: 'string',
  state: 'string',
  maxSeverity: 'string',
  annotations: 'map<string, dyn>',
};

/**
 * The variables each kind of rule sees, with their fields' types. Expressions are type-checked
 * against these at load, so `deployment.rateLimt` or `tool.destructive + 1` is rejected with its
 * position before it can decide anything.
 */
export const POLICY_VARIABLES: Record<
  PolicyTarget,
  Record<string, CelSchema>
> = {
  deployment: {
    deployment: {
      name: 'string',
      owner: 'string',
      environment: 'string',
      change: 'string',
      version: 'string',
      dataClassification: 'string',
      transport: 'string',
      replicas: 'int',
      cpu: 'double',
      memoryMiB: 'int',
      rateLimit: { requestsPerMinute: 'int' },
      monthlyBudget: 'double',
      egress: 'list<map<string, dyn>>',
      tools: 'list<map<string, dyn>>',
      labels: 'map<string, string>',
    },
  },
  'tool-call': { user: USER, server: SERVER, tool: TOOL },
  permission: {
    user: USER,
    permission: { name: 'string', action: 'string', resourceRef: 'string' },
    server: SERVER,
    tool: TOOL,
  },
};

/** Parse-time limits; together with the cost estimate they bound what one expression can do. */
export const CEL_LIMITS = {
  maxAstNodes: 1000,
  maxDepth: 64,
  maxListElements: 1000,
  maxMapEntries: 1000,
  maxCallArguments: 32,
};

/** The environment expressions of a target are type-checked in. */
export function createCheckEnvironment(target: PolicyTarget): Environment {
  let env = new Environment({ limits: CEL_LIMITS });
  for (const [name, schema] of Object.entries(POLICY_VARIABLES[target])) {
    env =
      typeof schema === 'string'
        ? env.registerVariable(name, schema)
        : env.registerVariable({ name, schema });
  }
  return env.registerVariable('context', 'map<string, dyn>');
}

/**
 * The environment expressions are evaluated in. Variables are plain maps here: the checker has
 * already proven the field accesses, and maps skip cel-js' per-evaluation conversion of objects
 * into typed instances, which would otherwise run once per rule and decision. `matches()` runs
 * on RE2 here, under the name the compiler gives it (see `linearRegex`).
 */
export function createEvaluationEnvironment(target: PolicyTarget): Environment {
  let env = new Environment({ limits: CEL_LIMITS });
  for (const name of Object.keys(POLICY_VARIABLES[target])) {
    env = env.registerVariable(name, 'map');
  }
  return env
    .registerVariable('context', 'map<string, dyn>')
    .registerFunction(
      `string.${LINEAR_MATCHES}(string): bool`,
      createLinearMatches(),
    );
}

/** The evaluation environment's variables with their types, for the fast path (all maps). */
export function evaluationVariables(
  target: PolicyTarget,
): Record<string, 'map'> {
  const variables: Record<string, 'map'> = { context: 'map' };
  for (const name of Object.keys(POLICY_VARIABLES[target])) {
    variables[name] = 'map';
  }
  return variables;
}

/**
 * Turns an input into what the evaluation environment expects, once per decision: fields typed
 * `int` become bigints (CEL ints) and undefined fields are left out, so `has()` sees them as
 * absent. Only the declared structure is copied; lists, maps and the context pass through as
 * they are (the decision service hands over plain JSON), which keeps this step cheap.
 */
export function toCelActivation(
  target: PolicyTarget,
  input: Record<string, unknown>,
): Record<string, unknown> {
  const variables = POLICY_VARIABLES[target];
  const out: Record<string, unknown> = { context: input.context ?? {} };
  for (const name in variables) {
    if (Object.hasOwn(variables, name)) {
      out[name] = convert(input[name] ?? {}, variables[name]);
    }
  }
  // No consuming team is an empty one: inputs from before `team` existed, and askers that do
  // not know it, decide like any other.
  const user = out.user as Record<string, unknown> | undefined;
  if (user && typeof user.team !== 'string') out.user = { ...user, team: '' };
  return markPlainMaps(out);
}

/** Whether a schema declares an `int` anywhere: only those parts need copying. */
function declaresInt(schema: CelSchema): boolean {
  return typeof schema === 'string'
    ? schema === 'int'
    : Object.values(schema).some(declaresInt);
}

/** Per structured schema: its fields that declare an int somewhere below them. */
const intFieldsOf = new WeakMap<object, string[]>();

function intFields(schema: { [field: string]: CelSchema }): string[] {
  let fields = intFieldsOf.get(schema);
  if (!fields) {
    fields = Object.keys(schema).filter(k => declaresInt(schema[k]));
    intFieldsOf.set(schema, fields);
  }
  return fields;
}

function convert(value: unknown, schema: CelSchema): unknown {
  if (typeof schema === 'string') {
    return schema === 'int' &&
      typeof value === 'number' &&
      Number.isInteger(value)
      ? BigInt(value)
      : value;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return value;
  }
  // A copy only when something changes: an int to convert or an undefined field to drop. The
  // copy is a spread (fast in V8) with those fields fixed, not a field-by-field rebuild.
  const record = value as Record<string, unknown>;
  const ints = intFields(schema);
  let out: Record<string, unknown> | undefined;
  for (const key of ints) {
    const v = record[key];
    if (v === undefined || !Object.hasOwn(record, key)) continue;
    const converted = convert(v, schema[key]);
    if (converted !== v) {
      out ??= { ...record };
      out[key] = converted;
    }
  }
  for (const key in record) {
    if (record[key] === undefined && Object.hasOwn(record, key)) {
      out ??= { ...record };
      delete out[key];
    }
  }
  return out ?? record;
}
