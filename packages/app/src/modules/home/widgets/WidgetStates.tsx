import { Progress } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';

/** What a failed load means for the reader: the backend's message and what to try. */
export function WidgetError(props: { error: Error; what: string }) {
  const status = (props.error as { response?: { status?: number } }).response
    ?.status;
  const message =
    (props.error as { body?: { error?: { message?: string } } }).body?.error
      ?.message ?? props.error.message;
  let hint = 'Reload the page; if it persists, check the backend logs.';
  if (status === 401 || status === 403)
    hint = 'Sign in again, or ask your Backstage admins for access.';
  else if (status === 404) hint = 'The backend plugin may not be installed.';
  return (
    <div role="alert">
      <Typography variant="body2" color="error">
        Could not load {props.what}: {message}
      </Typography>
      <Typography variant="caption" color="textSecondary">
        {hint}
      </Typography>
    </div>
  );
}

/** Shows progress, the error, or the content once loaded. */
export function WidgetBody<T>(props: {
  state: { value?: T; error?: Error; loading: boolean };
  what: string;
  children: (value: T) => ReactNode;
}) {
  if (props.state.error)
    return <WidgetError error={props.state.error} what={props.what} />;
  if (props.state.loading || props.state.value === undefined)
    return <Progress />;
  return <>{props.children(props.state.value)}</>;
}

/** The sentence a widget shows when there is nothing to list. */
export function EmptyState(props: { children: ReactNode }) {
  return (
    <Typography variant="body2" color="textSecondary">
      {props.children}
    </Typography>
  );
}
