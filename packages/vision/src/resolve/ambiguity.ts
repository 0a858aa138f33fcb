import type { Rect } from '../types.js'
import { normalisedDistance, type Size } from './geometry.js'

/** A runner-up this close to the best is a look-alike, not noise. */
export const AMBIGUITY_MARGIN = 0.05
/** Context must fit this well, and beat the next look-alike's context by the margin, to choose. */
export const CONTEXT_MIN_SCORE = 0.9
/**
 * Position alone chooses only between look-alikes far apart (two « Valider » at the top and the bottom of a page):
 * rows of identical buttons are a row apart, and a scroll or a reflow by one row would make position pick the wrong
 * patient's button.
 */
export const POSITION_NEAR = 0.1
export const POSITION_OTHERS_BEYOND = 0.3

export interface Scored {
  bbox: Rect
  score: number
}

export type Choice<T> = { winner: T; by: 'unique' | 'context' | 'position'; rivals: T[] } | { winner?: undefined; reason: string; rivals: T[] }

/** The candidates that are nearly as good as the best one (the best first). */
export function lookAlikes<T extends Scored>(sorted: T[]): T[] {
  const best = sorted[0]
  if (!best) return []
  return sorted.filter((c) => c.score >= best.score - AMBIGUITY_MARGIN)
}

/**
 * Chooses among look-alikes with context: first the recorded surroundings (when given), then the recorded
 * position, and refuses when neither separates them — a wrong click is worse than a stop.
 */
export function chooseAmong<T extends Scored>(
  tied: T[],
  evidence: { contextScores?: number[] | undefined; recorded?: { bbox: Rect; screen: Size } | undefined; current: Size },
): Choice<T> {
  if (tied.length === 1) return { winner: tied[0]!, by: 'unique', rivals: [] }
  const ctx = evidence.contextScores
  if (ctx) {
    const order = ctx.map((s, i) => ({ s, i })).sort((a, b) => b.s - a.s)
    const [first, second] = order
    if (first && second && first.s >= CONTEXT_MIN_SCORE && first.s - second.s >= AMBIGUITY_MARGIN) {
      return { winner: tied[first.i]!, by: 'context', rivals: tied.filter((_, i) => i !== first.i) }
    }
  }
  const rec = evidence.recorded
  if (rec) {
    const dist = tied.map((c) => normalisedDistance(c.bbox, evidence.current, rec.bbox, rec.screen))
    const order = dist.map((d, i) => ({ d, i })).sort((a, b) => a.d - b.d)
    const [first, second] = order
    if (first && second && first.d <= POSITION_NEAR && second.d >= POSITION_OTHERS_BEYOND) {
      return { winner: tied[first.i]!, by: 'position', rivals: tied.filter((_, i) => i !== first.i) }
    }
  }
  const why = ctx ? 'neither the surroundings nor the position tell them apart' : 'no recorded surroundings, and the position does not tell them apart'
  return { reason: `${tied.length} look-alikes within ${AMBIGUITY_MARGIN} of the best score; ${why}`, rivals: tied }
}
