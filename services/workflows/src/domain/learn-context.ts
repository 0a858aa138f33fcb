import type { Rect, Screen } from '@rpa-vision/contracts'

/** Each step multiplies one side (width, then height, alternating) by this… */
export const CONTEXT_GROWTH = 1.5
/** …and adds at least this many logical pixels on each side, so that a small control does not crawl. */
const MIN_STEP = 12
/** The largest anchor cut to tell a control from its look-alikes, in logical pixels (times the screen's scale). */
export const MAX_CONTEXT = { width: 640, height: 320 }
/** A box narrower or lower than this (at a screen edge) is no picture to match. */
const MIN_SIDE = 8

/** A box of these half-sides centred exactly on the pixel (whole, even sides: its centre is the point). */
function around(cx: number, cy: number, hw: number, hh: number): Rect {
  return { x: cx - hw, y: cy - hh, width: 2 * hw, height: 2 * hh }
}

/** The click as a whole pixel inside the screen: the centre every grown box keeps. */
export function clickPixel(x: number, y: number, screen: Screen): { x: number; y: number } {
  return { x: Math.max(0, Math.min(screen.width - 1, Math.round(x))), y: Math.max(0, Math.min(screen.height - 1, Math.round(y))) }
}

/**
 * The boxes to try, smallest first, when the control's own box is ambiguous: each centred exactly on the click (a
 * replay clicks the matched box's centre, and the centre is the hint), the first holding the control (when the click
 * was off its centre), then grown ×1.5 in width, then in height, alternating, each side limited by the nearest screen
 * edge (so that the centre stays put) and by MAX_CONTEXT. A side at its limit stops growing; the other goes on.
 */
export function contextLadder(x: number, y: number, element: Rect, screen: Screen): Rect[] {
  const s = screen.scale ?? 1
  const c = clickPixel(x, y, screen)
  const room = {
    w: Math.min(c.x, screen.width - c.x, Math.floor((MAX_CONTEXT.width * s) / 2)),
    h: Math.min(c.y, screen.height - c.y, Math.floor((MAX_CONTEXT.height * s) / 2)),
  }
  if (2 * room.w < MIN_SIDE || 2 * room.h < MIN_SIDE) return []
  let hw = Math.min(room.w, Math.ceil(Math.max(c.x - element.x, element.x + element.width - c.x, MIN_SIDE / 2)))
  let hh = Math.min(room.h, Math.ceil(Math.max(c.y - element.y, element.y + element.height - c.y, MIN_SIDE / 2)))
  const out: Rect[] = []
  const hull = around(c.x, c.y, hw, hh)
  const sameAsElement = Math.max(
    Math.abs(hull.x - element.x), Math.abs(hull.y - element.y),
    Math.abs(hull.x + hull.width - element.x - element.width), Math.abs(hull.y + hull.height - element.y - element.height),
  ) <= 2
  if (!sameAsElement) out.push(hull)
  const grow = (half: number, limit: number) => Math.min(limit, Math.max(Math.ceil(half * CONTEXT_GROWTH), half + Math.round(MIN_STEP * s)))
  for (let side: 'w' | 'h' = 'w'; hw < room.w || hh < room.h; side = side === 'w' ? 'h' : 'w') {
    if (side === 'w' && hw < room.w) hw = grow(hw, room.w)
    else if (side === 'h' && hh < room.h) hh = grow(hh, room.h)
    else continue
    out.push(around(c.x, c.y, hw, hh))
  }
  return out
}
