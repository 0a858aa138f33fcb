import { iou } from '../image.js'
import type { Rect } from '../types.js'
import { findComponents } from './components.js'
import type { Runs } from './runs.js'

/** A box the classical detector proposes, before the nesting rules. */
export interface Candidate {
  rect: Rect
  /** a closed outline (border or fill edge) around a flat inside, as opposed to ink (text, icon, grid lines) */
  frame: boolean
  score: number
}

export interface CandidateOptions {
  width: number
  height: number
  minSide: number
}

/** A 1-px border at x marks edges at x-1..x+1, so the flat inside starts at x+2: grown by 2, it gives the border. */
const FRAME_PAD = 2
/** Smallest flat inside of a frame: an 11-px checkbox passes, the holes of UI-sized glyphs (o, e, D) do not. */
const MIN_INSIDE = 7
/** Share of the bounding-box sides a flat inside must touch to be a rectangle (rounded corners and pills pass). */
const MIN_SIDE_COVERAGE = 0.5
/** Ink within this many pixels on a row (letters of a word) or rows (accents, the dot of an i) joins one piece. */
const PIECE_GAP_X = 2
const PIECE_GAP_Y = 2
/** A piece this much like a frame is that frame's own outline. */
const OUTLINE_IOU = 0.7
/** Ink is a weaker hint of an element than a closed outline. */
const BLOB_WEIGHT = 0.7

function isWholeScreen(r: Rect, o: CandidateOptions): boolean {
  return r.width >= 0.9 * o.width && r.height >= 0.9 * o.height
}

/**
 * Frames: flat regions (4-connected non-edge pixels) whose outline is a rectangle — the insides of buttons, inputs,
 * table cells, panels — grown by the edge band to the element's outer box.
 */
export function frameCandidates(strength: Uint8Array, flat: Runs, o: CandidateOptions): Candidate[] {
  const { width: w, height: h } = o
  const cc = findComponents(flat)
  const { row, start, end } = flat
  const comp = cc.comp
  const touched = new Int32Array(cc.count)
  for (let i = 0; i < flat.count; i++) {
    const c = comp[i]
    if (row[i] === cc.minY[c] || row[i] === cc.maxY[c]) touched[c] = touched[c] + end[i] - start[i] + 1
    if (start[i] === cc.minX[c]) touched[c]++
    if (end[i] === cc.maxX[c]) touched[c]++
  }
  const out: Candidate[] = []
  for (let c = 0; c < cc.count; c++) {
    const x0 = cc.minX[c]
    const y0 = cc.minY[c]
    const x1 = cc.maxX[c]
    const y1 = cc.maxY[c]
    const iw = x1 - x0 + 1
    const ih = y1 - y0 + 1
    if (iw < MIN_INSIDE || ih < MIN_INSIDE || iw + 2 * FRAME_PAD < o.minSide || ih + 2 * FRAME_PAD < o.minSide) continue
    const coverage = touched[c] / (2 * iw + 2 * ih)
    if (coverage < MIN_SIDE_COVERAGE) continue
    const gx = Math.max(0, x0 - FRAME_PAD)
    const gy = Math.max(0, y0 - FRAME_PAD)
    const rect = { x: gx, y: gy, width: Math.min(w - 1, x1 + FRAME_PAD) - gx + 1, height: Math.min(h - 1, y1 + FRAME_PAD) - gy + 1 }
    if (isWholeScreen(rect, o)) continue
    const contrast = ringContrast(strength, w, h, x0, y0, x1, y1)
    out.push({ rect, frame: true, score: 0.5 * coverage + 0.5 * Math.min(1, contrast / 64) })
  }
  return out
}

/** Mean edge strength on the ring just outside a flat region: how clearly its outline stands out. */
function ringContrast(s: Uint8Array, w: number, h: number, x0: number, y0: number, x1: number, y1: number): number {
  let sum = 0
  let n = 0
  if (y0 > 0) for (let x = x0; x <= x1; x++, n++) sum += s[(y0 - 1) * w + x]
  if (y1 < h - 1) for (let x = x0; x <= x1; x++, n++) sum += s[(y1 + 1) * w + x]
  if (x0 > 0) for (let y = y0; y <= y1; y++, n++) sum += s[y * w + x0 - 1]
  if (x1 < w - 1) for (let y = y0; y <= y1; y++, n++) sum += s[y * w + x1 + 1]
  return n === 0 ? 0 : sum / n
}

/** Connected ink (edge pixels joined across tiny gaps): a word, an icon, an outline, a grid. */
export interface InkPiece {
  rect: Rect
  /** edge pixels */
  area: number
  /** summed edge strength */
  strength: number
}

export function inkPieces(strength: Uint8Array, ink: Runs): InkPiece[] {
  const cc = findComponents(ink, { gapX: PIECE_GAP_X, gapY: PIECE_GAP_Y, diagonal: true })
  const { row, start, end } = ink
  const sum = new Float64Array(cc.count)
  for (let i = 0; i < ink.count; i++) {
    const base = row[i] * ink.width
    let s = 0
    for (let x = start[i]; x <= end[i]; x++) s += strength[base + x]
    sum[cc.comp[i]] += s
  }
  return Array.from({ length: cc.count }, (_, c) => ({
    rect: { x: cc.minX[c], y: cc.minY[c], width: cc.maxX[c] - cc.minX[c] + 1, height: cc.maxY[c] - cc.minY[c] + 1 },
    area: cc.area[c],
    strength: sum[c],
  }))
}

/** Drops the pieces that are the outlines of frames: the frame stands for them. */
export function withoutOutlines(pieces: InkPiece[], frames: Candidate[]): InkPiece[] {
  return pieces.filter((p) => frames.every((f) => iou(f.rect, p.rect) < OUTLINE_IOU))
}

/** Blobs: ink pieces (words already joined into lines) big enough to be elements, scored by density and contrast. */
export function blobCandidates(pieces: InkPiece[], o: CandidateOptions): Candidate[] {
  const out: Candidate[] = []
  for (const { rect, area, strength } of pieces) {
    if (rect.width < o.minSide || rect.height < o.minSide || isWholeScreen(rect, o)) continue
    const fill = area / (rect.width * rect.height)
    const contrast = strength / area
    out.push({ rect, frame: false, score: BLOB_WEIGHT * (0.5 * Math.min(1, 2 * fill) + 0.5 * Math.min(1, contrast / 96)) })
  }
  return out
}
