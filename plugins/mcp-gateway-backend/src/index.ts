/**
 * The MCP gateway backend plugin: one governed MCP endpoint through which every catalogued tool
 * is called, checked, limited and metered.
 *
 * @packageDocumentation
 */
export { mcpGatewayPlugin as default } from './plugin';
export {
  gatewayRoutedElsewhere,
  mcpGatewayUnlessRoutedElsewhere,
} from './mcpGatewayUnlessRoutedElsewhere';
