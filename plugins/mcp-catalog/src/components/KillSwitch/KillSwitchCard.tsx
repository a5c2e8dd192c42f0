import { InfoCard, Link } from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  KILL_SWITCH_REASON_MAX_LENGTH,
  KILL_SWITCH_REASON_MIN_LENGTH,
  McpDisablement,
  McpKillSwitchEvent,
  mcpServerDisablePermission,
  mcpToolDisablePermission,
} from '@mcp-platform/plugin-mcp-catalog-common';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { KillSwitchAction, mcpCatalogApiRef } from '../../api';
import { useMcpPaths } from '../common/paths';

/** `2026-12-01 09:00 UTC`: the same instant for everyone reading an incident's trail. */
export function killSwitchTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "Disabled by X at T: reason". */
export function disabledSentence(d: McpDisablement): string {
  return `Disabled by ${d.by} at ${killSwitchTime(d.at)}: ${d.reason}`;
}

/** The subject of a switch in the user's words: `tool refund_payment` or `server payments-ledger`. */
function subjectOf(props: { serverName: string; tool?: string }) {
  return props.tool ? `tool ${props.tool}` : `server ${props.serverName}`;
}

function errorMessage(error: unknown): string {
  const body = (error as { body?: { error?: { message?: string } } }).body;
  return body?.error?.message ?? (error as Error).message;
}

/** Asks for the reason, then pulls the switch; the backend's refusal stays in the dialog. */
function SwitchDialog(props: {
  action: KillSwitchAction;
  subject: string;
  onClose: () => void;
  onConfirm: (reason: string) => Promise<void>;
}) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const trimmed = reason.trim();
  const valid =
    trimmed.length >= KILL_SWITCH_REASON_MIN_LENGTH &&
    trimmed.length <= KILL_SWITCH_REASON_MAX_LENGTH;
  const disabling = props.action === 'disable';
  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await props.onConfirm(trimmed);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };
  return (
    <Dialog open onClose={props.onClose} fullWidth maxWidth="sm">
      <DialogTitle>
        {disabling
          ? `Take the ${props.subject} out of service?`
          : `Put the ${props.subject} back in service?`}
      </DialogTitle>
      <DialogContent>
        <DialogContentText>
          {disabling
            ? 'The MCP gateway will refuse its calls and hide it from tool lists, and the private registry will leave it out, for everyone, until someone enables it again. The catalog keeps showing it with your name and reason.'
            : 'The MCP gateway will offer it again (policies still apply) and the private registry will publish it again.'}
        </DialogContentText>
        <TextField
          id="mcp-kill-switch-reason"
          fullWidth
          required
          multiline
          minRows={2}
          variant="outlined"
          label="Reason"
          placeholder={
            disabling
              ? 'e.g. INC-2231: refunds issued twice'
              : 'e.g. INC-2231 fixed in 1.4.3'
          }
          helperText={`Kept in the audit trail and shown to everyone; at least ${KILL_SWITCH_REASON_MIN_LENGTH} characters.`}
          value={reason}
          onChange={e => setReason(e.target.value)}
          inputProps={{ maxLength: KILL_SWITCH_REASON_MAX_LENGTH }}
        />
        {error && (
          <Typography
            role="alert"
            color="error"
            variant="body2"
            style={{ marginTop: 16 }}
          >
            {error}
          </Typography>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose} disabled={busy}>
          Cancel
        </Button>
        <Button
          variant="contained"
          color={disabling ? 'secondary' : 'primary'}
          onClick={confirm}
          disabled={!valid || busy}
        >
          {disabling ? 'Disable' : 'Enable'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** The audit trail of the kill switch, newest first. */
function KillSwitchHistory(props: { events: McpKillSwitchEvent[] }) {
  return (
    <List dense aria-label="Kill switch history">
      {props.events.map(e => (
        <ListItem key={`${e.at}${e.action}${e.tool ?? ''}${e.by}`}>
          <ListItemText
            primary={`${e.action === 'disable' ? 'Disabled' : 'Enabled'} ${
              e.tool ? `tool ${e.tool}` : 'the whole server'
            } by ${e.by} at ${killSwitchTime(e.at)}`}
            secondary={e.reason}
          />
        </ListItem>
      ))}
    </List>
  );
}

/**
 * The kill switch of a server or tool page: whether it is in service, "Disabled by X at T:
 * reason" when not, the Disable or Enable button for those allowed (owners and the platform
 * groups), and the audit trail.
 */
export function KillSwitchCard(props: {
  serverRef: string;
  serverName: string;
  /** The tool of a tool page; undefined on a server page. */
  tool?: string;
  disabled?: McpDisablement;
  history: McpKillSwitchEvent[];
  /** Called with the switch pulled, to reload the page's data. */
  onSwitched: () => void;
}) {
  const api = useApi(mcpCatalogApiRef);
  const alertApi = useApi(alertApiRef);
  const paths = useMcpPaths();
  const { allowed } = usePermission({
    permission: props.tool
      ? mcpToolDisablePermission
      : mcpServerDisablePermission,
    resourceRef: props.serverRef,
  });
  const [dialog, setDialog] = useState<KillSwitchAction>();
  const subject = subjectOf(props);
  // On a tool page, a switch of the whole server is pulled back on the server's page.
  const byServer = !!props.tool && props.disabled?.scope === 'server';

  const pull = async (action: KillSwitchAction, reason: string) => {
    if (props.tool)
      await api.switchTool(props.serverRef, props.tool, action, reason);
    else await api.switchServer(props.serverRef, action, reason);
    setDialog(undefined);
    alertApi.post({
      message: `${
        action === 'disable' ? 'Disabled' : 'Enabled'
      } the ${subject}`,
      severity: 'success',
      display: 'transient',
    });
    props.onSwitched();
  };

  const action = (() => {
    if (!allowed || byServer) return undefined;
    return props.disabled ? (
      <Button
        variant="contained"
        color="primary"
        onClick={() => setDialog('enable')}
      >
        Enable
      </Button>
    ) : (
      <Button
        variant="outlined"
        color="secondary"
        onClick={() => setDialog('disable')}
      >
        Disable {props.tool ? 'tool' : 'server'}
      </Button>
    );
  })();

  return (
    <InfoCard
      title={props.disabled ? 'Out of service' : 'In service'}
      action={action}
    >
      {props.disabled ? (
        <Typography role="status" color="error" variant="body1">
          {byServer ? 'The whole server is out of service. ' : ''}
          {disabledSentence(props.disabled)}
          {byServer && (
            <>
              {' '}
              <Link to={paths.server(props.serverRef)}>
                Enable it on the server's page.
              </Link>
            </>
          )}
        </Typography>
      ) : (
        <Typography variant="body2" color="textSecondary">
          {allowed
            ? `If the ${subject} misbehaves, disable it: the gateway refuses its calls and the registry hides it until someone enables it again.`
            : `Its owners and the platform team can take the ${subject} out of service.`}
        </Typography>
      )}
      {props.history.length > 0 && <KillSwitchHistory events={props.history} />}
      {dialog && (
        <SwitchDialog
          action={dialog}
          subject={subject}
          onClose={() => setDialog(undefined)}
          onConfirm={reason => pull(dialog, reason)}
        />
      )}
    </InfoCard>
  );
}
