/** Horizontal runs of a binary image, row by row and left to right: the input of `findComponents`. */
export interface Runs {
  width: number
  height: number
  count: number
  row: Int32Array
  /** first and last column, inclusive */
  start: Int32Array
  end: Int32Array
  /** runs of row y are rowFirst[y] .. rowFirst[y + 1] - 1 */
  rowFirst: Int32Array
}

class RunBuilder {
  count = 0
  row: Int32Array = new Int32Array(4096)
  start: Int32Array = new Int32Array(4096)
  end: Int32Array = new Int32Array(4096)

  push(y: number, s: number, e: number): void {
    if (this.count === this.row.length) {
      const grow = (a: Int32Array): Int32Array => {
        const b = new Int32Array(a.length * 2)
        b.set(a)
        return b
      }
      this.row = grow(this.row)
      this.start = grow(this.start)
      this.end = grow(this.end)
    }
    this.row[this.count] = y
    this.start[this.count] = s
    this.end[this.count] = e
    this.count++
  }

  done(width: number, height: number, rowFirst: Int32Array): Runs {
    rowFirst[height] = this.count
    return { width, height, count: this.count, row: this.row, start: this.start, end: this.end, rowFirst }
  }
}

/** Runs of the pixels whose value reaches `threshold`. */
export function runsAtLeast(values: Uint8Array, width: number, height: number, threshold: number): Runs {
  const b = new RunBuilder()
  const rowFirst = new Int32Array(height + 1)
  for (let y = 0; y < height; y++) {
    rowFirst[y] = b.count
    const base = y * width
    let x = 0
    while (x < width) {
      while (x < width && values[base + x] < threshold) x++
      if (x === width) break
      const s = x
      while (x < width && values[base + x] >= threshold) x++
      b.push(y, s, x - 1)
    }
  }
  return b.done(width, height, rowFirst)
}

/** The complement: runs of the pixels between the given runs. */
export function gapsBetween(runs: Runs): Runs {
  const b = new RunBuilder()
  const rowFirst = new Int32Array(runs.height + 1)
  for (let y = 0; y < runs.height; y++) {
    rowFirst[y] = b.count
    let x = 0
    for (let k = runs.rowFirst[y]; k < runs.rowFirst[y + 1]; k++) {
      if (runs.start[k] > x) b.push(y, x, runs.start[k] - 1)
      x = runs.end[k] + 1
    }
    if (x < runs.width) b.push(y, x, runs.width - 1)
  }
  return b.done(runs.width, runs.height, rowFirst)
}
