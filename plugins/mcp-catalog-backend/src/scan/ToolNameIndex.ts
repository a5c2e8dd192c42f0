import type { OtherToolNames, RiskFinding } from './RiskScanner';

const entityName = (entityRef: string) =>
  entityRef.slice(entityRef.indexOf('/') + 1);
// toLowerCase is what toLocaleLowerCase('en-US') does, without resolving a locale per call.
const namespacedKey = (entityRef: string, toolName: string) =>
  `${entityName(entityRef)}__${toolName}`.toLowerCase();

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
        const servers = this.producers.get(name);
        if (servers) servers.add(ref);
        else this.producers.set(name, new Set([ref]));
        const key = namespacedKey(ref, name);
        const producers = this.namespaced.get(key);
        if (producers) producers.add(`${ref}#${name}`);
        else this.namespaced.set(key, new Set([`${ref}#${name}`]));
      }
    }
  }

  /** Tool names offered by servers other than `serverRef`, as the shadowing check needs them. */
  othersThan(serverRef: string): OtherToolNames {
    return {
      size: this.producers.size,
      all: this.producers,
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
    const producers = this.namespaced.get(namespacedKey(serverRef, toolName));
    if (!producers) return undefined;
    const own = `${serverRef}#`;
    const clash = [...producers].find(p => !p.startsWith(own));
    if (!clash) return undefined;
    const namespaced = `${entityName(serverRef)}__${toolName}`;
    return {
      ruleId: 'namespaced-name-collision',
      severity: 'medium',
      message: `Its namespaced name "${namespaced}" is also produced by ${clash}: clients that prefix tools with their server cannot tell them apart`,
      field: 'name',
      evidence: { start: 0, end: toolName.length, text: toolName },
    };
  }
}
