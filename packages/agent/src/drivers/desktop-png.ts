/** A screen grab as nut-js returns it (its Image): rows of `byteWidth` bytes, `channels` bytes a pixel. */
export interface RawFrame {
  width: number
  height: number
  data: Buffer
  channels: number
  byteWidth: number
  /** nut-js ColorMode: 0 = BGR(A), 1 = RGB(A) */
  colorMode: number
}

/**
 * The grab as tightly packed RGB: libnut hands out BGRA (X11, Windows, macOS alike) whose alpha byte is padding, and
 * its rows may be longer than width × 4.
 */
export function toRgb(frame: RawFrame): Buffer {
  const { width, height, data, channels, byteWidth } = frame
  if (channels < 3) throw new Error(`screen grab with ${channels} channels`)
  const bgr = frame.colorMode === 0
  const out = Buffer.allocUnsafe(width * height * 3)
  let o = 0
  for (let y = 0; y < height; y++) {
    let i = y * byteWidth
    const end = i + width * channels
    for (; i < end; i += channels) {
      out[o++] = data[bgr ? i + 2 : i]!
      out[o++] = data[i + 1]!
      out[o++] = data[bgr ? i : i + 2]!
    }
  }
  return out
}

/** The grab as a PNG in device pixels. sharp (native) is loaded on first use: importing the agent package loads no native code. */
export async function frameToPng(frame: RawFrame): Promise<Buffer> {
  const { default: sharp } = await import('sharp')
  return sharp(toRgb(frame), { raw: { width: frame.width, height: frame.height, channels: 3 } })
    .png({ compressionLevel: 6 })
    .toBuffer()
}
