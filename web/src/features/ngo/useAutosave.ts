import { useCallback, useEffect, useRef, useState } from 'react';

export type SaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'failed';

/**
 * Saves `value` a moment after the user stops typing; `flush` saves at once (before a submit).
 * The first value (what the server sent) is not saved back.
 */
export function useAutosave<T>(value: T, save: (value: T) => Promise<boolean>, delayMs = 1200) {
  const [state, setState] = useState<SaveState>('idle');
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const first = useRef(true);
  const latest = useRef(value);
  const dirty = useRef(false);
  const saveRef = useRef(save);
  latest.current = value;
  saveRef.current = save;

  const run = useCallback(async (): Promise<boolean> => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (!dirty.current) return true;
    dirty.current = false;
    setState('saving');
    const ok = await saveRef.current(latest.current).catch(() => false);
    if (!ok) dirty.current = true;
    setState(ok ? 'saved' : 'failed');
    return ok;
  }, []);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    dirty.current = true;
    setState('pending');
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void run(), delayMs);
  }, [value, delayMs, run]);

  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  return { state, flush: run };
}
