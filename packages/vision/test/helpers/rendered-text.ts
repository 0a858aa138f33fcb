import sharp from 'sharp'
import type { OcrWord, Rect } from '../../src/types.js'

/** One line of text drawn at (x, baseline y), and optionally the box drawn behind it. */
export interface TextLine {
  text: string
  x: number
  y: number
  size?: number
  fill?: string
  bold?: boolean
  /** a panel or badge behind the text */
  background?: { rect: Rect; fill: string }
}

export interface RenderedWord {
  text: string
  /** ink box, from rendering the word alone in place */
  bbox: Rect
}

const FONT = 'DejaVu Sans'

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** `<text>` with one `<tspan>` per word; words other than `only` are laid out but not drawn. */
function textElement(line: TextLine, dx = 0, dy = 0, only?: number): string {
  const spans = line.text
    .split(' ')
    .map((w, i) => `<tspan${only === undefined || only === i ? '' : ' fill-opacity="0"'}>${escapeXml(w)}</tspan>`)
    .join(' ')
  const weight = line.bold ? ' font-weight="bold"' : ''
  return `<text x="${line.x + dx}" y="${line.y + dy}" font-family="${FONT}" font-size="${line.size ?? 13}"${weight} fill="${line.fill ?? '#1f2328'}">${spans}</text>`
}

/** Draws the lines (backgrounds first) on a white screen and returns a PNG. */
export async function renderLines(width: number, height: number, lines: TextLine[]): Promise<Buffer> {
  const backgrounds = lines
    .flatMap((l) => (l.background ? [l.background] : []))
    .map(({ rect: r, fill }) => `<rect x="${r.x}" y="${r.y}" width="${r.width}" height="${r.height}" rx="3" fill="${fill}"/>`)
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#ffffff"/>${backgrounds.join('')}${lines.map((l) => textElement(l)).join('')}</svg>`
  return sharp(Buffer.from(svg)).png().toBuffer()
}

async function inkBox(svg: string, dx: number, dy: number): Promise<Rect> {
  const { data, info } = await sharp(Buffer.from(svg)).ensureAlpha().extractChannel(3).raw().toBuffer({ resolveWithObject: true })
  let x0 = info.width
  let y0 = info.height
  let x1 = -1
  let y1 = -1
  for (let y = 0; y < info.height; y++)
    for (let x = 0; x < info.width; x++)
      if (data[y * info.width + x] > 96) {
        x0 = Math.min(x0, x)
        x1 = Math.max(x1, x)
        y0 = Math.min(y0, y)
        y1 = Math.max(y1, y)
      }
  if (x1 < 0) throw new Error('nothing drawn')
  return { x: x0 - dx, y: y0 - dy, width: x1 - x0 + 1, height: y1 - y0 + 1 }
}

/** The ink box of every word of a line, each rendered alone at its place in the line (on a small canvas). */
export async function wordBoxes(line: TextLine): Promise<RenderedWord[]> {
  const size = line.size ?? 13
  const width = Math.ceil(line.text.length * size) + 20
  const height = size * 3
  const dx = 10 - line.x
  const dy = 2 * size - line.y
  const words = line.text.split(' ')
  return Promise.all(
    words.map(async (text, i) => {
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${textElement(line, dx, dy, i)}</svg>`
      return { text, bbox: await inkBox(svg, dx, dy) }
    }),
  )
}

/** Box around a whole rendered line, `margin` pixels wider on every side. */
export function lineBox(words: RenderedWord[], margin: number): Rect {
  const x = Math.min(...words.map((w) => w.bbox.x)) - margin
  const y = Math.min(...words.map((w) => w.bbox.y)) - margin
  const right = Math.max(...words.map((w) => w.bbox.x + w.bbox.width)) + margin
  const bottom = Math.max(...words.map((w) => w.bbox.y + w.bbox.height)) + margin
  return { x, y, width: right - x, height: bottom - y }
}

/** The OCR words whose centre falls inside `box`, joined in their order: what was read of one rendered line. */
export function readInside(words: OcrWord[], box: Rect): string {
  return words
    .filter((w) => {
      const cx = w.bbox.x + w.bbox.width / 2
      const cy = w.bbox.y + w.bbox.height / 2
      return cx >= box.x && cx <= box.x + box.width && cy >= box.y && cy <= box.y + box.height
    })
    .map((w) => w.text)
    .join(' ')
}
