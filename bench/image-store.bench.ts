import sharp from 'sharp'
import { getImage, openDb, putImage, type Db } from '@rpa-vision/db'
import { createTestDatabase, makePng } from '../test/helpers/index.js'
import { percentile, round, timeEach, type BenchResult } from './lib/measure.js'

const MAX_PIXELS = 40_000_000

/** A small seeded PRNG (mulberry32): the same seed draws the same screen. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A 1920×1080 form-like screen (header, sidebar, rows of labels as word-shaped strokes and input boxes), one per seed. */
async function screenLike(seed: number): Promise<Buffer> {
  const rnd = random(seed)
  const parts = ['<rect width="1920" height="64" fill="#1f4e79"/>', '<rect y="64" width="260" height="1016" fill="#e3e8ef"/>']
  const words = (x: number, y: number, width: number, colour: string) => {
    for (let cx = x; cx < x + width; ) {
      const w = 12 + Math.floor(rnd() * 60)
      parts.push(`<rect x="${cx}" y="${y}" width="${w}" height="11" fill="${colour}"/>`)
      cx += w + 8
    }
  }
  for (let y = 90; y < 1050; y += 40) words(20, y, 120 + rnd() * 100, '#334')
  for (let row = 0; row < 24; row++) {
    for (let col = 0; col < 3; col++) {
      const x = 300 + col * 540
      const y = 96 + row * 40
      words(x, y + 8, 90 + rnd() * 80, '#222')
      parts.push(`<rect x="${x + 200}" y="${y}" width="300" height="28" fill="#fff" stroke="#99a" stroke-width="1"/>`)
      if (rnd() < 0.6) words(x + 208, y + 8, rnd() * 260, '#111')
    }
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1920" height="1080"><rect width="100%" height="100%" fill="#f7f7f7"/>${parts.join('')}</svg>`
  return sharp(Buffer.from(svg)).png().toBuffer()
}

async function measure(db: Db, label: string, images: Buffer[], warmup: number): Promise<BenchResult> {
  const n = images.length - warmup
  const shas: string[] = []
  // Warm-up calls get indices n.., so every timed put stores a picture not seen before.
  const put = await timeEach(n, async (i) => shas.push((await putImage(db, images[i]!, { maxPixels: MAX_PIXELS })).sha256), warmup)
  const get = await timeEach(n, (i) => getImage(db, shas[i % shas.length]!))
  const kb = images.reduce((s, b) => s + b.length, 0) / images.length / 1024
  return {
    [`${label} PNG size (KiB, mean)`]: round(kb),
    [`${label} putImage p50 (ms)`]: round(percentile(put, 50)),
    [`${label} putImage p99 (ms)`]: round(percentile(put, 99)),
    [`${label} getImage p50 (ms)`]: round(percentile(get, 50)),
    [`${label} getImage p99 (ms)`]: round(percentile(get, 99)),
    [`${label} samples`]: n,
  }
}

/** The image store on a fresh database: an anchor (120×32) and a full screenshot (1920×1080), stored then read back. */
export default async function imageStore(): Promise<BenchResult> {
  const database = await createTestDatabase()
  const handle = openDb({ url: database.url })
  try {
    const anchors = await Promise.all(Array.from({ length: 320 }, (_, i) => makePng(120, 32, i + 1)))
    const screens: Buffer[] = []
    for (let i = 0; i < 45; i++) screens.push(await screenLike(i + 1))
    return {
      ...(await measure(handle.db, '120×32', anchors, 20)),
      ...(await measure(handle.db, '1920×1080', screens, 5)),
    }
  } finally {
    await handle.close()
    await database.drop()
  }
}
