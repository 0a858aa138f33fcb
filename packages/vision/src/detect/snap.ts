import { iou } from '../image.js'
import type { DetectedElement, Rect } from '../types.js'

export interface SnapOptions {
  /** share of a target rect an element must cover to contain it (default 0.9) */
  minCover?: number
  /** least IoU with a target rect for an element that does not contain it (default 0.5) */
  minIou?: number
  /** an element over this many times the target rect's area is a container, not the target's element (default 50) */
  maxAreaRatio?: number
}

function area(r: Rect): number {
  return r.width * r.height
}

function smallest(elements: DetectedElement[]): DetectedElement | undefined {
  return elements.reduce<DetectedElement | undefined>((best, e) => {
    if (!best) return e
    const d = area(e.bbox) - area(best.bbox)
    return d < 0 || (d === 0 && e.score > best.score) ? e : best
  }, undefined)
}

/**
 * The element a text hit or a weak template match belongs to:
 * - for a point, the smallest element box containing it;
 * - for a rect, the smallest element that covers ≥ minCover of it (and is not over maxAreaRatio times its size) or
 *   overlaps it with IoU ≥ minIou;
 * undefined when none qualifies.
 */
export function snapToElement(target: Rect | { x: number; y: number }, elements: DetectedElement[], opts: SnapOptions = {}): DetectedElement | undefined {
  if (!('width' in target)) {
    const { x, y } = target
    return smallest(elements.filter(({ bbox: b }) => x >= b.x && x < b.x + b.width && y >= b.y && y < b.y + b.height))
  }
  const { minCover = 0.9, minIou = 0.5, maxAreaRatio = 50 } = opts
  const t = target
  const covered = (b: Rect) => {
    const ix = Math.max(0, Math.min(t.x + t.width, b.x + b.width) - Math.max(t.x, b.x))
    const iy = Math.max(0, Math.min(t.y + t.height, b.y + b.height) - Math.max(t.y, b.y))
    return (ix * iy) / area(t)
  }
  const contains = (b: Rect) => covered(b) >= minCover && area(b) <= maxAreaRatio * area(t)
  return smallest(elements.filter(({ bbox }) => contains(bbox) || iou(bbox, t) >= minIou))
}
