/** What a bench file's default export resolves to: one row per metric. */
export type BenchResult = Record<string, number | string>

/** Runs `fn(i)` for i in [0, n) one after another, after `warmup` untimed calls; answers each call's milliseconds. */
export async function timeEach(n: number, fn: (i: number) => Promise<unknown>, warmup = 0): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn(n + i)
  const samples: number[] = []
  for (let i = 0; i < n; i++) {
    const start = process.hrtime.bigint()
    await fn(i)
    samples.push(Number(process.hrtime.bigint() - start) / 1e6)
  }
  return samples
}

/** Nearest-rank percentile, p in (0, 100]. */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

export function round(ms: number): number {
  return Math.round(ms * 100) / 100
}
