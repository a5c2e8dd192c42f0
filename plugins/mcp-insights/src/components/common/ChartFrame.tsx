import { ReactElement } from 'react';
import { ResponsiveContainer } from 'recharts';

/**
 * A chart that takes the width of its container. The initial size is what charts draw at before
 * the container is measured (and in environments that cannot measure, like jsdom), so they
 * never render at zero size.
 */
export function ChartFrame(props: {
  height: number;
  /** Accessible name of the chart. */
  label: string;
  children: ReactElement;
}) {
  return (
    <div role="figure" aria-label={props.label} style={{ width: '100%' }}>
      <ResponsiveContainer
        width="100%"
        height={props.height}
        initialDimension={{ width: 800, height: props.height }}
      >
        {props.children}
      </ResponsiveContainer>
    </div>
  );
}
