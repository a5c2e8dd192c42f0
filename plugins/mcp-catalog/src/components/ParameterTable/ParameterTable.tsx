import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import { flattenSchema } from './flattenSchema';
import { safeJson } from './schemaLabels';

const useStyles = makeStyles((theme: Theme) => ({
  name: {
    fontFamily: 'monospace',
    fontSize: theme.typography.body2.fontSize,
    // Break only at the dots of nested names, never inside a parameter name.
    whiteSpace: 'nowrap',
  },
  nameCell: {
    verticalAlign: 'top',
    borderLeft: 'none',
    minWidth: 120,
  },
  cell: {
    verticalAlign: 'top',
  },
  type: {
    fontFamily: 'monospace',
    fontSize: theme.typography.body2.fontSize,
    overflowWrap: 'break-word',
    display: 'inline-block',
    minWidth: 80,
  },
  description: {
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
  },
  meta: {
    display: 'block',
    fontFamily: 'monospace',
    color: theme.palette.text.secondary,
    overflowWrap: 'anywhere',
    marginTop: theme.spacing(0.5),
  },
  chips: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    marginTop: theme.spacing(0.5),
  },
  chip: {
    fontFamily: 'monospace',
  },
  optional: {
    color: theme.palette.text.secondary,
  },
}));

function enumLabel(value: unknown): string {
  return typeof value === 'string' ? value : safeJson(value);
}

/**
 * Renders an MCP tool's JSON Schema (`inputSchema` / `outputSchema`) as a table of
 * fields with their type, whether they are required, and their description.
 */
export function ParameterTable(props: {
  schema: Record<string, unknown> | undefined;
  emptyText?: string;
}) {
  const { schema, emptyText = 'This tool takes no parameters.' } = props;
  const classes = useStyles();
  const parsed = flattenSchema(schema);

  if (parsed.kind === 'empty') {
    return (
      <Typography variant="body2" color="textSecondary">
        {emptyText}
      </Typography>
    );
  }
  if (parsed.kind === 'invalid') {
    return (
      <Typography variant="body2" color="error">
        {parsed.reason}
      </Typography>
    );
  }

  return (
    <>
      <TableContainer>
        <Table size="small" aria-label="Parameters">
          <TableHead>
            <TableRow>
              <TableCell>Name</TableCell>
              <TableCell>Type</TableCell>
              <TableCell>Required</TableCell>
              <TableCell>Description</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {parsed.rows.map(row => (
              <TableRow key={row.key}>
                <TableCell
                  className={classes.nameCell}
                  style={{ paddingLeft: `${16 + row.depth * 20}px` }}
                >
                  <code className={classes.name}>{row.name}</code>
                </TableCell>
                <TableCell className={classes.cell}>
                  <code className={classes.type}>{row.type}</code>
                </TableCell>
                <TableCell className={classes.cell}>
                  {row.required ? (
                    <Chip label="required" size="small" color="primary" />
                  ) : (
                    <Typography variant="caption" className={classes.optional}>
                      optional
                    </Typography>
                  )}
                </TableCell>
                <TableCell className={classes.cell}>
                  {row.variant && (
                    <Typography variant="caption" className={classes.meta}>
                      {`Only in ${row.variant}`}
                    </Typography>
                  )}
                  {row.description && (
                    <Typography variant="body2" className={classes.description}>
                      {row.description}
                    </Typography>
                  )}
                  {(row.deprecated ||
                    (row.enumValues && row.enumValues.length > 0)) && (
                    <div className={classes.chips}>
                      {row.deprecated && (
                        <Chip label="deprecated" size="small" />
                      )}
                      {row.enumValues && row.enumValues.length > 0 && (
                        <>
                          <Typography variant="caption" color="textSecondary">
                            Allowed values:
                          </Typography>
                          {row.enumValues.map((value, i) => (
                            <Chip
                              key={i}
                              label={enumLabel(value)}
                              size="small"
                              variant="outlined"
                              className={classes.chip}
                            />
                          ))}
                        </>
                      )}
                    </div>
                  )}
                  {row.meta.map((line, i) => (
                    <Typography
                      key={i}
                      variant="caption"
                      className={classes.meta}
                    >
                      {line}
                    </Typography>
                  ))}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      {parsed.truncated && (
        <Typography variant="caption" color="textSecondary">
          This schema is too large to show completely; some fields are left out.
        </Typography>
      )}
    </>
  );
}
