// What a run tells whoever shows its progress: which step each host is in. A hook, not a
// dependency: connecting, apply and verify call it and carry on; it never changes what they do.
// Neutral (imports nothing of haka's): apply emits these steps, render shows them.

/** The steps of one host's run, in the order they usually come. */
export const PROGRESS_STEPS = [
  'connect',
  'facts',
  'packages',
  'staging',
  'validating',
  'in sync',
  'waiting for its turn',
  'reloading',
  'health gate',
  'reloaded',
  'rolling back',
  'verifying',
] as const;

export type ProgressStep = (typeof PROGRESS_STEPS)[number];

/** Called when `host` starts `step`; must not throw, must not block. */
export type ProgressHook = (host: string, step: ProgressStep) => void;

export const noProgress: ProgressHook = () => {};
