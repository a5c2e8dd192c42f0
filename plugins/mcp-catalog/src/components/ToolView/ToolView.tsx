import {
  CodeSnippet,
  InfoCard,
  Link,
  Progress,
} from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  mcpToolApprovePermission,
  McpToolDetail,
} from '@mcp-platform/plugin-mcp-catalog-common';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { mcpCatalogApiRef } from '../../api';
import { DefinitionDiff } from '../DefinitionDiff';
import { ParameterTable } from '../ParameterTable';
import {
  ApprovalChip,
  HintChips,
  OutOfServiceChip,
  SeverityChip,
} from '../common/badges';
import { McpErrorPanel } from '../common/errors';
import { useMcpPaths } from '../common/paths';
import { timeAgo } from '../common/time';
import { KillSwitchCard } from '../KillSwitch';
import { FindingsList } from './FindingsList';
import { ToolAccessCard } from './ToolAccessCard';

function AnnotationBadges(props: { tool: McpToolDetail }) {
  const a = props.tool.annotations ?? {};
  const hints = Object.entries(a).filter(([k]) => k.endsWith('Hint'));
  return (
    <>
      <HintChips
        readOnly={props.tool.readOnly}
        destructive={props.tool.destructive}
      />
      {hints.map(([k, v]) => (
        <Chip
          key={k}
          size="small"
          variant="outlined"
          style={{ margin: '0 4px 4px 0' }}
          label={`${k}: ${String(v)}`}
        />
      ))}
    </>
  );
}

/** A tool: parameters, schemas, annotations, history with diff, findings, approval. */
export function ToolView(props: { serverRef: string; toolName: string }) {
  const api = useApi(mcpCatalogApiRef);
  const alertApi = useApi(alertApiRef);
  const paths = useMcpPaths();
  // Decided per tool: the owners of its server and the platform team may approve it.
  const { allowed: canApprove } = usePermission({
    permission: mcpToolApprovePermission,
    resourceRef: `${props.serverRef}#${props.toolName}`,
  });
  const [approving, setApproving] = useState(false);
  const {
    value: tool,
    loading,
    error,
    retry,
  } = useAsyncRetry(
    () => api.getTool(props.serverRef, props.toolName),
    [api, props.serverRef, props.toolName],
  );

  if (loading && !tool) return <Progress />;
  if (error)
    return (
      <McpErrorPanel
        error={error}
        title={`Could not load tool ${props.toolName}`}
      />
    );
  if (!tool) return null;

  const approve = async () => {
    setApproving(true);
    try {
      await api.approveTool(tool.serverRef, tool.name, tool.definitionHash);
      alertApi.post({
        message: `Approved version ${tool.version} of ${tool.name}`,
        severity: 'success',
        display: 'transient',
      });
    } catch (e) {
      alertApi.post({ message: (e as Error).message, severity: 'error' });
    } finally {
      setApproving(false);
      retry();
    }
  };

  const current = tool.versions.find(
    v => v.definitionHash === tool.definitionHash,
  );
  const approved = tool.versions.find(
    v => v.approvedAt && v.definitionHash !== tool.definitionHash,
  );

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard
          title={tool.title ? `${tool.name} — ${tool.title}` : tool.name}
          subheader={
            <>
              {/* The subheader lays out as flex items: keep the spaces as non-breaking text. */}
              <span>on&nbsp;</span>
              <Link to={paths.server(tool.serverRef)}>{tool.serverName}</Link>
              {tool.owner && (
                <>
                  <span>, owned by&nbsp;</span>
                  <EntityRefLink entityRef={tool.owner} defaultKind="group" />
                </>
              )}
            </>
          }
        >
          <AnnotationBadges tool={tool} />
          <SeverityChip severity={tool.maxSeverity} />
          <ApprovalChip approval={tool.approval} state={tool.state} />
          <OutOfServiceChip disabled={tool.disabled} />
          <Typography
            variant="body1"
            style={{ whiteSpace: 'pre-wrap', marginTop: 8 }}
          >
            {tool.description ?? 'No description.'}
          </Typography>
          <Typography variant="caption" color="textSecondary">
            Version {tool.version}, first seen {timeAgo(tool.firstSeenAt)}, last
            seen {timeAgo(tool.lastSeenAt)}
            {tool.removedAt ? `, removed ${timeAgo(tool.removedAt)}` : ''}
          </Typography>
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        {/* Asked again when an approval or the kill switch changes the tool. */}
        <ToolAccessCard
          key={`${tool.definitionHash}:${tool.approval}:${Boolean(
            tool.disabled,
          )}`}
          serverRef={tool.serverRef}
          toolName={tool.name}
        />
      </Grid>
      <Grid item xs={12}>
        <KillSwitchCard
          serverRef={tool.serverRef}
          serverName={tool.serverName}
          tool={tool.name}
          disabled={tool.disabled}
          history={tool.killSwitchHistory}
          onSwitched={retry}
        />
      </Grid>
      {tool.approval !== 'approved' && tool.state === 'active' && (
        <Grid item xs={12}>
          <InfoCard
            title={
              tool.approval === 'new'
                ? 'New tool: review before approving'
                : 'Changed since it was approved'
            }
            action={
              canApprove ? (
                <Button
                  variant="contained"
                  color="primary"
                  onClick={approve}
                  disabled={approving}
                >
                  {approving ? 'Approving…' : `Approve version ${tool.version}`}
                </Button>
              ) : undefined
            }
          >
            {current && (
              <DefinitionDiff
                before={approved?.definition}
                after={current.definition}
                beforeLabel={
                  approved
                    ? `approved (version ${approved.version})`
                    : 'nothing approved yet'
                }
                afterLabel={`current (version ${current.version})`}
              />
            )}
            {!canApprove && (
              <Typography variant="body2" color="textSecondary">
                Only members of the owning team
                {tool.owner ? (
                  <>
                    {' '}
                    <EntityRefLink entityRef={tool.owner} defaultKind="group" />
                  </>
                ) : null}{' '}
                (or of a group above it) and the platform team may approve it
                (permission mcp.tool.approve); ask one of them to review it.
              </Typography>
            )}
          </InfoCard>
        </Grid>
      )}
      {tool.findings.length > 0 && (
        <Grid item xs={12}>
          <InfoCard title={`Risk findings (${tool.findings.length})`}>
            <FindingsList
              findings={tool.findings}
              fieldTexts={{
                description: tool.description ?? '',
                title: tool.title ?? '',
                name: tool.name,
              }}
            />
          </InfoCard>
        </Grid>
      )}
      <Grid item xs={12} md={7}>
        <InfoCard title="Parameters">
          <ParameterTable schema={tool.inputSchema} />
        </InfoCard>
        {tool.outputSchema && (
          <InfoCard title="Output">
            <ParameterTable
              schema={tool.outputSchema}
              emptyText="The output schema declares no fields."
            />
          </InfoCard>
        )}
      </Grid>
      <Grid item xs={12} md={5}>
        <InfoCard title="Raw input schema">
          <CodeSnippet
            text={JSON.stringify(tool.inputSchema, null, 2)}
            language="json"
            showCopyCodeButton
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title={`Definition history (${tool.versions.length})`}>
          <List dense>
            {tool.versions.map(v => (
              <ListItem key={v.version}>
                <ListItemText
                  primary={`Version ${v.version}${
                    v.definitionHash === tool.definitionHash ? ' (current)' : ''
                  }`}
                  secondary={`seen ${timeAgo(v.seenAt)} · ${
                    v.approvedBy
                      ? `approved by ${v.approvedBy}${
                          v.approvedAt ? ` ${timeAgo(v.approvedAt)}` : ''
                        }`
                      : 'not approved'
                  } · ${v.definitionHash.slice(0, 12)}`}
                />
              </ListItem>
            ))}
          </List>
        </InfoCard>
      </Grid>
    </Grid>
  );
}
