import { McpFinding } from '@mcp-platform/plugin-mcp-catalog-common';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { SeverityChip } from '../common/badges';

const useStyles = makeStyles(theme => ({
  evidence: {
    fontFamily: 'monospace',
    backgroundColor:
      theme.palette.type === 'dark'
        ? 'rgba(244, 67, 54, 0.35)'
        : 'rgba(244, 67, 54, 0.18)',
    borderBottom: `2px solid ${theme.palette.error.main}`,
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
  },
}));

/** Shows invisible characters that the evidence consists of, so reviewers can see them. */
export function visibleEvidence(text: string): string {
  return text.replace(
    /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g,
    c => `<U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`,
  );
}

/**
 * Risk findings with their evidence. When the field's full text is given, the evidence is shown
 * highlighted in its context; texts are always rendered as text, never as markup.
 */
export function FindingsList(props: {
  findings: McpFinding[];
  showItem?: boolean;
  fieldTexts?: Record<string, string>;
}) {
  const classes = useStyles();
  if (props.findings.length === 0)
    return <Typography variant="body2">No risk findings.</Typography>;
  return (
    <List dense>
      {props.findings.map((f, i) => {
        const context = props.fieldTexts?.[f.field];
        const before = context
          ? context.slice(Math.max(0, f.evidence.start - 80), f.evidence.start)
          : '';
        const after = context
          ? context.slice(f.evidence.end, f.evidence.end + 80)
          : '';
        return (
          <ListItem
            key={`${f.itemKind}${f.itemName}${f.ruleId}${i}`}
            alignItems="flex-start"
          >
            <ListItemText
              primary={
                <>
                  <SeverityChip severity={f.severity} prefix={f.ruleId} />
                  {props.showItem && (
                    <Typography component="span" variant="body2">
                      {' '}
                      {f.itemKind} <strong>{f.itemName}</strong> ·{' '}
                    </Typography>
                  )}
                  <Typography component="span" variant="body2">
                    {f.message}
                  </Typography>
                </>
              }
              secondary={
                <Typography
                  component="span"
                  variant="body2"
                  color="textSecondary"
                >
                  in <code>{f.field}</code>: {before && '…'}
                  {before}
                  <mark className={classes.evidence} aria-label="evidence">
                    {visibleEvidence(f.evidence.text)}
                  </mark>
                  {after}
                  {after && '…'}
                </Typography>
              }
            />
          </ListItem>
        );
      })}
    </List>
  );
}
