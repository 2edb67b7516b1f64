/**
 * Progress of a long-running command (audit:verify over millions of events, the large bench
 * profile, a sanctions import): one line rewritten in place on a terminal, nothing at all when the
 * output is not a terminal (CI logs, pipes), where the command's final summary is what counts.
 */
export interface Progress {
  /** `done` units finished so far (absolute, not an increment); `total` when it is known only now. */
  update(done: number, total?: number): void;
  /** Clears the line; the caller prints its own summary. */
  end(): void;
}

export interface ProgressOptions {
  /** Where the line goes; default process.stderr (stdout stays for the result). */
  stream?: Pick<NodeJS.WriteStream, 'write'> & { isTTY?: boolean };
  /** Milliseconds clock, for tests. */
  now?: () => number;
  /** At most one redraw per this many ms (default 250). */
  everyMs?: number;
}

const quiet: Progress = { update: () => undefined, end: () => undefined };

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** The line: what is done (of the total, when known), the rate and, with a total, the time left. */
export function progressLine(label: string, done: number, total: number | null, elapsedMs: number): string {
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const parts = [total ? `${n(done)} / ${n(total)} (${Math.min(100, Math.floor((done / total) * 100))} %)` : n(done)];
  parts.push(`${n(rate)}/s`);
  if (total && rate > 0) parts.push(`${duration(Math.max(0, total - done) / rate)} left`);
  return `${label}: ${parts.join(', ')}`;
}

/** A progress line for `label`; a no-op unless the stream is a terminal. */
export function progress(label: string, total: number | null, opts: ProgressOptions = {}): Progress {
  const stream = opts.stream ?? process.stderr;
  if (!stream.isTTY) return quiet;
  const now = opts.now ?? Date.now;
  const every = opts.everyMs ?? 250;
  const started = now();
  let drawn = -Infinity;
  let width = 0;
  const draw = (line: string) => {
    stream.write(`\r${line.padEnd(width)}`);
    width = line.length;
  };
  return {
    update(done, knownTotal) {
      if (knownTotal !== undefined) total = knownTotal;
      const t = now();
      if (t - drawn < every) return;
      drawn = t;
      draw(progressLine(label, done, total, t - started));
    },
    end() {
      if (width) stream.write(`\r${' '.repeat(width)}\r`);
      width = 0;
    },
  };
}
