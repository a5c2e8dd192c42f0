import { ReactNode } from 'react';
import Card from '@material-ui/core/Card';
import CardContent from '@material-ui/core/CardContent';
import Typography from '@material-ui/core/Typography';

/** A headline figure with its label and a line of context. */
export function SummaryStat(props: {
  label: string;
  value: ReactNode;
  caption?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <Card variant="outlined" style={{ height: '100%' }}>
      <CardContent>
        <Typography variant="overline" color="textSecondary" component="h3">
          {props.label}
        </Typography>
        <Typography variant="h5" component="div">
          {props.value}
        </Typography>
        {props.caption && (
          <Typography variant="body2" color="textSecondary" component="div">
            {props.caption}
          </Typography>
        )}
        {props.children}
      </CardContent>
    </Card>
  );
}
