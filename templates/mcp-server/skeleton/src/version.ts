import { readFileSync } from 'node:fs';

/** The version in package.json, the one source of truth for releases. */
export function readPackageVersion(): string {
  // dist/src/version.js -> package.json at the project root.
  const url = new URL('../../package.json', import.meta.url);
  try {
    const { version } = JSON.parse(readFileSync(url, 'utf8')) as {
      version?: string;
    };
    return version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
