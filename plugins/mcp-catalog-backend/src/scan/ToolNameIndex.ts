import type { RiskFinding } from './RiskScanner';

const entityName = (entityRef: string) =>
  entityRef.slice(entityRef.indexOf('/') + 1);

/**
 * Every tool name in the catalog and the servers that offer it, built once per discovery run so
 * that checking one server against all others costs a lookup per tool, not a pass over the catalog.
 */
export class ToolNameIndex {
  private readonly producers = new Map<string, Set<string>>();
  // `server__tool`, lower-cased, as gateways and clients namespace tools.
  private readonly namespaced = new Map<string, Set<string>>();

  constructor(toolNamesByServer: Map<string, string[]>) {
    for (const [ref, names] of toolNamesByServer) {
      for (const name of names) {
        if (!this.producers.has(name)) this.producers.set(name, new Set());
        this.producers.get(name)!.add(ref);
        const key = `${entityName(ref)}__${name}`.toLocaleLowerCase('en-US');
        if (!this.namespaced.has(key)) this.namespaced.set(key, new Set());
        this.namespaced.get(key)!.add(`${ref}#${name}`);
      }
    }
  }

  /** Tool names offered by servers other than `serverRef`, as the shadowing check needs them. */
  othersThan(serverRef: string): { has(name: string): boolean; size: number } {
    return {
      size: this.producers.size,
      has: name => {
        const servers = this.producers.get(name);
        return !!servers && (servers.size > 1 || !servers.has(serverRef));
      },
    };
  }

  /** A finding when the tool's namespaced name is also produced by another server's tool. */
  namespacedCollision(
    serverRef: string,
    toolName: string,
  ): RiskFinding | undefined {
    const namespaced = `${entityName(serverRef)}__${toolName}`;
    const clash = [
      ...(this.namespaced.get(namespaced.toLocaleLowerCase('en-US')) ?? []),
    ].find(p => !p.startsWith(`${serverRef}#`));
    if (!clash) return undefined;
    return {
      ruleId: 'namespaced-name-collision',
      severity: 'medium',
      message: `Its namespaced name "${namespaced}" is also produced by ${clash}: clients that prefix tools with their server cannot tell them apart`,
      field: 'name',
      evidence: { start: 0, end: toolName.length, text: toolName },
    };
  }
}
