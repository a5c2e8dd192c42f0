import { useApi } from '@backstage/core-plugin-api';
import { DeploymentConfig } from '@mcp-platform/plugin-mcp-policy-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import LinearProgress from '@material-ui/core/LinearProgress';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { mcpPolicyApiRef } from '../../api';
import { RequestErrorPanel } from '../common/RequestErrorPanel';
import { DeploymentDecisionView } from './DeploymentDecisionView';
import { sampleDeployment } from './sampleDeployment';

const SAMPLE = JSON.stringify(sampleDeployment, null, 2);

/** Paste a deployment config, see whether it may deploy and which rules say why. */
export function DeploymentPlayground() {
  const api = useApi(mcpPolicyApiRef);
  const [text, setText] = useState(SAMPLE);
  const [syntaxError, setSyntaxError] = useState<string>();
  const [state, evaluate] = useAsyncFn(
    (deployment: DeploymentConfig) =>
      api.evaluateDeployment(deployment, { record: false }),
    [api],
  );

  const submit = () => {
    let deployment: DeploymentConfig;
    try {
      deployment = JSON.parse(text);
    } catch (e) {
      setSyntaxError(`The config is not valid JSON: ${(e as Error).message}`);
      return;
    }
    setSyntaxError(undefined);
    evaluate(deployment);
  };

  return (
    <Box>
      <Typography variant="body2" paragraph>
        The config a template or a CI/CD pipeline sends: name, owner (group
        ref), environment, change (create | update), dataClassification,
        replicas, cpu, memoryMiB, rateLimit.requestsPerMinute, egress [{'{'}
        host, kind {'}'}]. Evaluating here records nothing.
      </Typography>
      <TextField
        id="mcp-policy-deployment-config"
        label="Deployment config (JSON)"
        multiline
        fullWidth
        variant="outlined"
        minRows={12}
        value={text}
        onChange={e => setText(e.target.value)}
        error={!!syntaxError}
        helperText={syntaxError}
        inputProps={{ style: { fontFamily: 'monospace' }, spellCheck: false }}
      />
      <Box mt={1} mb={2} display="flex" style={{ gap: 8 }}>
        <Button
          variant="contained"
          color="primary"
          onClick={submit}
          disabled={state.loading}
        >
          Evaluate
        </Button>
        <Button onClick={() => setText(SAMPLE)}>Reset to the sample</Button>
      </Box>
      {state.loading && <LinearProgress />}
      {!state.loading && state.error && (
        <RequestErrorPanel
          error={state.error}
          title="The engine rejected this deployment config"
        />
      )}
      {!state.loading && state.value && (
        <DeploymentDecisionView decision={state.value} />
      )}
    </Box>
  );
}
