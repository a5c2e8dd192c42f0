import { formatMiB, formatMs, printTable } from './format';

describe('formatMs', () => {
  it('gives a decimal below 100 ms, whole milliseconds up to 10 s, seconds above', () => {
    expect(formatMs(8.44)).toBe('8.4 ms');
    expect(formatMs(312.4)).toBe('312 ms');
    expect(formatMs(14_230)).toBe('14.2 s');
  });

  it('gives sizes in whole mebibytes', () => {
    expect(formatMiB(300 * 1024 * 1024 + 1)).toBe('300 MiB');
  });
});

describe('printTable', () => {
  it('aligns the columns, rules off the header and trims trailing blanks', () => {
    const lines: string[] = [];
    printTable(
      [
        ['measurement', 'candidate', 'met'],
        ['tool search p95', '12 ms', 'yes'],
        ['  first run', '3 s', ''],
      ],
      line => lines.push(line),
    );
    expect(lines).toEqual([
      'measurement      candidate  met',
      '---------------  ---------  ---',
      'tool search p95  12 ms      yes',
      '  first run      3 s',
    ]);
  });

  it('prints nothing for no rows', () => {
    const lines: string[] = [];
    printTable([], line => lines.push(line));
    expect(lines).toEqual([]);
  });
});
