/**
 * Example MCP servers of the MCP Platform: real servers, built with the MCP SDK v2, that the demo
 * catalog points at and the tests start on random ports. Each declares the MCP revisions it
 * speaks (`revisions`) and whether it serves the deprecated HTTP+SSE transport (`sse`).
 *
 * @packageDocumentation
 */
export { startExampleServer } from './exampleServer';
export type {
  ExampleServerDefinition,
  McpProtocolRevision,
  RunningExampleServer,
} from './exampleServer';
export {
  defineTool,
  jsonResult,
  ToolInputError,
  registerInstrumentedTools,
} from './exampleTool';
export type { ExampleTool } from './exampleTool';
export { ToolMetrics } from './toolMetrics';
export {
  conformanceFixtureTools,
  withConformanceFixtures,
} from './conformanceFixtures';
export { createPaymentsLedger } from './paymentsLedger';
export { createAnalyticsWarehouse } from './analyticsWarehouse';
export { createSupportDesk } from './supportDesk';
export { createModelGateway, estimateTokens } from './modelGateway';
export {
  exampleServerFactories,
  startAllExampleServers,
} from './startAllExampleServers';
export { ExampleToolClient } from './ExampleToolClient';
export { exampleFaults, withInjectedFaults } from './injectedFaults';
export type { InjectedFaults } from './injectedFaults';
export { exampleTraffic } from './exampleTraffic';
export { seededRandom } from './randomness';
export { startUsageGenerator } from './usageGenerator';
export type { GatewayRoute, UsageGenerator } from './usageGenerator';
export { generateUsageHistory, pushUsageEvents } from './usageHistory';
export type { PushedUsageEvent } from './usageHistory';
export { waitForApprovedTool } from './demoBackend';
export { demoCallers, demoConsumers, demoRefusedCalls } from './demoConsumers';
export type { DemoConsumer } from './demoConsumers';
export {
  CHANGED_TOOL,
  DEMO_DOWN_SERVER,
  describeTableRelease,
  FLAGGED_TOOL,
  withFlaggedTool,
} from './demoStates';
