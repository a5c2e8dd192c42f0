import { EmptyState, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Grid from '@material-ui/core/Grid';
import useAsync from 'react-use/esm/useAsync';
import { mcpPolicyApiRef } from '../../api';
import { RequestErrorPanel } from '../common/RequestErrorPanel';
import { PolicyCard } from './PolicyCard';
import { PolicySetSummary } from './PolicySetSummary';
import { RejectedReloadPanel } from './RejectedReloadPanel';

/** The active policy set: summary, a rejected reload if any, and every policy with its rules. */
export function PoliciesTab() {
  const api = useApi(mcpPolicyApiRef);
  const { value, loading, error } = useAsync(() => api.getPolicies(), [api]);

  if (loading) return <Progress />;
  if (error) {
    return (
      <RequestErrorPanel
        error={error}
        title="Could not load the policies from the MCP policy engine"
      />
    );
  }
  if (!value) return null;
  return (
    <Grid container spacing={3}>
      {value.errors.length > 0 && (
        <Grid item xs={12}>
          <RejectedReloadPanel info={value} />
        </Grid>
      )}
      <Grid item xs={12}>
        <PolicySetSummary info={value} />
      </Grid>
      {value.policies.length === 0 && (
        <Grid item xs={12}>
          <EmptyState
            missing="content"
            title="No policies are loaded"
            description="Enable the built-in pack (mcpPolicy.builtinPack) or list your policy files in mcpPolicy.policyFiles; until then only the defaults above decide."
          />
        </Grid>
      )}
      {value.policies.map(policy => (
        <Grid item xs={12} key={policy.name}>
          <PolicyCard policy={policy} />
        </Grid>
      ))}
    </Grid>
  );
}
