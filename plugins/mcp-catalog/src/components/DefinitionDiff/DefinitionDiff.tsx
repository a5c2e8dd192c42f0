import Typography from '@material-ui/core/Typography';
import { alpha, makeStyles, Theme } from '@material-ui/core/styles';
import { diffLines } from 'diff';
import { useMemo } from 'react';

type LineKind = 'removed' | 'added' | 'unchanged';

interface Line {
  number: number;
  text: string;
  kind: LineKind;
}

interface DiffRow {
  before?: Line;
  after?: Line;
}

/** Recursively sorts object keys so that key order never shows up as a change. */
function sortKeys(value: unknown, seen: WeakSet<object>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  let result: unknown;
  if (Array.isArray(value)) {
    result = value.map(item => sortKeys(item, seen));
  } else {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      sorted[key] = sortKeys((value as Record<string, unknown>)[key], seen);
    }
    result = sorted;
  }
  seen.delete(value);
  return result;
}

/** Pretty-prints a definition as JSON with sorted keys and 2-space indentation. */
function stableJson(value: unknown): string {
  return JSON.stringify(sortKeys(value, new WeakSet()), null, 2) ?? '';
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Computes rows of a side-by-side diff, pairing removed lines with the added lines that replace them. */
function computeRows(beforeText: string | undefined, afterText: string) {
  if (beforeText === undefined) {
    return splitLines(afterText).map(
      (text, i): DiffRow => ({
        after: { number: i + 1, text, kind: 'added' },
      }),
    );
  }
  const rows: DiffRow[] = [];
  let beforeNumber = 0;
  let afterNumber = 0;
  let removed: string[] = [];
  let added: string[] = [];

  const flush = () => {
    const count = Math.max(removed.length, added.length);
    for (let i = 0; i < count; i++) {
      rows.push({
        before:
          i < removed.length
            ? { number: ++beforeNumber, text: removed[i], kind: 'removed' }
            : undefined,
        after:
          i < added.length
            ? { number: ++afterNumber, text: added[i], kind: 'added' }
            : undefined,
      });
    }
    removed = [];
    added = [];
  };

  for (const change of diffLines(beforeText, afterText)) {
    const lines = splitLines(change.value);
    if (change.removed) {
      removed.push(...lines);
    } else if (change.added) {
      added.push(...lines);
    } else {
      flush();
      for (const text of lines) {
        rows.push({
          before: { number: ++beforeNumber, text, kind: 'unchanged' },
          after: { number: ++afterNumber, text, kind: 'unchanged' },
        });
      }
    }
  }
  flush();
  return rows;
}

const useStyles = makeStyles((theme: Theme) => {
  const dark = theme.palette.type === 'dark';
  const removedBg = alpha(theme.palette.error.main, dark ? 0.25 : 0.12);
  const addedBg = alpha(theme.palette.success.main, dark ? 0.25 : 0.14);
  return {
    root: {
      border: `1px solid ${theme.palette.divider}`,
      borderRadius: theme.shape.borderRadius,
      overflow: 'hidden',
    },
    summary: {
      padding: theme.spacing(0.5, 1),
      borderBottom: `1px solid ${theme.palette.divider}`,
    },
    table: {
      width: '100%',
      tableLayout: 'fixed',
      borderCollapse: 'collapse',
      fontFamily:
        'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
      fontSize: '0.8125rem',
      lineHeight: 1.5,
      color: theme.palette.text.primary,
    },
    header: {
      textAlign: 'left',
      fontFamily: theme.typography.fontFamily,
      fontWeight: theme.typography.fontWeightMedium as number,
      padding: theme.spacing(0.75, 1),
      borderBottom: `1px solid ${theme.palette.divider}`,
      backgroundColor: theme.palette.background.default,
    },
    divider: {
      borderLeft: `1px solid ${theme.palette.divider}`,
    },
    numberCol: {
      width: '3.5em',
    },
    number: {
      width: '3.5em',
      padding: theme.spacing(0, 1),
      textAlign: 'right',
      verticalAlign: 'top',
      color: theme.palette.text.secondary,
      userSelect: 'none',
    },
    marker: {
      display: 'inline-block',
      width: '1.25em',
      userSelect: 'none',
    },
    text: {
      padding: theme.spacing(0, 1),
      verticalAlign: 'top',
      whiteSpace: 'pre-wrap',
      wordBreak: 'break-word',
      overflowWrap: 'anywhere',
    },
    removed: {
      backgroundColor: removedBg,
    },
    added: {
      backgroundColor: addedBg,
    },
    removedMarker: {
      color: dark ? theme.palette.error.light : theme.palette.error.dark,
    },
    addedMarker: {
      color: dark ? theme.palette.success.light : theme.palette.success.dark,
    },
    empty: {
      backgroundColor: theme.palette.action.hover,
    },
    nothing: {
      padding: theme.spacing(1),
      verticalAlign: 'top',
      fontFamily: theme.typography.fontFamily,
      color: theme.palette.text.secondary,
      backgroundColor: theme.palette.action.hover,
    },
    srOnly: {
      position: 'absolute',
      width: 1,
      height: 1,
      padding: 0,
      margin: -1,
      overflow: 'hidden',
      clip: 'rect(0, 0, 0, 0)',
      whiteSpace: 'nowrap',
      border: 0,
    },
  };
});

const MARKER: Record<LineKind, string> = {
  removed: '−',
  added: '+',
  unchanged: ' ',
};

/**
 * A side-by-side line diff of two tool definitions (for example the approved one and the
 * one a server currently advertises), rendered as sorted, pretty-printed JSON.
 */
export function DefinitionDiff(props: {
  before?: Record<string, unknown>;
  after: Record<string, unknown>;
  beforeLabel: string;
  afterLabel: string;
}) {
  const { before, after, beforeLabel, afterLabel } = props;
  const classes = useStyles();

  const rows = useMemo(
    () =>
      computeRows(
        before === undefined ? undefined : stableJson(before),
        stableJson(after),
      ),
    [before, after],
  );

  const removedCount = rows.filter(r => r.before?.kind === 'removed').length;
  const addedCount = rows.filter(r => r.after?.kind === 'added').length;
  const plural = (n: number) => (n === 1 ? 'line' : 'lines');
  let summary: string;
  if (before === undefined) {
    summary = `All ${addedCount} ${plural(addedCount)} are new.`;
  } else if (removedCount === 0 && addedCount === 0) {
    summary = 'No differences.';
  } else {
    summary = `${removedCount} ${plural(
      removedCount,
    )} removed, ${addedCount} ${plural(addedCount)} added.`;
  }

  const renderSide = (line: Line | undefined, side: 'before' | 'after') => {
    const divider = side === 'after' ? classes.divider : undefined;
    if (!line) {
      return (
        <>
          <td
            className={`${classes.number} ${classes.empty} ${divider ?? ''}`}
          />
          <td className={`${classes.text} ${classes.empty}`} />
        </>
      );
    }
    const highlight = {
      removed: classes.removed,
      added: classes.added,
      unchanged: '',
    }[line.kind];
    const markerClass = {
      removed: classes.removedMarker,
      added: classes.addedMarker,
      unchanged: '',
    }[line.kind];
    return (
      <>
        <td
          className={`${classes.number} ${highlight} ${divider ?? ''}`}
          aria-hidden="true"
        >
          {line.number}
        </td>
        <td
          className={`${classes.text} ${highlight}`}
          data-testid={`${line.kind}-line`}
        >
          <span className={classes.srOnly}>
            {`${line.kind} line ${line.number}: `}
          </span>
          <span className={`${classes.marker} ${markerClass}`} aria-hidden>
            {MARKER[line.kind]}
          </span>
          {line.text}
        </td>
      </>
    );
  };

  return (
    <div className={classes.root}>
      <Typography
        variant="caption"
        component="div"
        color="textSecondary"
        className={classes.summary}
      >
        {summary}
      </Typography>
      <table
        className={classes.table}
        aria-label={`Differences between ${beforeLabel} and ${afterLabel}`}
      >
        <colgroup>
          <col className={classes.numberCol} />
          <col />
          <col className={classes.numberCol} />
          <col />
        </colgroup>
        <thead>
          <tr>
            <th colSpan={2} scope="colgroup" className={classes.header}>
              {beforeLabel}
            </th>
            <th
              colSpan={2}
              scope="colgroup"
              className={`${classes.header} ${classes.divider}`}
            >
              {afterLabel}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              {before === undefined
                ? i === 0 && (
                    <td
                      colSpan={2}
                      rowSpan={rows.length}
                      className={classes.nothing}
                    >
                      Nothing approved yet.
                    </td>
                  )
                : renderSide(row.before, 'before')}
              {renderSide(row.after, 'after')}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
