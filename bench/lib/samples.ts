/** Latency samples in milliseconds, kept whole (a few hundred thousand per run): exact nearest-rank percentiles. */
export class Samples {
  private buf = new Float64Array(4096)
  private n = 0
  private sorted: Float64Array | undefined

  get count(): number {
    return this.n
  }

  add(ms: number): void {
    if (this.n === this.buf.length) {
      const bigger = new Float64Array(this.buf.length * 2)
      bigger.set(this.buf)
      this.buf = bigger
    }
    this.buf[this.n++] = ms
    this.sorted = undefined
  }

  /** Nearest-rank percentile, p in (0, 100]; NaN without samples. */
  percentile(p: number): number {
    if (this.n === 0) return Number.NaN
    this.sorted ??= this.buf.slice(0, this.n).sort()
    return this.sorted[Math.min(this.n - 1, Math.max(0, Math.ceil((p / 100) * this.n) - 1))]!
  }

  get max(): number {
    return this.percentile(100)
  }
}

export function ms(value: number): number {
  return Number.isNaN(value) ? value : Math.round(value * 100) / 100
}
