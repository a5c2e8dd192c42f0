import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import LinearProgress from '@material-ui/core/LinearProgress';
import TextField from '@material-ui/core/TextField';
import { useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { mcpPolicyApiRef } from '../../api';
import { RequestErrorPanel } from '../common/RequestErrorPanel';
import { parseToolLines } from './parseToolLines';
import { ToolCallDecisionsTable } from './ToolCallDecisionsTable';

/** Pick a user and tools, see which of them the user may call and why. */
export function ToolCallPlayground() {
  const api = useApi(mcpPolicyApiRef);
  const [user, setUser] = useState('');
  const [lines, setLines] = useState('');
  const [lineErrors, setLineErrors] = useState<string[]>([]);
  const [state, evaluate] = useAsyncFn(
    (request: Parameters<typeof api.evaluateToolCalls>[0]) =>
      api.evaluateToolCalls(request),
    [api],
  );

  const submit = () => {
    const { tools, errors } = parseToolLines(lines);
    if (tools.length === 0 && errors.length === 0) {
      errors.push(
        'Name at least one tool, e.g. api:default/payments-ledger#refund_payment',
      );
    }
    setLineErrors(errors);
    if (errors.length > 0) return;
    evaluate({
      user: user.trim() ? { ref: user.trim() } : undefined,
      tools,
      record: false,
    });
  };

  return (
    <Box>
      <Grid container spacing={2}>
        <Grid item xs={12} md={4}>
          <TextField
            id="mcp-policy-tool-call-user"
            label="User"
            placeholder="user:default/jane"
            helperText="A user entity ref; leave empty to ask about yourself. Asking about someone else needs mcp.policy.decisions.read."
            fullWidth
            variant="outlined"
            value={user}
            onChange={e => setUser(e.target.value)}
          />
        </Grid>
        <Grid item xs={12} md={8}>
          <TextField
            id="mcp-policy-tool-call-tools"
            label="Tools, one per line"
            placeholder={
              'api:default/payments-ledger#refund_payment\napi:default/payments-ledger#get_balance'
            }
            multiline
            minRows={3}
            fullWidth
            variant="outlined"
            value={lines}
            onChange={e => setLines(e.target.value)}
            error={lineErrors.length > 0}
            helperText={
              lineErrors.length > 0
                ? lineErrors.join('; ')
                : 'server entity ref # tool name'
            }
            inputProps={{
              style: { fontFamily: 'monospace' },
              spellCheck: false,
            }}
          />
        </Grid>
      </Grid>
      <Box mt={1} mb={2}>
        <Button
          variant="contained"
          color="primary"
          onClick={submit}
          disabled={state.loading}
        >
          Evaluate
        </Button>
      </Box>
      {state.loading && <LinearProgress />}
      {!state.loading && state.error && (
        <RequestErrorPanel
          error={state.error}
          title="The engine could not evaluate these tool calls"
        />
      )}
      {!state.loading && state.value && (
        <ToolCallDecisionsTable response={state.value} />
      )}
    </Box>
  );
}
