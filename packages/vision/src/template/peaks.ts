import type { Cv, Mat } from '../opencv.js'
import { maxLocation } from './mats.js'

export interface Peak {
  x: number
  y: number
  score: number
}

/**
 * The best `max` local maxima of a matchTemplate result at least `minScore`, each suppressing a
 * neighbourhood of the template's size, so that look-alikes are seen rather than hidden behind the best.
 */
export function findPeaks(
  cv: Cv,
  result: Mat,
  opts: { max: number; minScore: number; suppressW: number; suppressH: number; belowBest?: number },
): Peak[] {
  const peaks: Peak[] = []
  const work = result.clone()
  try {
    for (let i = 0; i < opts.max; i++) {
      const { maxVal, maxLoc } = maxLocation(cv, work)
      if (!(maxVal >= opts.minScore)) break
      // peaks far below the best are not look-alikes: stop there rather than walk the whole map
      if (opts.belowBest !== undefined && peaks.length && maxVal < peaks[0]!.score - opts.belowBest) break
      peaks.push({ x: maxLoc.x, y: maxLoc.y, score: maxVal })
      const x0 = Math.max(0, maxLoc.x - Math.floor(opts.suppressW / 2))
      const y0 = Math.max(0, maxLoc.y - Math.floor(opts.suppressH / 2))
      const x1 = Math.min(work.cols, maxLoc.x + Math.ceil(opts.suppressW / 2) + 1)
      const y1 = Math.min(work.rows, maxLoc.y + Math.ceil(opts.suppressH / 2) + 1)
      const roi = work.roi(new cv.Rect(x0, y0, x1 - x0, y1 - y0))
      roi.setTo(new cv.Scalar(-1))
      roi.delete()
    }
  } finally {
    work.delete()
  }
  return peaks
}
