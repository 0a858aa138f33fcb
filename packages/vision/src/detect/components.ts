import type { Runs } from './runs.js'

/**
 * Connected components computed on horizontal runs rather than pixels: a UI screen is mostly flat, so it has few runs
 * per row and this is several times faster than pixel labelling in JS.
 */
export interface Components {
  count: number
  /** bounding box of each component, inclusive */
  minX: Int32Array
  minY: Int32Array
  maxX: Int32Array
  maxY: Int32Array
  /** pixels in each component */
  area: Int32Array
  /** the component of each run */
  comp: Int32Array
}

export interface ComponentOptions {
  /** runs on one row separated by at most this many pixels join (a horizontal dilation by gapX / 2) */
  gapX?: number
  /** runs up to this many rows apart join (a vertical dilation by gapY / 2) */
  gapY?: number
  /** 8-connectivity (diagonal neighbours join) instead of 4 */
  diagonal?: boolean
}

export function findComponents(runs: Runs, opts: ComponentOptions = {}): Components {
  const { gapX = 0, gapY = 0, diagonal = false } = opts
  const { count: n, row, start, end, rowFirst } = runs
  const parent = new Int32Array(n)
  for (let i = 0; i < n; i++) parent[i] = i
  const find = (a: number): number => {
    while (parent[a] !== a) {
      parent[a] = parent[parent[a]]
      a = parent[a]
    }
    return a
  }
  const union = (a: number, b: number): void => {
    const ra = find(a)
    const rb = find(b)
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb)
  }

  const tol = gapX + (diagonal ? 1 : 0)
  for (let y = 0; y < runs.height; y++) {
    const a0 = rowFirst[y]
    const a1 = rowFirst[y + 1]
    if (gapX > 0) for (let a = a0 + 1; a < a1; a++) if (start[a] - end[a - 1] - 1 <= gapX) union(a, a - 1)
    for (let py = y - 1; py >= Math.max(0, y - 1 - gapY); py--) {
      let b = rowFirst[py]
      const b1 = rowFirst[py + 1]
      for (let a = a0; a < a1 && b < b1; a++) {
        while (b < b1 && end[b] + tol < start[a]) b++
        for (let c = b; c < b1 && start[c] <= end[a] + tol; c++) union(a, c)
      }
    }
  }

  const comp = new Int32Array(n)
  let count = 0
  for (let i = 0; i < n; i++) comp[i] = parent[i] === i ? count++ : comp[find(i)]
  const minX = new Int32Array(count).fill(runs.width)
  const minY = new Int32Array(count).fill(runs.height)
  const maxX = new Int32Array(count).fill(-1)
  const maxY = new Int32Array(count).fill(-1)
  const area = new Int32Array(count)
  for (let i = 0; i < n; i++) {
    const c = comp[i]
    if (start[i] < minX[c]) minX[c] = start[i]
    if (end[i] > maxX[c]) maxX[c] = end[i]
    if (row[i] < minY[c]) minY[c] = row[i]
    if (row[i] > maxY[c]) maxY[c] = row[i]
    area[c] += end[i] - start[i] + 1
  }
  return { count, minX, minY, maxX, maxY, area, comp }
}
