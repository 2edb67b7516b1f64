import { progress, progressLine } from '../../src/core/progress';

function terminal(isTTY: boolean) {
  const out: string[] = [];
  return { stream: { isTTY, write: (s: string) => out.push(s) > 0 }, out };
}

describe('progress of long-running commands', () => {
  it('says what is done, the rate and the time left', () => {
    expect(progressLine('audit:verify', 2_500_000, 10_000_000, 50_000)).toBe(
      'audit:verify: 2,500,000 / 10,000,000 (25 %), 50,000/s, 2 min 30 s left',
    );
    expect(progressLine('audit events', 0, 10, 0)).toBe('audit events: 0 / 10 (0 %), 0/s');
    expect(progressLine('entries', 700, null, 2_000)).toBe('entries: 700, 350/s');
    expect(progressLine('x', 1, 7_201, 1_000)).toBe('x: 1 / 7,201 (0 %), 1/s, 2 h 00 min left');
  });

  it('rewrites one line on a terminal, at most every 250 ms, and clears it at the end', () => {
    const { stream, out } = terminal(true);
    let t = 0;
    const p = progress('audit:verify', 100, { stream, now: () => t });
    t = 1_000;
    p.update(10);
    t = 1_100;
    p.update(20); // too soon: not drawn
    t = 2_000;
    p.update(40);
    p.end();
    expect(out).toEqual([
      '\raudit:verify: 10 / 100 (10 %), 10/s, 9 s left',
      '\raudit:verify: 40 / 100 (40 %), 20/s, 3 s left',
      `\r${' '.repeat('audit:verify: 40 / 100 (40 %), 20/s, 3 s left'.length)}\r`,
    ]);
  });

  it('writes nothing when the output is not a terminal (CI logs, pipes)', () => {
    const { stream, out } = terminal(false);
    const p = progress('audit:verify', 100, { stream, now: () => 5_000 });
    p.update(50, 100);
    p.end();
    expect(out).toEqual([]);
  });
});
