/*
 * What the MCP Platform's backend runs: Backstage's core plugins plus the MCP suite. Kept apart
 * from index.ts so that tests start the same backend (see productionConfig.test.ts).
 */
import appBackend from '@backstage/plugin-app-backend';
import proxyBackend from '@backstage/plugin-proxy-backend';
import authBackend from '@backstage/plugin-auth-backend';
import authBackendModuleGuestProvider from '@backstage/plugin-auth-backend-module-guest-provider';
import authBackendModuleOidcProvider from '@backstage/plugin-auth-backend-module-oidc-provider';
import authBackendModuleGithubProvider from '@backstage/plugin-auth-backend-module-github-provider';
import { authModulePersonaProvider } from './authModulePersonaProvider';
import catalogBackend from '@backstage/plugin-catalog-backend';
import catalogBackendModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import catalogBackendModuleLogs from '@backstage/plugin-catalog-backend-module-logs';
import scaffolderBackend from '@backstage/plugin-scaffolder-backend';
import scaffolderBackendModuleGithub from '@backstage/plugin-scaffolder-backend-module-github';
import scaffolderBackendModuleMcp from '@mcp-platform/plugin-scaffolder-backend-module-mcp';
import permissionBackend from '@backstage/plugin-permission-backend';
import permissionBackendModuleMcpPolicy from '@mcp-platform/plugin-permission-backend-module-mcp-policy';
import searchBackend from '@backstage/plugin-search-backend';
import searchBackendModulePg from '@backstage/plugin-search-backend-module-pg';
import searchBackendModuleCatalog from '@backstage/plugin-search-backend-module-catalog';
import userSettingsBackend from '@backstage/plugin-user-settings-backend';
import notificationsBackend from '@backstage/plugin-notifications-backend';
import signalsBackend from '@backstage/plugin-signals-backend';
import mcpActionsBackend from '@backstage/plugin-mcp-actions-backend';
import mcpCatalogBackend from '@mcp-platform/plugin-mcp-catalog-backend';
import mcpPolicyBackend from '@mcp-platform/plugin-mcp-policy-backend';
import mcpInsightsBackend from '@mcp-platform/plugin-mcp-insights-backend';
import { mcpGatewayUnlessRoutedElsewhere } from '@mcp-platform/plugin-mcp-gateway-backend';
import catalogBackendModuleMcp from '@mcp-platform/plugin-catalog-backend-module-mcp';
import catalogBackendModuleMcpLocalRepositories from '@mcp-platform/plugin-catalog-backend-module-mcp-local-repositories';
import searchBackendModuleMcpTools from '@mcp-platform/plugin-search-backend-module-mcp-tools';
import mcpPolicyBackendModuleInsights from '@mcp-platform/plugin-mcp-policy-backend-module-insights';

/** The backend's plugins and modules, in the order `backend.add` receives them. */
export const backendFeatures = [
  appBackend,
  proxyBackend,

  // auth: each provider is active only when configured under auth.providers: guest and the
  // persona (a product-team member) in app-config.development.yaml, OIDC or GitHub in
  // production (app-config.production.yaml)
  authBackend,
  authBackendModuleGuestProvider,
  authModulePersonaProvider,
  authBackendModuleOidcProvider,
  authBackendModuleGithubProvider,

  // catalog
  catalogBackend,
  catalogBackendModuleScaffolderEntityModel,
  catalogBackendModuleLogs,
  // rejects invalid mcp-server entities and tool names the gateway cannot offer
  catalogBackendModuleMcp,
  // Registers repositories created by the template's local publish step (no GitHub needed).
  catalogBackendModuleMcpLocalRepositories,

  // scaffolder, with the MCP actions (policy gate, local publish)
  scaffolderBackend,
  scaffolderBackendModuleGithub,
  scaffolderBackendModuleMcp,

  // permissions: the MCP policy engine for the suite's, mcpPolicy.permission.otherPermissions
  // (allow, deny, or your own policy) for everything else
  permissionBackend,
  permissionBackendModuleMcpPolicy,

  // search: Postgres engine when on PostgreSQL, in-memory otherwise; catalog collator
  searchBackend,
  searchBackendModulePg,
  searchBackendModuleCatalog,
  // the tools of catalogued MCP servers (documents of type mcp-tool)
  searchBackendModuleMcpTools,

  userSettingsBackend,
  notificationsBackend,
  signalsBackend,

  // Backstage's own MCP endpoint, exposing the actions registry to agents
  mcpActionsBackend,

  // the MCP Platform suite
  mcpCatalogBackend,
  mcpPolicyBackend,
  mcpInsightsBackend,
  // the MCP gateway: one governed endpoint for every catalogued tool; not started here when
  // discovery.endpoints routes mcp-gateway to a gateway backend of its own (packages/gateway-backend)
  mcpGatewayUnlessRoutedElsewhere,
  // budget and error-budget inputs of the policy engine, from insights
  mcpPolicyBackendModuleInsights,
];
