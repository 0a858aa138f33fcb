/** The range a screen can have been zoomed or rescaled by since recording. */
export const MIN_SCALE = 0.66
export const MAX_SCALE = 1.5
/** Ratios between the usual display scalings (100, 125, 150, 175 %), most frequent first: tried exactly, early. */
const COMMON = [1.25, 0.8, 1.5, 1 / 1.5, 1.2, 1 / 1.2, 1.4, 1 / 1.4, 1.33, 0.75]
/** Between them, a geometric ladder fine enough that, with the ±3 % refinement, every scale in range is covered. */
const STEP = 1.08

/**
 * Scales to try, most likely first: the expected ones (the screen-size ratio, and 1 — a smaller window does not
 * shrink its buttons), then the usual display-scaling ratios, then the fine ladder, each group outward from the
 * expected ones by distance in log-scale (the common ratios in order of frequency).
 */
export function scaleLadder(expected: number[], min = MIN_SCALE, max = MAX_SCALE): number[] {
  const inRange = (s: number) => s >= min && s <= max
  const anchors = expected.filter(inRange).map(round)
  if (!anchors.length) anchors.push(1)
  const distance = (s: number) => Math.min(...anchors.map((a) => Math.abs(Math.log(s / a))))
  const byDistance = (xs: number[]) => [...new Set(xs.map(round))].filter(inRange).sort((a, b) => distance(a) - distance(b) || a - b)
  const common = anchors.flatMap((a) => COMMON.map((c) => a * c)).filter(inRange)
  const fine: number[] = []
  for (let s = 1; s <= max; s *= STEP) fine.push(s)
  for (let s = 1 / STEP; s >= min; s /= STEP) fine.push(s)
  const out: number[] = []
  // a rung within 2 % of a scale already listed adds nothing the ±3 % refinement does not cover
  const covered = (s: number) => out.some((o) => Math.abs(Math.log(s / o)) < 0.02)
  for (const s of [...anchors, ...common.map(round), ...byDistance(fine)]) if (!covered(s)) out.push(s)
  return out
}

const round = (s: number) => Math.round(s * 1000) / 1000
