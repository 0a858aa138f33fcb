import type { LearnedTrace } from '@rpa-vision/contracts'

/** A recording under way (recordPage, recordDesktop). */
export interface Recording {
  /** Stops listening and capturing; the trace of everything recorded, ready for POST /api/v1/learned-workflows (with a name). */
  stop(): Promise<LearnedTrace>
  /** Resolves once the screen has been captured after the last input: the next click carries the screen as it is now. */
  settled(): Promise<void>
  /** events recorded so far */
  readonly count: number
}

/** Two presses of one button this close in time and place (logical pixels) are a double click (the usual system defaults). */
export const DOUBLE_CLICK_MS = 500
export const DOUBLE_CLICK_PX = 5
