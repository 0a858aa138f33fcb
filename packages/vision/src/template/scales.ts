/** The range a screen can have been zoomed or rescaled by since recording. */
export const MIN_SCALE = 0.67
export const MAX_SCALE = 1.5
/** Ratios between the usual display scalings (100, 125, 150 %…): tried exactly, not just near. */
const COMMON = [1, 1.25, 1.5, 0.8, 1 / 1.25, 1 / 1.5, 1.2, 1.33, 0.75, 1.1, 0.9]
/** Between them, a geometric ladder fine enough that some rung is within ±3 % of any scale. */
const STEP = 1.06

/**
 * Scales to try, most likely first: the expected ones (the screen-size ratio, and 1 — a smaller window does not
 * shrink its buttons), then the usual display-scaling ratios, then the fine ladder, each group outward from the
 * expected ones by distance in log-scale.
 */
export function scaleLadder(expected: number[], min = MIN_SCALE, max = MAX_SCALE): number[] {
  const inRange = (s: number) => s >= min && s <= max
  const anchors = expected.filter(inRange).map(round)
  if (!anchors.length) anchors.push(1)
  const distance = (s: number) => Math.min(...anchors.map((a) => Math.abs(Math.log(s / a))))
  const byDistance = (xs: number[]) => [...new Set(xs.map(round))].filter(inRange).sort((a, b) => distance(a) - distance(b) || a - b)
  const common = anchors.flatMap((a) => COMMON.map((c) => a * c))
  const fine: number[] = []
  for (let s = 1; s <= max; s *= STEP) fine.push(s)
  for (let s = 1 / STEP; s >= min; s /= STEP) fine.push(s)
  const out: number[] = []
  for (const s of [...anchors, ...byDistance(common), ...byDistance(fine)]) if (!out.includes(s)) out.push(s)
  return out
}

const round = (s: number) => Math.round(s * 1000) / 1000
