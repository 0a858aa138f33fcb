import type { GrayImage } from '../types.js'

/**
 * Edge strength of every pixel: the largest absolute difference with its 4 neighbours. Both sides of a boundary get
 * the difference, so a 1-px border becomes a closed 3-px band that separates the inside of a box from the outside.
 */
export function edgeStrength(img: GrayImage): Uint8Array {
  const { width: w, height: h, data: d } = img
  const out = new Uint8Array(w * h)
  for (let y = 0; y < h; y++) {
    const row = y * w
    const up = y > 0 ? -w : 0
    const down = y < h - 1 ? w : 0
    for (let x = 0; x < w; x++) {
      const i = row + x
      const v = d[i]
      const l = v - d[x > 0 ? i - 1 : i]
      const r = v - d[x < w - 1 ? i + 1 : i]
      const u = v - d[i + up]
      const b = v - d[i + down]
      let m = l < 0 ? -l : l
      if (r > m || -r > m) m = r < 0 ? -r : r
      if (u > m || -u > m) m = u < 0 ? -u : u
      if (b > m || -b > m) m = b < 0 ? -b : b
      out[i] = m
    }
  }
  return out
}
