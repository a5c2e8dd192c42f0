import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { SeverityChip, StatusChip } from './badges';

describe('StatusChip', () => {
  it.each([
    ['ok', 'discovered', /last discovery succeeded/],
    ['pending', 'not discovered yet', /has not tried it yet/],
    [
      'awaiting-deployment',
      'awaiting first deployment',
      /never answered.*not deployed yet/,
    ],
    ['error', 'failing', /answered discovery before, and fails now/],
  ])('labels %s as "%s"', async (status, label, title) => {
    await renderInTestApp(<StatusChip status={status} />);
    const chip = screen.getByText(label).closest('[title]');
    expect(chip).toHaveAttribute('title', expect.stringMatching(title));
  });

  it('colours only a failing server like an error', async () => {
    await renderInTestApp(
      <>
        <StatusChip status="awaiting-deployment" />
        <StatusChip status="error" />
        <SeverityChip severity="high" />
      </>,
    );
    // The tone classes of the chips (the shared chip class aside).
    const tones = (text: string) =>
      [...screen.getByText(text).closest('.MuiChip-root')!.classList].filter(
        c => c.startsWith('makeStyles-') && !c.startsWith('makeStyles-chip'),
      );
    const errorTone = tones('risk: high');
    expect(errorTone).toHaveLength(1);
    expect(tones('failing')).toEqual(errorTone);
    expect(tones('awaiting first deployment')).not.toEqual(errorTone);
  });
});
