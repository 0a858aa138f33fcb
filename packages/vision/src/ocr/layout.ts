import type Tesseract from 'tesseract.js'
import type { OcrResult, OcrWord, Rect } from '../types.js'
import type { OcrTransform } from './prepare.js'

interface Line {
  box: Rect
  words: OcrWord[]
}

/** Blank words, and the vertical edges of input fields and buttons that tesseract reads as « | ». */
const FIELD_BORDER = /^[\s|¦]*$/

function mapBox(b: Tesseract.Bbox, t: OcrTransform, bounds: Rect): Rect {
  const clampX = (v: number) => Math.min(bounds.x + bounds.width, Math.max(bounds.x, Math.round(t.x + v / t.scaleX)))
  const clampY = (v: number) => Math.min(bounds.y + bounds.height, Math.max(bounds.y, Math.round(t.y + v / t.scaleY)))
  const x = clampX(b.x0)
  const y = clampY(b.y0)
  return { x, y, width: Math.max(1, clampX(b.x1) - x), height: Math.max(1, clampY(b.y1) - y) }
}

function verticalOverlap(a: Rect, b: Rect): number {
  return Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)
}

/**
 * Reading order for a screen: rows top to bottom, where a row gathers the lines that overlap the row's first line
 * vertically by at least half the smaller height (a label and its value in two columns), each row left to right.
 */
function rows(lines: Line[]): Line[][] {
  const found: Line[][] = []
  for (const line of [...lines].sort((a, b) => a.box.y - b.box.y)) {
    const row = found.at(-1)
    const first = row?.[0]
    if (row && first && verticalOverlap(first.box, line.box) >= 0.5 * Math.min(first.box.height, line.box.height)) row.push(line)
    else found.push([line])
  }
  return found.map((row) => row.sort((a, b) => a.box.x - b.box.x))
}

/**
 * Turns tesseract's block tree into words in the original image's pixels, in reading order, and text: one line per
 * row, the lines of a row joined by a space.
 */
export function pageToResult(page: Tesseract.Page, transform: OcrTransform, bounds: Rect): OcrResult {
  const lines: Line[] = []
  for (const block of page.blocks ?? [])
    for (const paragraph of block.paragraphs)
      for (const line of paragraph.lines) {
        const words = line.words
          .filter((w) => !FIELD_BORDER.test(w.text))
          .map((w) => ({
            text: w.text.trim(),
            bbox: mapBox(w.bbox, transform, bounds),
            confidence: Math.min(1, Math.max(0, w.confidence / 100)),
          }))
        if (words.length > 0) lines.push({ box: mapBox(line.bbox, transform, bounds), words })
      }
  const ordered = rows(lines)
  return {
    text: ordered.map((row) => row.flatMap((l) => l.words.map((w) => w.text)).join(' ')).join('\n'),
    words: ordered.flat().flatMap((l) => l.words),
  }
}
