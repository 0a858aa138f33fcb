import sharp from 'sharp'
import type { Rect } from '../types.js'
import { darkOnLight } from './polarity.js'

/** How recognised pixels map back: original = offset + recognised / scale. */
export interface OcrTransform {
  x: number
  y: number
  scaleX: number
  scaleY: number
}

export interface PreparedImage {
  /** binary PGM (P5) handed to the OCR engine: no PNG to encode here and decode again in WebAssembly */
  pgm: Buffer
  transform: OcrTransform
  /** the part of the original image that was read, in its pixels */
  bounds: Rect
}

function intersect(r: Rect, width: number, height: number): Rect {
  const x = Math.max(0, Math.round(r.x))
  const y = Math.max(0, Math.round(r.y))
  const right = Math.min(width, Math.round(r.x + r.width))
  const bottom = Math.min(height, Math.round(r.y + r.height))
  if (right <= x || bottom <= y) throw new RangeError(`region ${JSON.stringify(r)} lies outside the ${width}×${height} image`)
  return { x, y, width: right - x, height: bottom - y }
}

/**
 * Crops `region` (default: the whole image) to grey, turns light-on-dark text dark-on-light, then resizes by `scale`
 * with lanczos3 (small UI text reads far better at 2×).
 */
export async function prepareForOcr(image: Buffer, region: Rect | undefined, scale: number): Promise<PreparedImage> {
  if (!(scale >= 0.25 && scale <= 4)) throw new RangeError(`upscale must be within 0.25..4, got ${scale}`)
  const { width, height } = await sharp(image).metadata()
  const bounds = intersect(region ?? { x: 0, y: 0, width, height }, width, height)
  const { data, info } = await sharp(image)
    .extract({ left: bounds.x, top: bounds.y, width: bounds.width, height: bounds.height })
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true })
  if (info.channels !== 3) throw new Error(`expected 3 channels after flattening to sRGB, got ${info.channels}`)
  const grey = await darkOnLight({ data, width: info.width, height: info.height, channels: 3 })
  const outWidth = Math.max(1, Math.round(bounds.width * scale))
  const outHeight = Math.max(1, Math.round(bounds.height * scale))
  const pixels = await sharp(grey.data, { raw: { width: grey.width, height: grey.height, channels: 1 } })
    .resize(outWidth, outHeight, { kernel: 'lanczos3' })
    .toColourspace('b-w')
    .raw()
    .toBuffer()
  const pgm = Buffer.concat([Buffer.from(`P5\n${outWidth} ${outHeight}\n255\n`), pixels])
  return { pgm, bounds, transform: { x: bounds.x, y: bounds.y, scaleX: outWidth / bounds.width, scaleY: outHeight / bounds.height } }
}
