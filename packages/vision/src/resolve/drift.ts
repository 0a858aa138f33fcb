import type { Rect } from '../types.js'
import { normalisedDistance, type Size } from './geometry.js'

/** Past this normalised distance from the recorded position a match is suspicious… */
export const DRIFT_LIMIT = 0.2
/** …unless it is this good: then the picture is really there and the layout moved (scroll, resize). */
export const DRIFT_EXEMPT_SCORE = 0.95

export interface DriftVerdict {
  distance: number
  drifted: boolean
}

/** The drift rule of the resolve chain: far and not excellent → the next method decides. */
export function checkDrift(candidate: Rect, score: number, current: Size, recorded: Rect, recordedScreen: Size): DriftVerdict {
  const distance = normalisedDistance(candidate, current, recorded, recordedScreen)
  return { distance, drifted: distance > DRIFT_LIMIT && score < DRIFT_EXEMPT_SCORE }
}
