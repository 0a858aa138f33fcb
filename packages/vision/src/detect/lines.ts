import type { Rect } from '../types.js'
import type { InkPiece } from './candidates.js'

/** Taller ink is not text (outlines, grids, pictures) and is never joined. */
const MAX_TEXT_HEIGHT = 64
/** Narrower ink is a separator or a rule, never joined (it would chain a toolbar's groups together). */
const MIN_WIDTH_TO_HEIGHT = 1 / 3
/** Words of one line: the gap is at most this share of the taller word's height (a space is ~0.4 of it). */
const WORD_GAP = 0.8
/** Words of one line overlap vertically by at least this share of the shorter one. */
const SAME_LINE = 0.5

/**
 * Joins words into lines at any display scale: two text-sized pieces side by side on one line, no further apart than
 * WORD_GAP of their height, become one piece. Items of a menu bar or cells of a table row are further apart and stay
 * separate.
 */
export function joinLines(pieces: InkPiece[]): InkPiece[] {
  const joinable = (r: Rect) => r.height <= MAX_TEXT_HEIGHT && r.width >= MIN_WIDTH_TO_HEIGHT * r.height
  const order = pieces.map((_, i) => i).sort((a, b) => pieces[a].rect.x - pieces[b].rect.x)
  const parent = pieces.map((_, i) => i)
  const find = (a: number): number => {
    while (parent[a] !== a) a = parent[a] = parent[parent[a]]
    return a
  }
  for (let oi = 0; oi < order.length; oi++) {
    const a = pieces[order[oi]].rect
    if (!joinable(a)) continue
    const right = a.x + a.width
    for (let oj = oi + 1; oj < order.length; oj++) {
      const b = pieces[order[oj]].rect
      if (b.x - right > WORD_GAP * MAX_TEXT_HEIGHT) break
      if (!joinable(b) || b.x < right - 1) continue
      const tall = Math.max(a.height, b.height)
      const short = Math.min(a.height, b.height)
      const overlap = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)
      if (b.x - right <= WORD_GAP * tall && overlap >= SAME_LINE * short && tall <= 2 * short) {
        const ra = find(order[oi])
        const rb = find(order[oj])
        if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb)
      }
    }
  }
  const joined = new Map<number, InkPiece>()
  pieces.forEach((p, i) => {
    const root = find(i)
    const q = joined.get(root)
    if (!q) {
      joined.set(root, p)
      return
    }
    const x0 = Math.min(q.rect.x, p.rect.x)
    const y0 = Math.min(q.rect.y, p.rect.y)
    const x1 = Math.max(q.rect.x + q.rect.width, p.rect.x + p.rect.width)
    const y1 = Math.max(q.rect.y + q.rect.height, p.rect.y + p.rect.height)
    joined.set(root, { rect: { x: x0, y: y0, width: x1 - x0, height: y1 - y0 }, area: q.area + p.area, strength: q.strength + p.strength })
  })
  return [...joined.values()]
}
