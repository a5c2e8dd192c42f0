import { CodeSnippet } from '@backstage/core-components';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';

/** The MCP clients snippets are offered for, with their display names. */
export const MCP_CLIENT_LABELS = {
  'claude-desktop': 'Claude Desktop',
  cursor: 'Cursor',
  vscode: 'VS Code',
  'claude-code': 'Claude Code',
} as const;

/** An MCP client that has a snippet. */
export type McpClientName = keyof typeof MCP_CLIENT_LABELS;

/**
 * A tab per MCP client above whatever shows the chosen client's snippet; shared by the server
 * page (snippets for the server itself) and the Gateway tab (snippets for the gateway).
 */
export function ClientTabs<C extends McpClientName>(props: {
  clients: readonly C[];
  selected: C;
  onSelect: (client: C) => void;
  children: ReactNode;
}) {
  return (
    <>
      <Tabs
        value={props.selected}
        onChange={(_e, v) => props.onSelect(v)}
        indicatorColor="primary"
        variant="scrollable"
        aria-label="MCP client"
      >
        {props.clients.map(c => (
          <Tab key={c} value={c} label={MCP_CLIENT_LABELS[c]} />
        ))}
      </Tabs>
      {props.children}
    </>
  );
}

/** One client's snippet, JSON for a config file or a shell command, with a copy button. */
export function ClientSnippet(props: {
  fileHint: string;
  config?: Record<string, unknown>;
  command?: string;
}) {
  if (props.command !== undefined)
    return (
      <>
        <Typography variant="body2" style={{ margin: '12px 0 4px' }}>
          Run this in {props.fileHint}:
        </Typography>
        <CodeSnippet text={props.command} language="bash" showCopyCodeButton />
      </>
    );
  return (
    <>
      <Typography variant="body2" style={{ margin: '12px 0 4px' }}>
        Add this to <code>{props.fileHint}</code>:
      </Typography>
      <CodeSnippet
        text={JSON.stringify(props.config ?? {}, null, 2)}
        language="json"
        showCopyCodeButton
      />
    </>
  );
}
