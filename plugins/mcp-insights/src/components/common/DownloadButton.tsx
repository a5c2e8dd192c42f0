import { ReactNode, useState } from 'react';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Typography from '@material-ui/core/Typography';
import GetAppIcon from '@material-ui/icons/GetApp';
import { DownloadedFile } from '../../api';
import { saveFile } from './saveFile';

/**
 * Downloads a file of the insights backend. Fetched through the API client rather than linked,
 * so the request carries the user's Backstage token.
 */
export function DownloadButton(props: {
  fetchFile: () => Promise<DownloadedFile>;
  children: ReactNode;
  /** What the file is, for the failure message. */
  what: string;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const onClick = async () => {
    setBusy(true);
    setError(undefined);
    try {
      saveFile(await props.fetchFile());
    } catch (e) {
      setError(`Could not download ${props.what}: ${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <span>
      <Button
        variant="outlined"
        size="small"
        color="primary"
        disabled={busy}
        onClick={onClick}
        startIcon={
          busy ? (
            <CircularProgress size={16} />
          ) : (
            <GetAppIcon fontSize="small" />
          )
        }
      >
        {props.children}
      </Button>
      {error && (
        <Typography variant="caption" color="error" role="alert">
          {' '}
          {error}
        </Typography>
      )}
    </span>
  );
}
