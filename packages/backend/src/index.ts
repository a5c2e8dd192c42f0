/*
 * The MCP Platform's Backstage backend: Backstage's core plugins plus the MCP suite.
 */
import { createBackend } from '@backstage/backend-defaults';
import {
  catalogModuleMcpServerValidation,
  searchModuleMcpToolCollator,
} from '@mcp-platform/plugin-mcp-catalog-backend';
import { mcpPolicyModuleInsightsContext } from '@mcp-platform/plugin-mcp-insights-backend';
import { catalogModuleMcpLocalRepositories } from '@mcp-platform/plugin-scaffolder-backend-module-mcp';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// auth: the guest provider is for development; configure a real provider for production
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

// catalog
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
backend.add(catalogModuleMcpServerValidation);
// Registers repositories created by the template's local publish step (no GitHub needed).
backend.add(catalogModuleMcpLocalRepositories);

// scaffolder, with the MCP actions (policy gate, local publish)
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(import('@mcp-platform/plugin-scaffolder-backend-module-mcp'));

// permissions, answered by the MCP policy engine (with a fallback for everything else)
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@mcp-platform/plugin-permission-backend-module-mcp-policy'),
);

// search: Postgres engine when on PostgreSQL, in-memory otherwise; catalog collator
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(searchModuleMcpToolCollator);

backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// Backstage's own MCP endpoint, exposing the actions registry to agents
backend.add(import('@backstage/plugin-mcp-actions-backend'));

// the MCP Platform suite
backend.add(import('@mcp-platform/plugin-mcp-catalog-backend'));
backend.add(import('@mcp-platform/plugin-mcp-policy-backend'));
backend.add(import('@mcp-platform/plugin-mcp-insights-backend'));
// the MCP gateway: one governed endpoint for every catalogued tool
backend.add(import('@mcp-platform/plugin-mcp-gateway-backend'));
// budget and error-budget inputs of the policy engine, from insights
backend.add(mcpPolicyModuleInsightsContext);

backend.start();
