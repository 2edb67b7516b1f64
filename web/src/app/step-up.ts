/**
 * The step-up prompt's state, outside React so the Apollo link can ask: an operation answered
 * STEP_UP_REQUIRED waits here until the user proved a second factor (then it is sent again) or
 * cancelled (then its error stands). Concurrent operations share one prompt.
 */
export interface StepUpRequest {
  /** The user has a second factor to prove (else they must set one up first). */
  enrolled: boolean;
}

type Listener = (request: StepUpRequest | null) => void;

let pending: { request: StepUpRequest; done: Promise<boolean>; resolve: (ok: boolean) => void } | null = null;
const listeners = new Set<Listener>();

export const stepUpStore = {
  ask(request: StepUpRequest): Promise<boolean> {
    if (pending) return pending.done;
    let resolve!: (ok: boolean) => void;
    const done = new Promise<boolean>((r) => (resolve = r));
    pending = { request, done, resolve };
    for (const l of listeners) l(request);
    return done;
  },
  /** The prompt closes: `true` when the second factor was proven. */
  settle(ok: boolean): void {
    const p = pending;
    pending = null;
    for (const l of listeners) l(null);
    p?.resolve(ok);
  },
  current(): StepUpRequest | null {
    return pending?.request ?? null;
  },
  subscribe(l: Listener): () => void {
    listeners.add(l);
    return () => listeners.delete(l);
  },
};
