import { centre } from '../image.js'
import type { Rect } from '../types.js'

export interface Size {
  width: number
  height: number
}

/** A box's centre in screen-relative coordinates (0..1 on both axes). */
export function normalisedCentre(r: Rect, screen: Size): { x: number; y: number } {
  const c = centre(r)
  return { x: c.x / screen.width, y: c.y / screen.height }
}

/** Distance between where the anchor was recorded and where a candidate is now, both relative to their screens. */
export function normalisedDistance(candidate: Rect, current: Size, recorded: Rect, recordedScreen: Size): number {
  const a = normalisedCentre(candidate, current)
  const b = normalisedCentre(recorded, recordedScreen)
  return Math.hypot(a.x - b.x, a.y - b.y)
}

/** Does box a contain the centre of box b, or overlap it by half of the smaller? */
export function agrees(a: Rect, b: Rect): boolean {
  const c = centre(b)
  if (c.x >= a.x && c.x <= a.x + a.width && c.y >= a.y && c.y <= a.y + a.height) return true
  const ix = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x))
  const iy = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y))
  return ix * iy >= 0.5 * Math.min(a.width * a.height, b.width * b.height)
}
