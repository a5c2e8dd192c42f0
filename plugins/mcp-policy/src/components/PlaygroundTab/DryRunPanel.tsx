import { useApi } from '@backstage/core-plugin-api';
import { DryRunRequest } from '@mcp-platform/plugin-mcp-policy-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Grid from '@material-ui/core/Grid';
import LinearProgress from '@material-ui/core/LinearProgress';
import MenuItem from '@material-ui/core/MenuItem';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { mcpPolicyApiRef } from '../../api';
import { RequestErrorPanel } from '../common/RequestErrorPanel';
import { DryRunResult } from './DryRunResult';

const PLACEHOLDER = `apiVersion: mcp-platform.io/v1alpha1
kind: McpPolicy
metadata:
  name: deployment-guardrails
spec:
  rules:
    - name: rate-limit-max
      target: deployment
      condition: has(deployment.rateLimit) && deployment.rateLimit.requestsPerMinute > 500
      effect: deny
      message: The rate limit may be at most 500 requests per minute.`;

const PERIODS = [
  { days: 1, label: 'Last 24 hours' },
  { days: 7, label: 'Last 7 days' },
  { days: 30, label: 'Last 30 days' },
];

type Kind = NonNullable<DryRunRequest['kind']>;

/** Replays recorded decisions against a candidate policy: what would this change have done? */
export function DryRunPanel() {
  const api = useApi(mcpPolicyApiRef);
  const [name, setName] = useState('candidate.yaml');
  const [content, setContent] = useState('');
  const [replace, setReplace] = useState(false);
  const [kind, setKind] = useState<Kind | 'all'>('all');
  const [days, setDays] = useState(7);
  const [state, run] = useAsyncFn(
    (request: DryRunRequest) => api.dryRun(request),
    [api],
  );

  const submit = () =>
    run({
      documents: [{ name: name.trim() || 'candidate.yaml', content }],
      replace,
      kind: kind === 'all' ? undefined : kind,
      since: new Date(Date.now() - days * 24 * 3600 * 1000).toISOString(),
    });

  return (
    <Box>
      <Typography variant="body2" paragraph>
        Paste a candidate policy document (YAML) and see which recorded
        decisions it would have changed. Nothing is enforced or recorded.
      </Typography>
      <Grid container spacing={2}>
        <Grid item xs={12} md={4}>
          <TextField
            id="mcp-policy-dry-run-name"
            label="File name"
            helperText="Load errors point to this name and a line"
            fullWidth
            variant="outlined"
            value={name}
            onChange={e => setName(e.target.value)}
          />
        </Grid>
        <Grid item xs={6} md={4}>
          <TextField
            id="mcp-policy-dry-run-kind"
            select
            label="Decisions to replay"
            fullWidth
            variant="outlined"
            value={kind}
            onChange={e => setKind(e.target.value as Kind | 'all')}
          >
            <MenuItem value="all">All kinds</MenuItem>
            <MenuItem value="deployment">Deployments</MenuItem>
            <MenuItem value="tool-call">Tool calls</MenuItem>
            <MenuItem value="permission">Permissions</MenuItem>
          </TextField>
        </Grid>
        <Grid item xs={6} md={4}>
          <TextField
            id="mcp-policy-dry-run-period"
            select
            label="Period"
            fullWidth
            variant="outlined"
            value={days}
            onChange={e => setDays(Number(e.target.value))}
          >
            {PERIODS.map(p => (
              <MenuItem key={p.days} value={p.days}>
                {p.label}
              </MenuItem>
            ))}
          </TextField>
        </Grid>
        <Grid item xs={12}>
          <TextField
            id="mcp-policy-dry-run-content"
            label="Candidate policy (YAML)"
            placeholder={PLACEHOLDER}
            multiline
            minRows={10}
            fullWidth
            variant="outlined"
            value={content}
            onChange={e => setContent(e.target.value)}
            inputProps={{
              style: { fontFamily: 'monospace' },
              spellCheck: false,
            }}
          />
        </Grid>
        <Grid item xs={12}>
          <RadioGroup
            row
            aria-label="How the candidate applies"
            value={replace ? 'replace' : 'change'}
            onChange={e => setReplace(e.target.value === 'replace')}
          >
            <FormControlLabel
              value="change"
              control={<Radio />}
              label="A change to the active set (replaces policies of the same name)"
            />
            <FormControlLabel
              value="replace"
              control={<Radio />}
              label="Replace the whole set"
            />
          </RadioGroup>
        </Grid>
      </Grid>
      <Box mt={1} mb={2}>
        <Button
          variant="contained"
          color="primary"
          onClick={submit}
          disabled={state.loading || !content.trim()}
        >
          Run dry run
        </Button>
      </Box>
      {state.loading && <LinearProgress />}
      {!state.loading && state.error && (
        <RequestErrorPanel
          error={state.error}
          title="The dry run could not use these policies"
          permission={{
            name: 'mcp.policy.dry-run',
            purpose:
              'Dry runs replay recorded decisions, which name users and tools.',
          }}
        />
      )}
      {!state.loading && state.value && <DryRunResult result={state.value} />}
    </Box>
  );
}
