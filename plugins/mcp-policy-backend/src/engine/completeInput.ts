import {
  PermissionFacts,
  PermissionInput,
  ToolCallInput,
  ToolCallServerFacts,
  ToolCallToolFacts,
  ToolCallUserFacts,
} from '@mcp-platform/plugin-mcp-policy-common';

/** Facts for a server the catalog does not know: every rule sees the same shape. */
export function unknownServerFacts(ref: string): ToolCallServerFacts {
  return {
    ref,
    name: ref.replace(/^.*\//, ''),
    known: false,
    owner: '',
    ownerAncestors: [],
    lifecycle: '',
    environment: '',
    dataClassification: '',
    system: '',
    tags: [],
    approvedGroups: [],
  };
}

/** Facts for a tool the MCP catalog does not know. */
export function unknownToolFacts(
  server: string,
  name: string,
): ToolCallToolFacts {
  return {
    name,
    server,
    known: false,
    title: '',
    readOnly: false,
    destructive: true,
    approval: 'new',
    state: 'active',
    maxSeverity: 'none',
    annotations: {},
  };
}

/**
 * Fills a partial tool-call input (as written in policy tests and the playground) with the
 * defaults of a known, approved, non-read-only tool, so authors only state what matters.
 */
export function completeToolCallInput(partial: {
  user?: Partial<ToolCallUserFacts>;
  server?: Partial<ToolCallServerFacts>;
  tool?: Partial<ToolCallToolFacts>;
  context?: Record<string, unknown>;
}): ToolCallInput {
  const serverRef = partial.server?.ref ?? 'api:default/example';
  const userRef = partial.user?.ref ?? 'user:default/someone';
  const tool = { ...unknownToolFacts(serverRef, 'example'), ...partial.tool };
  const readOnly = partial.tool?.readOnly ?? false;
  return {
    user: { ref: userRef, groups: [userRef], ...partial.user },
    server: {
      ...unknownServerFacts(serverRef),
      known: true,
      ...partial.server,
    },
    tool: {
      ...tool,
      known: partial.tool?.known ?? true,
      approval: partial.tool?.approval ?? 'approved',
      readOnly,
      destructive: partial.tool?.destructive ?? !readOnly,
    },
    context: partial.context ?? {},
  };
}

/**
 * Fills a permission input whose resource facts may be missing (policy tests, the playground,
 * decisions logged before permissions carried them): a side not given is the facts of nothing,
 * `known: false`, so rules about owners see no owner rather than fail on a missing field.
 */
export function completePermissionInput(partial: {
  user?: Partial<ToolCallUserFacts>;
  permission?: Partial<PermissionFacts>;
  server?: Partial<ToolCallServerFacts>;
  tool?: Partial<ToolCallToolFacts>;
  context?: Record<string, unknown>;
}): PermissionInput {
  const userRef = partial.user?.ref ?? 'user:default/someone';
  const serverRef = partial.server?.ref ?? '';
  return {
    user: { ref: userRef, groups: [userRef], ...partial.user },
    permission: {
      name: '',
      action: '',
      resourceRef: '',
      ...partial.permission,
    },
    server: {
      ...unknownServerFacts(serverRef),
      ...(partial.server ? { known: true } : {}),
      ...partial.server,
    },
    tool: {
      ...unknownToolFacts(serverRef, ''),
      ...(partial.tool ? { known: true } : {}),
      ...partial.tool,
    },
    context: partial.context ?? {},
  };
}
