import { PolicyLoadError } from '@mcp-platform/plugin-mcp-policy-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';

/** `file:line:column` of a load error, as editors and CI logs print it. */
export function loadErrorLocation(error: PolicyLoadError): string {
  let location = error.source;
  if (error.line !== undefined) location += `:${error.line}`;
  if (error.line !== undefined && error.column !== undefined) {
    location += `:${error.column}`;
  }
  return location;
}

/** Errors of loading policy documents, each with where it is and which rule it is in. */
export function LoadErrorList(props: { errors: PolicyLoadError[] }) {
  return (
    <Box component="ul" m={0} pl={2}>
      {props.errors.map((e, i) => (
        <li key={i}>
          <Typography variant="body2">
            <code>{loadErrorLocation(e)}</code>
            {e.rule && (
              <>
                {' '}
                (rule <code>{e.rule}</code>)
              </>
            )}
            : {e.message}
          </Typography>
        </li>
      ))}
    </Box>
  );
}
