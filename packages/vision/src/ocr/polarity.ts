import sharp from 'sharp'
import type { Rect } from '../types.js'

/** Raw pixels, row-major, `channels` bytes each. */
export interface RawImage {
  data: Buffer
  width: number
  height: number
  channels: number
}

/** Dark strokes up to 2 × this wide are text or rules, not background (bold ~40 px type stays text). */
const STROKE_RADIUS = 3
/**
 * Light text inside a dark background: a hole at most this high whose light pixels are at most this share (text on
 * buttons and badges measured 0.48–0.74; a white field with dark text in a dark theme is ~0.9 and stays as it is).
 */
const MAX_TEXT_HEIGHT = 48
const MAX_TEXT_LIGHT_SHARE = 0.82

/**
 * Removes white structures thinner than 2 × `radius` + 1 from a 0/255 mask (a morphological opening). sharp's
 * `erode`/`dilate` act on the dark pixels: its `dilate` shrinks white, its `erode` grows it back.
 */
async function open(mask: Buffer, width: number, height: number, radius: number): Promise<Buffer> {
  const raw = { raw: { width, height, channels: 1 as const } }
  const shrunk = await sharp(mask, raw).dilate(radius).toColourspace('b-w').raw().toBuffer()
  return sharp(shrunk, raw).erode(radius).toColourspace('b-w').raw().toBuffer()
}

interface Component {
  /** pixel indices: `pixels.subarray(0, size)` */
  pixels: Int32Array
  size: number
  box: Rect
  /** reaches the edge of the area searched */
  edge: boolean
}

/**
 * Calls `found` for every 4-connected component of pixels where `mask` equals `value`, searched inside `area` only.
 * `stamp` marks visited pixels with `pass`, so that areas searched in turn need no clearing; `stack` is scratch space.
 */
function components(mask: Buffer, width: number, area: Rect, value: number, pass: number, stamp: Int32Array, stack: Int32Array, found: (c: Component) => void): void {
  const right = area.x + area.width - 1
  const bottom = area.y + area.height - 1
  const visit = (n: number, size: number) => {
    if (mask[n] !== value || stamp[n] === pass) return size
    stamp[n] = pass
    stack[size] = n
    return size + 1
  }
  for (let sy = area.y; sy <= bottom; sy++)
    for (let sx = area.x; sx <= right; sx++) {
      let size = visit(sy * width + sx, 0)
      if (size === 0) continue
      let [x0, y0, x1, y1] = [sx, sy, sx, sy]
      for (let k = 0; k < size; k++) {
        const i = stack[k]
        const x = i % width
        const y = (i - x) / width
        x0 = Math.min(x0, x)
        x1 = Math.max(x1, x)
        y0 = Math.min(y0, y)
        y1 = Math.max(y1, y)
        if (x > area.x) size = visit(i - 1, size)
        if (x < right) size = visit(i + 1, size)
        if (y > area.y) size = visit(i - width, size)
        if (y < bottom) size = visit(i + width, size)
      }
      const edge = x0 === area.x || y0 === area.y || x1 === right || y1 === bottom
      found({ pixels: stack, size, box: { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 }, edge })
    }
}

/**
 * The dark regions: the opened mask's components, each with the light text it encloses (inside the region's box, the
 * areas outside the mask that do not reach the box's edge, at most MAX_TEXT_HEIGHT high and mostly not light: text
 * strokes, not a white field). Returns, per pixel, 0 outside dark regions, else 1 + the region's background level
 * (its mean darkest channel).
 */
function darkRegions(background: Buffer, dark: Buffer, darkest: (i: number) => number, width: number, height: number): Uint16Array {
  const stamp = new Int32Array(background.length)
  const stack = new Int32Array(background.length)
  const level = new Uint16Array(background.length)
  const regions: { box: Rect; level: number }[] = []
  components(background, width, { x: 0, y: 0, width, height }, 255, 1, stamp, stack, (c) => {
    let sum = 0
    for (let k = 0; k < c.size; k++) sum += darkest(c.pixels[k])
    const mean = 1 + Math.round(sum / c.size)
    for (let k = 0; k < c.size; k++) level[c.pixels[k]] = mean
    regions.push({ box: c.box, level: mean })
  })
  regions.forEach((region, n) =>
    components(background, width, region.box, 0, n + 2, stamp, stack, (hole) => {
      if (hole.edge || hole.box.height > MAX_TEXT_HEIGHT) return
      let light = 0
      for (let k = 0; k < hole.size; k++) if (dark[hole.pixels[k]] === 0) light++
      if (light <= MAX_TEXT_LIGHT_SHARE * hole.size) for (let k = 0; k < hole.size; k++) level[hole.pixels[k]] = region.level
    }),
  )
  return level
}

/**
 * Grey image of an RGB one in which light-on-dark text (badges, buttons, title bars, dark themes) is turned
 * dark-on-light: tesseract binarises the page, so white text on a coloured box is lost with its box. Dark regions are
 * pixels of luminance under 128 that survive an opening (thinner dark things are text strokes and rules), plus the
 * light text they enclose. There the darkest channel is inverted and stretched so that the region's background becomes
 * white like the page (a saturated or grey box would otherwise stay a box, and tesseract skips text framed in one):
 * the text is left standing on the page. Elsewhere, luminance.
 */
export async function darkOnLight(rgb: RawImage): Promise<RawImage> {
  const { width, height, channels, data } = rgb
  const size = width * height
  const grey = Buffer.alloc(size)
  const dark = Buffer.alloc(size)
  for (let i = 0, j = 0; i < size; i++, j += channels) {
    grey[i] = (299 * data[j] + 587 * data[j + 1] + 114 * data[j + 2]) / 1000
    if (grey[i] < 128) dark[i] = 255
  }
  const darkest = (i: number) => Math.min(data[i * channels], data[i * channels + 1], data[i * channels + 2])
  const level = darkRegions(await open(dark, width, height, STROKE_RADIUS), dark, darkest, width, height)
  for (let i = 0; i < size; i++) {
    if (level[i] === 0) continue
    const background = level[i] - 1
    grey[i] = 255 - Math.max(0, Math.round((255 * (darkest(i) - background)) / (256 - background)))
  }
  return { data: grey, width, height, channels: 1 }
}
