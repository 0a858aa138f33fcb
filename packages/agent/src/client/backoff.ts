export interface BackoffOptions {
  /** the first delay (default 200 ms) */
  initialMs?: number
  /** no delay is longer (default 5000 ms) */
  maxMs?: number
  /** growth per failure (default 2) */
  factor?: number
  /** a number in [0, 1); Math.random by default, fixed in tests */
  random?: () => number
}

export interface Backoff {
  /** the delay before the next attempt; each call is one more failure */
  next(): number
  /** a success: the next failure starts from the first delay again */
  reset(): void
  readonly failures: number
}

/**
 * Exponential backoff with "equal jitter": half the exponential delay is kept, the other half is random, so that
 * agents cut off together do not come back in step, and none retries at once.
 */
export function createBackoff(opts: BackoffOptions = {}): Backoff {
  const initial = opts.initialMs ?? 200
  const max = opts.maxMs ?? 5000
  const factor = opts.factor ?? 2
  const random = opts.random ?? Math.random
  let failures = 0
  return {
    next() {
      const ceiling = Math.min(max, initial * factor ** failures)
      failures++
      return Math.round(ceiling / 2 + random() * (ceiling / 2))
    },
    reset() {
      failures = 0
    },
    get failures() {
      return failures
    },
  }
}
