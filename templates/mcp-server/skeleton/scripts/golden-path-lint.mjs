#!/usr/bin/env node
/**
 * The golden path's rules, checked in CI and before the tests:
 *
 * - no-hard-coded-secrets: no private keys, cloud or SaaS tokens, JWTs or secret-named values in
 *   the repository. Secrets come from the environment (Kubernetes Secrets), never from code.
 * - tools-through-middleware: tools are registered only by `registerGoldenPathTools` in
 *   src/toolkit.ts, which wraps each in the rate-limit and metrics middleware; a tool registered
 *   any other way would be invisible to the platform's dashboards and unlimited.
 *
 * Usage: node scripts/golden-path-lint.mjs [project directory]. Exit code 1 on a violation.
 * A line with the comment `golden-path-lint: allow-secret` is exempt from the secrets rule
 * (use it for test fixtures, and say why in the review).
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const root = path.resolve(process.argv[2] ?? '.');
const SKIP_DIRS = new Set(['node_modules', 'dist', '.git', 'coverage']);
const SKIP_FILES = new Set(['package-lock.json']);
const TEXT_LIMIT = 1024 * 1024;
const ALLOW_SECRET = 'golden-path-lint: allow-secret';

const SECRET_PATTERNS = [
  ['private key', /-{5}BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-{5}/],
  ['AWS access key id', /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/],
  [
    'GitHub token',
    /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/,
  ],
  ['Slack token', /\bxox[abposr]-[A-Za-z0-9-]{10,}/],
  ['Google API key', /\bAIza[0-9A-Za-z_-]{35}\b/],
  ['Stripe live key', /\b[rs]k_live_[0-9a-zA-Z]{16,}/],
  ['LLM provider API key', /\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{24,}/],
  ['JWT', /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/],
  [
    'secret-named value',
    /\b[\w.-]*(?:password|passwd|secret|token|api[_-]?key)["']?\s*[:=]\s*["'`]([^"'`\s$<>{}[\]]{8,})["'`]/i,
  ],
  [
    'secret-named variable',
    /^\s*(?:export\s+)?[A-Z0-9_]*(?:PASSWORD|SECRET|TOKEN|API_KEY)[A-Z0-9_]*\s*=\s*([^\s$#'"<>{}]{8,})\s*$/,
  ],
  [
    'secret-named YAML value',
    /^\s*-?\s*[\w.-]*(?:password|passwd|secret|token|api[_-]?key)\s*:\s*([^\s'"{}$<>#&*|]{8,})\s*$/i,
    /\.ya?ml$/,
  ],
];
const PLACEHOLDER =
  /^(?:x+|\*+|changeme|change-me|replace-?me|example\w*|dummy\w*|placeholder\w*)$/i;

/** @type {Array<{file: string, line: number, rule: string, message: string}>} */
const problems = [];
const report = (file, line, rule, message) =>
  problems.push({
    file: path.relative(root, file) || file,
    line,
    rule,
    message,
  });

function* walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) yield* walk(path.join(dir, entry.name));
    } else if (entry.isFile() && !SKIP_FILES.has(entry.name)) {
      yield path.join(dir, entry.name);
    }
  }
}

function checkSecrets(file) {
  if (fs.statSync(file).size > TEXT_LIMIT) return;
  const buffer = fs.readFileSync(file);
  if (buffer.includes(0)) return; // binary
  buffer
    .toString('utf8')
    .split('\n')
    .forEach((text, index) => {
      if (text.includes(ALLOW_SECRET)) return;
      for (const [name, pattern, onlyIn] of SECRET_PATTERNS) {
        if (onlyIn && !onlyIn.test(file)) continue;
        const match = pattern.exec(text);
        if (match && !(match[1] && PLACEHOLDER.test(match[1]))) {
          report(
            file,
            index + 1,
            'no-hard-coded-secrets',
            `looks like a hard-coded ${name}: read it from the environment (a Kubernetes Secret) instead`,
          );
          return;
        }
      }
    });
}

const REGISTRATION_METHODS = new Set(['registerTool', 'registerToolTask']);
const TOOLKIT = path.join(root, 'src', 'toolkit.ts');

function enclosingFunctionName(node) {
  for (let n = node.parent; n; n = n.parent) {
    if (ts.isFunctionDeclaration(n) && n.name) return n.name.text;
  }
  return undefined;
}

function checkToolRegistration(file) {
  const source = ts.createSourceFile(
    file,
    fs.readFileSync(file, 'utf8'),
    ts.ScriptTarget.Latest,
    true,
  );
  const lineOf = node =>
    source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const isToolkit = file === TOOLKIT;
  const toolkitCalls = new Map();

  const visit = node => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const method = ts.isPropertyAccessExpression(callee)
        ? callee.name.text
        : undefined;
      if (isToolkit && ts.isIdentifier(callee) === false && method) {
        const fn = enclosingFunctionName(node);
        if (fn) toolkitCalls.set(`${fn}:${method}`, true);
      }
      const registersTool =
        (method && REGISTRATION_METHODS.has(method)) ||
        // The deprecated McpServer.tool(name, ..., callback) API.
        (method === 'tool' &&
          node.arguments.length >= 2 &&
          ts.isStringLiteralLike(node.arguments[0])) ||
        // The low-level API: setRequestHandler('tools/call', ...) (SDK v2) or with
        // CallToolRequestSchema (SDK v1).
        (method === 'setRequestHandler' &&
          node.arguments[0] &&
          (/CallToolRequestSchema$/.test(node.arguments[0].getText(source)) ||
            (ts.isStringLiteralLike(node.arguments[0]) &&
              node.arguments[0].text === 'tools/call')));
      if (registersTool) {
        const handler = node.arguments[node.arguments.length - 1];
        const guarded =
          isToolkit &&
          method === 'registerTool' &&
          enclosingFunctionName(node) === 'registerGoldenPathTools' &&
          handler &&
          ts.isIdentifier(handler) &&
          handler.text === 'guardedHandler';
        if (!guarded) {
          report(
            file,
            lineOf(node),
            'tools-through-middleware',
            `tool registered without the rate-limit and metrics middleware (${method}): declare it with defineTool() in src/tools and let registerGoldenPathTools register it`,
          );
        }
      }
    }
    if (
      isToolkit &&
      ts.isPropertyAssignment(node) &&
      node.name.getText(source) === 'guardedHandler' &&
      !(
        ts.isCallExpression(node.initializer) &&
        node.initializer.expression.getText(source) ===
          'withGoldenPathMiddleware'
      )
    ) {
      report(
        file,
        lineOf(node),
        'tools-through-middleware',
        'guardedHandler must be created by withGoldenPathMiddleware()',
      );
    }
    ts.forEachChild(node, visit);
  };
  visit(source);

  if (isToolkit) {
    for (const [call, what] of [
      ['take', 'rate limiting (rateLimiter.take)'],
      ['rateLimited', 'counting rate-limited calls (recorder.rateLimited)'],
      ['completed', 'metrics (recorder.completed)'],
    ]) {
      if (!toolkitCalls.has(`withGoldenPathMiddleware:${call}`)) {
        report(
          file,
          1,
          'tools-through-middleware',
          `withGoldenPathMiddleware no longer applies ${what}`,
        );
      }
    }
  }
}

const files = [...walk(root)];
for (const file of files) checkSecrets(file);
if (!fs.existsSync(TOOLKIT)) {
  report(TOOLKIT, 1, 'tools-through-middleware', 'src/toolkit.ts is missing');
}
for (const file of files) {
  if (
    file.startsWith(path.join(root, 'src') + path.sep) &&
    /\.(?:[cm]?ts|[cm]?js)$/.test(file) &&
    !file.endsWith('.d.ts')
  ) {
    checkToolRegistration(file);
  }
}

for (const p of problems) {
  console.error(`${p.file}:${p.line}  ${p.rule}  ${p.message}`);
}
if (problems.length > 0) {
  console.error(`\ngolden-path-lint: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`golden-path-lint: ${files.length} files checked, no problems`);
