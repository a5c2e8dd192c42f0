import { DecisionLogFilter } from '@mcp-platform/plugin-mcp-policy-common';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';

/** The filters the log can be narrowed by; text fields apply after a short pause in typing. */
export type DecisionLogFilterValues = Pick<
  DecisionLogFilter,
  'kind' | 'result' | 'rule' | 'user' | 'subject'
>;

type TextKey = 'rule' | 'user' | 'subject';

const TEXT_FIELDS: { key: TextKey; label: string; placeholder: string }[] = [
  { key: 'rule', label: 'Rule', placeholder: 'tool-access/unknown-tool' },
  { key: 'user', label: 'User', placeholder: 'user:default/jane' },
  { key: 'subject', label: 'Subject', placeholder: 'payments-ledger' },
];

function SelectFilter(props: {
  id: string;
  label: string;
  value: string | undefined;
  options: string[];
  onChange: (value: string | undefined) => void;
}) {
  return (
    <TextField
      id={props.id}
      select
      fullWidth
      size="small"
      variant="outlined"
      label={props.label}
      value={props.value ?? 'any'}
      onChange={e =>
        props.onChange(e.target.value === 'any' ? undefined : e.target.value)
      }
    >
      <MenuItem value="any">Any</MenuItem>
      {props.options.map(o => (
        <MenuItem key={o} value={o}>
          {o}
        </MenuItem>
      ))}
    </TextField>
  );
}

/** Kind and result selects, and rule, user and subject text filters. */
export function DecisionLogFilters(props: {
  value: DecisionLogFilterValues;
  onChange: (value: DecisionLogFilterValues) => void;
}) {
  const { value, onChange } = props;
  const [text, setText] = useState<Record<TextKey, string>>({
    rule: value.rule ?? '',
    user: value.user ?? '',
    subject: value.subject ?? '',
  });

  useDebounce(
    () => {
      const trimmed = (key: TextKey) => text[key].trim() || undefined;
      const next = {
        ...value,
        rule: trimmed('rule'),
        user: trimmed('user'),
        subject: trimmed('subject'),
      };
      if (TEXT_FIELDS.some(({ key }) => next[key] !== value[key])) {
        onChange(next);
      }
    },
    400,
    [text],
  );

  return (
    <Grid container spacing={2}>
      <Grid item xs={6} md={2}>
        <SelectFilter
          id="mcp-policy-log-kind"
          label="Kind"
          value={value.kind}
          options={['deployment', 'tool-call', 'permission']}
          onChange={kind =>
            onChange({ ...value, kind: kind as DecisionLogFilter['kind'] })
          }
        />
      </Grid>
      <Grid item xs={6} md={2}>
        <SelectFilter
          id="mcp-policy-log-result"
          label="Result"
          value={value.result}
          options={['allow', 'deny']}
          onChange={result =>
            onChange({
              ...value,
              result: result as DecisionLogFilter['result'],
            })
          }
        />
      </Grid>
      {TEXT_FIELDS.map(({ key, label, placeholder }) => (
        <Grid item xs={12} md={key === 'rule' ? 2 : 3} key={key}>
          <TextField
            id={`mcp-policy-log-${key}`}
            fullWidth
            size="small"
            variant="outlined"
            label={label}
            placeholder={placeholder}
            value={text[key]}
            onChange={e => setText({ ...text, [key]: e.target.value })}
          />
        </Grid>
      ))}
    </Grid>
  );
}
