/* eslint-disable no-console */
import { describeExampleServer } from './exampleServer';
import { startAllExampleServers } from './startAllExampleServers';

const basePort = Number(process.env.MCP_EXAMPLES_BASE_PORT ?? 7101);
if (!Number.isInteger(basePort) || basePort < 0 || basePort > 65530) {
  console.error(
    `MCP_EXAMPLES_BASE_PORT must be a port number, got "${process.env.MCP_EXAMPLES_BASE_PORT}"`,
  );
  process.exit(2);
}

startAllExampleServers({ basePort })
  .then(servers => {
    for (const s of servers) console.log(describeExampleServer(s));
    const stop = () => {
      Promise.all(servers.map(s => s.close())).finally(() => process.exit(0));
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  })
  .catch(error => {
    console.error(`Could not start the example MCP servers: ${error.message}`);
    if (error.code === 'EADDRINUSE')
      console.error(
        'Another process uses the port; set MCP_EXAMPLES_BASE_PORT to another base port.',
      );
    process.exit(1);
  });
