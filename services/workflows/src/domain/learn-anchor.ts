import sharp from 'sharp'
import type { Rect, Screen } from '@rpa-vision/contracts'

export interface DetectedBox {
  bbox: Rect
  score: number
}

/** How the anchor's box was chosen: the evidence a reviewer (or a test) reads. */
export interface AnchorBox {
  bbox: Rect
  method: 'detected' | 'fixed'
}

/** A detected box may miss the element's border by a pixel: a click on the border still counts as inside. */
const CONTAIN_SLACK = 2
/** Sides in logical pixels (times the screen's scale): under, a mark or a glyph; over, a panel rather than a control. */
const MIN_CONTROL = { width: 12, height: 10 }
const MAX_CONTROL = { width: 640, height: 160 }
/** Shares of the screen a control never takes. */
const MAX_SCREEN_SHARE = { width: 0.5, height: 0.25 }
/** The box cut around the click when no control was found, in logical pixels. */
export const FIXED_BOX = { width: 160, height: 48 }

function contains(b: Rect, x: number, y: number): boolean {
  return x >= b.x - CONTAIN_SLACK && x < b.x + b.width + CONTAIN_SLACK && y >= b.y - CONTAIN_SLACK && y < b.y + b.height + CONTAIN_SLACK
}

function plausibleControl(b: Rect, screen: Screen): boolean {
  const s = screen.scale ?? 1
  return (
    b.width >= MIN_CONTROL.width * s &&
    b.height >= MIN_CONTROL.height * s &&
    b.width <= Math.min(MAX_CONTROL.width * s, MAX_SCREEN_SHARE.width * screen.width) &&
    b.height <= Math.min(MAX_CONTROL.height * s, MAX_SCREEN_SHARE.height * screen.height)
  )
}

/** The box in the screen, with whole pixels. */
export function clipToScreen(b: Rect, screen: Screen): Rect {
  const x = Math.max(0, Math.min(screen.width - 1, Math.round(b.x)))
  const y = Math.max(0, Math.min(screen.height - 1, Math.round(b.y)))
  const right = Math.max(x + 1, Math.min(screen.width, Math.round(b.x + b.width)))
  const bottom = Math.max(y + 1, Math.min(screen.height, Math.round(b.y + b.height)))
  return { x, y, width: right - x, height: bottom - y }
}

/** FIXED_BOX centred on the point as far as the screen allows (shifted inward at an edge, so that it keeps its size). */
export function fixedBox(x: number, y: number, screen: Screen): Rect {
  const s = screen.scale ?? 1
  const width = Math.min(screen.width, Math.round(FIXED_BOX.width * s))
  const height = Math.min(screen.height, Math.round(FIXED_BOX.height * s))
  const left = Math.max(0, Math.min(screen.width - width, Math.round(x - width / 2)))
  const top = Math.max(0, Math.min(screen.height - height, Math.round(y - height / 2)))
  return { x: left, y: top, width, height }
}

/**
 * The anchor of a click: the smallest detected element that contains the click point and is a plausible control (not a
 * mark, not a panel or most of the screen); otherwise a fixed box around the point. A replay clicks the anchor's
 * centre, so a box centred on the point is the safe choice when no control stands out.
 */
export function chooseAnchorBox(x: number, y: number, elements: readonly DetectedBox[], screen: Screen): AnchorBox {
  let best: Rect | undefined
  for (const { bbox } of elements) {
    if (!contains(bbox, x, y) || !plausibleControl(bbox, screen)) continue
    if (!best || bbox.width * bbox.height < best.width * best.height) best = bbox
  }
  return best ? { bbox: clipToScreen(best, screen), method: 'detected' } : { bbox: fixedBox(x, y, screen), method: 'fixed' }
}

/** The anchor's picture: the box cut out of the screenshot, as PNG. */
export function cropAnchor(screenshot: Buffer, box: Rect): Promise<Buffer> {
  return sharp(screenshot).extract({ left: box.x, top: box.y, width: box.width, height: box.height }).png().toBuffer()
}
