import { deflateSync } from 'node:zlib'
import sharp from 'sharp'

/** A real PNG with some structure (a button-like rectangle with a border), so decoders and matchers have work. */
export async function makePng(width: number, height: number, seed = 1): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="100%" height="100%" fill="rgb(${(seed * 37) % 255},${(seed * 91) % 255},200)"/>
    <rect x="2" y="2" width="${Math.max(1, width - 4)}" height="${Math.max(1, height - 4)}" fill="none" stroke="black" stroke-width="2"/>
    <circle cx="${width / 2}" cy="${height / 2}" r="${Math.max(1, Math.min(width, height) / 4)}" fill="white"/>
  </svg>`
  return sharp(Buffer.from(svg)).png().toBuffer()
}

export async function makeJpeg(width: number, height: number, seed = 1): Promise<Buffer> {
  return sharp(await makePng(width, height, seed)).jpeg({ quality: 90 }).toBuffer()
}

function crc32(buf: Buffer): number {
  let c = ~0
  for (const b of buf) {
    c ^= b
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1
  }
  return ~c >>> 0
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([len, body, crc])
}

/**
 * A decompression bomb: a valid 1-bit greyscale PNG whose every row is zero, so that a header claiming
 * side×side pixels (900 MP by default) fits in about a hundred kilobytes.
 */
export function makePngBomb(side = 30000): Buffer {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(side, 0)
  ihdr.writeUInt32BE(side, 4)
  ihdr[8] = 1 // bit depth
  ihdr[9] = 0 // greyscale
  const raw = Buffer.alloc((Math.ceil(side / 8) + 1) * side) // filter byte 0 + zero pixels per row
  const idat = deflateSync(raw, { level: 9 })
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))])
}
