import sharp from 'sharp'
import type { Rect } from '../types.js'

/**
 * ImageNet mean and std per RGB channel: DETR-family backbones (ResNet, DINOv2 in RF-DETR and UI-DETR-1) are trained
 * on pixels scaled to 0..1 and normalised with these, and their ONNX exports expect the same from the caller.
 */
const MEAN = [0.485, 0.456, 0.406]
const STD = [0.229, 0.224, 0.225]

/**
 * - `letterbox`: keep the aspect ratio, scale the longer side to R, centre, pad with the mean colour (0 after
 *   normalisation, as DETR pads its batches);
 * - `stretch`: resize to R×R regardless of aspect ratio, as RF-DETR's SquareResize does in training.
 */
export type ResizeMode = 'letterbox' | 'stretch'

/** How screen pixels sit in the R×R input: input = screen × scale + pad. */
export interface InputFrame {
  size: number
  screen: { width: number; height: number }
  scaleX: number
  scaleY: number
  padX: number
  padY: number
}

/**
 * The screenshot as a normalised NCHW float32 [1,3,R,R] tensor body, with the frame to map boxes back. Pixels are taken as stored
 * (no EXIF rotation), like `decodeGray`, so every method works in the same coordinates.
 */
export async function toInputTensor(image: Buffer, size: number, mode: ResizeMode): Promise<{ data: Float32Array; frame: InputFrame }> {
  const { width, height } = await sharp(image).metadata()
  const s = size / Math.max(width, height)
  const nw = mode === 'stretch' ? size : Math.max(1, Math.round(width * s))
  const nh = mode === 'stretch' ? size : Math.max(1, Math.round(height * s))
  const padX = Math.floor((size - nw) / 2)
  const padY = Math.floor((size - nh) / 2)
  const { data: rgb, info } = await sharp(image)
    .removeAlpha()
    .toColourspace('srgb')
    .resize(nw, nh, { fit: 'fill' })
    .raw()
    .toBuffer({ resolveWithObject: true })
  if (info.channels !== 3) throw new Error(`expected 3 channels after RGB conversion, got ${info.channels}`)
  const plane = size * size
  const data = new Float32Array(3 * plane)
  for (let y = 0; y < nh; y++) {
    for (let x = 0; x < nw; x++) {
      const src = (y * nw + x) * 3
      const dst = (y + padY) * size + x + padX
      for (let c = 0; c < 3; c++) data[c * plane + dst] = (rgb[src + c] / 255 - MEAN[c]) / STD[c]
    }
  }
  return { data, frame: { size, screen: { width, height }, scaleX: nw / width, scaleY: nh / height, padX, padY } }
}

/** A box given as cx,cy,w,h in 0..1 of the input, in screen pixels, clipped to the screen; undefined when outside. */
export function toScreenRect(cx: number, cy: number, w: number, h: number, f: InputFrame): Rect | undefined {
  const toX = (v: number) => Math.min(f.screen.width, Math.max(0, (v * f.size - f.padX) / f.scaleX))
  const toY = (v: number) => Math.min(f.screen.height, Math.max(0, (v * f.size - f.padY) / f.scaleY))
  const x0 = Math.round(toX(cx - w / 2))
  const y0 = Math.round(toY(cy - h / 2))
  const x1 = Math.round(toX(cx + w / 2))
  const y1 = Math.round(toY(cy + h / 2))
  if (x1 - x0 < 1 || y1 - y0 < 1) return undefined
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 }
}
