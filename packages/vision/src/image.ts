import sharp from 'sharp'
import type { GrayImage, Rect } from './types.js'

/** Decodes PNG/JPEG (or any sharp input) to one grey channel. */
export async function decodeGray(input: Buffer): Promise<GrayImage> {
  const { data, info } = await sharp(input).greyscale().toColourspace('b-w').raw().toBuffer({ resolveWithObject: true })
  if (info.channels !== 1) throw new Error(`expected 1 channel after greyscale, got ${info.channels}`)
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) }
}

export function cropGray(img: GrayImage, r: Rect): GrayImage {
  const x0 = Math.max(0, Math.min(img.width, r.x))
  const y0 = Math.max(0, Math.min(img.height, r.y))
  const w = Math.max(0, Math.min(img.width - x0, r.width))
  const h = Math.max(0, Math.min(img.height - y0, r.height))
  const data = new Uint8Array(w * h)
  for (let y = 0; y < h; y++) data.set(img.data.subarray((y0 + y) * img.width + x0, (y0 + y) * img.width + x0 + w), y * w)
  return { width: w, height: h, data }
}

export function clampRect(r: Rect, width: number, height: number): Rect {
  const x = Math.max(0, Math.min(width - 1, Math.round(r.x)))
  const y = Math.max(0, Math.min(height - 1, Math.round(r.y)))
  return { x, y, width: Math.max(1, Math.min(width - x, Math.round(r.width))), height: Math.max(1, Math.min(height - y, Math.round(r.height))) }
}

export function centre(r: Rect): { x: number; y: number } {
  return { x: r.x + r.width / 2, y: r.y + r.height / 2 }
}

/** Intersection over union of two boxes. */
export function iou(a: Rect, b: Rect): number {
  const ix = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x))
  const iy = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y))
  const inter = ix * iy
  return inter / (a.width * a.height + b.width * b.height - inter)
}
