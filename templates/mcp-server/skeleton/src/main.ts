#!/usr/bin/env node
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { serverInfo } from './serverInfo.js';
import { startServer } from './startServer.js';
import { tools } from './tools/index.js';
import { readPackageVersion } from './version.js';

async function main() {
  const stdioFlag = process.argv.includes('--stdio');
  let config;
  try {
    config = loadConfig(process.env, stdioFlag ? { transport: 'stdio' } : {});
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    createLogger({ destination: process.stderr }).error(
      'invalid configuration',
      {
        problems: error.problems,
      },
    );
    process.exit(78); // EX_CONFIG: restarting will not help.
  }

  const version = readPackageVersion();
  // Over stdio, stdout carries the protocol: logs go to stderr.
  const logger = createLogger({
    level: config.logLevel,
    destination: config.transport === 'stdio' ? process.stderr : process.stdout,
    fields: { server: serverInfo.name, team: serverInfo.team, version },
  });
  process.on('uncaughtException', error => {
    logger.error('uncaught exception', { error });
    process.exit(1);
  });
  process.on('unhandledRejection', error => {
    logger.error('unhandled promise rejection', { error });
    process.exit(1);
  });

  const running = await startServer({ config, logger, tools, version });

  let stopping = false;
  const shutdown = (reason: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { reason });
    const deadline = config.shutdown.drainMs + config.shutdown.timeoutMs + 2000;
    setTimeout(() => {
      logger.error('shutdown took too long; exiting', { deadlineMs: deadline });
      process.exit(1);
    }, deadline).unref();
    running.close().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      error => {
        logger.error('shutdown failed', { error });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  if (config.transport === 'stdio')
    process.stdin.on('end', () => shutdown('stdin closed'));
}

main().catch(error => {
  createLogger({ destination: process.stderr }).error('failed to start', {
    error,
  });
  process.exit(1);
});
