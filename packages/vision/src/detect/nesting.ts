import { iou } from '../image.js'
import type { Rect } from '../types.js'
import type { Candidate } from './candidates.js'

/** Two frames this much alike are one element (double border, focus ring). */
const FRAME_NMS_IOU = 0.8
/** A container is a worse snap target than the elements inside it. */
const CONTAINER_WEIGHT = 0.5

function area(r: Rect): number {
  return r.width * r.height
}

function contains(outer: Rect, inner: Rect, slack = 1): boolean {
  return (
    inner.x >= outer.x - slack &&
    inner.y >= outer.y - slack &&
    inner.x + inner.width <= outer.x + outer.width + slack &&
    inner.y + inner.height <= outer.y + outer.height + slack
  )
}

/** Greedy non-maximum suppression: the best-scored of near-identical boxes. */
function suppress(boxes: Candidate[], threshold: number): Candidate[] {
  const kept: Candidate[] = []
  for (const b of [...boxes].sort((a, c) => c.score - a.score)) if (kept.every((k) => iou(k.rect, b.rect) < threshold)) kept.push(b)
  return kept
}

/**
 * Children that read as one item: on one line (they share a horizontal band) and close together (no gap wider than
 * their height) — the icon and label of a button, the text of an input or a cell; not the items of a menu bar.
 */
function oneItem(rects: Rect[]): boolean {
  if (Math.max(...rects.map((r) => r.y)) >= Math.min(...rects.map((r) => r.y + r.height))) return false
  const height = Math.max(...rects.map((r) => r.height))
  const byX = [...rects].sort((a, b) => a.x - b.x)
  return byX.every((r, i) => i === 0 || r.x - (byX[i - 1].x + byX[i - 1].width) <= height)
}

/**
 * Turns candidates into elements:
 * - near-identical frames (double border, focus ring) are one;
 * - an empty frame inside ink and no wider than that ink is tall is the hole of a big glyph or of an icon, not an
 *   element;
 * - a box whose direct children are plain ink reading as one item is a control (button, input, cell, tab, checkbox):
 *   its children are its content and are absorbed, so that a text hit snaps to the control rather than to its label;
 * - a box with frames inside, or content of several items, is a container (form, table, toolbar, menu bar, card): it
 *   is kept with its score halved, and so are its children.
 */
export function arrange(frames: Candidate[], blobs: Candidate[]): Candidate[] {
  const all = [...suppress(frames, FRAME_NMS_IOU), ...blobs].sort((a, b) => area(b.rect) - area(a.rect))
  const parent = all.map((box, i) => {
    let p = -1
    for (let j = 0; j < i; j++) if (contains(all[j].rect, box.rect)) p = j
    return p
  })
  const isParent = new Set(parent)
  const hole = (i: number) => all[i].frame && !isParent.has(i) && parent[i] >= 0 && !all[parent[i]].frame && all[i].rect.width <= all[parent[i]].rect.height
  const dropped = new Set(all.map((_, i) => i).filter(hole))
  const children: number[][] = all.map(() => [])
  parent.forEach((p, i) => {
    if (p >= 0 && !dropped.has(i)) children[p].push(i)
  })
  for (let i = 0; i < all.length; i++) {
    const kids = children[i]
    if (kids.length === 0) continue
    if (kids.every((k) => !all[k].frame && children[k].length === 0) && oneItem(kids.map((k) => all[k].rect))) kids.forEach((k) => dropped.add(k))
    else all[i] = { ...all[i], score: all[i].score * CONTAINER_WEIGHT }
  }
  return all.filter((_, i) => !dropped.has(i)).sort((a, b) => b.score - a.score)
}
