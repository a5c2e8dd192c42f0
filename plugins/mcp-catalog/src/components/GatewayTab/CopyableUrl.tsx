import { CopyTextButton } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';

/** A URL in monospace with a button that copies it. */
export function CopyableUrl(props: { url: string; label: string }) {
  return (
    <Box display="flex" alignItems="center">
      <Typography
        variant="body2"
        component="code"
        style={{ overflowWrap: 'anywhere', fontFamily: 'monospace' }}
      >
        {props.url}
      </Typography>
      <CopyTextButton
        text={props.url}
        tooltipText="URL copied"
        aria-label={`Copy ${props.label}`}
      />
    </Box>
  );
}
