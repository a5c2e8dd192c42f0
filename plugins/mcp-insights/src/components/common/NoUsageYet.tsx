import { EmptyState } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { CollectionHint } from './CollectionHint';

/** The empty state of every view: nothing collected yet, and how data gets in. */
export function NoUsageYet(props: { title?: string; detail?: string }) {
  return (
    <EmptyState
      missing="data"
      title={props.title ?? 'No usage collected yet'}
      description={
        <>
          <Typography
            variant="body1"
            component="span"
            display="block"
            paragraph
          >
            {props.detail ??
              'Figures appear once the insights backend has collected usage: it scrapes each MCP server’s /metrics (or queries Prometheus) every minute, and gateways can push usage events to POST /api/mcp-insights/v1/usage/events.'}
          </Typography>
          <CollectionHint />
        </>
      }
    />
  );
}
