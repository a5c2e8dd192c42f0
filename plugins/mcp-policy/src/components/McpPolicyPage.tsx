import { Header, Page, TabbedLayout } from '@backstage/core-components';
import { DecisionLogTab } from './DecisionLogTab/DecisionLogTab';
import { PlaygroundTab } from './PlaygroundTab/PlaygroundTab';
import { PoliciesTab } from './PoliciesTab/PoliciesTab';

/** The MCP policy page: the active policies, a playground to try them, and the decision log. */
export function McpPolicyPage() {
  return (
    <Page themeId="tool">
      <Header
        title="MCP policies"
        subtitle="Deployment and tool-call decisions, explained"
      />
      <TabbedLayout>
        <TabbedLayout.Route path="/" title="Policies">
          <PoliciesTab />
        </TabbedLayout.Route>
        <TabbedLayout.Route path="/playground" title="Playground">
          <PlaygroundTab />
        </TabbedLayout.Route>
        <TabbedLayout.Route path="/decisions" title="Decision log">
          <DecisionLogTab />
        </TabbedLayout.Route>
      </TabbedLayout>
    </Page>
  );
}
