import { centre, clampRect, cropGray } from '../image.js'
import { searchTemplate, type TemplateMatch } from '../template/search.js'
import type { GrayImage, Rect } from '../types.js'
import { AMBIGUITY_MARGIN } from './ambiguity.js'
import { normalisedDistance, type Size } from './geometry.js'

/** Only an excellent match, at the recorded place, alone in its neighbourhood, takes the fast path. */
const QUICK_MIN_SCORE = 0.95
const QUICK_MAX_DISTANCE = 0.02

/**
 * The common case first: the screen has not moved, so look only around where the anchor was recorded, at the
 * expected scales. Accepted only when the match is excellent, in place, and has no look-alike in a neighbourhood
 * wide enough to hold the adjacent rows (what the whole-screen search would accept as unique, found for less);
 * otherwise the caller searches the whole screen.
 */
export async function matchWhereRecorded(
  screen: GrayImage,
  template: GrayImage,
  recorded: { bbox: Rect; screen: Size },
  expectedScales: number[],
): Promise<TemplateMatch | undefined> {
  const c = centre(recorded.bbox)
  const cx = (c.x / recorded.screen.width) * screen.width
  const cy = (c.y / recorded.screen.height) * screen.height
  for (const scale of [...new Set(expectedScales)]) {
    const w = template.width * scale
    const h = template.height * scale
    const margin = Math.max(2 * w, 3 * h, 48)
    const window = clampRect({ x: cx - w / 2 - margin, y: cy - h / 2 - margin, width: w + 2 * margin, height: h + 2 * margin }, screen.width, screen.height)
    if (window.width < w || window.height < h) continue
    const { matches } = await searchTemplate(cropGray(screen, window), template, {
      expectedScales: [scale],
      minScale: scale * 0.97,
      maxScale: scale * 1.03,
    })
    const [best, next] = matches
    if (!best || best.score < QUICK_MIN_SCORE || (next && next.score >= best.score - AMBIGUITY_MARGIN)) continue
    const found = { ...best, bbox: { ...best.bbox, x: best.bbox.x + window.x, y: best.bbox.y + window.y } }
    if (normalisedDistance(found.bbox, screen, recorded.bbox, recorded.screen) > QUICK_MAX_DISTANCE) continue
    return found
  }
  return undefined
}
