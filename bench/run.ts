import { readdir } from 'node:fs/promises'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { BenchResult } from './lib/measure.js'

const DIR = fileURLToPath(new URL('.', import.meta.url))
const SUFFIX = '.bench.ts'

function printTable(name: string, seconds: number, result: BenchResult): void {
  const width = Math.max(...Object.keys(result).map((k) => k.length))
  console.log(`\n${name} (${seconds.toFixed(1)} s)`)
  for (const [metric, value] of Object.entries(result)) console.log(`  ${metric.padEnd(width)}  ${value}`)
}

/** `pnpm bench [name…]` runs every bench/*.bench.ts, or those whose names contain one of the arguments. */
async function main(filters: string[]): Promise<number> {
  const files = (await readdir(DIR)).filter((f) => f.endsWith(SUFFIX)).sort()
  const chosen = files.filter((f) => !filters.length || filters.some((w) => f.includes(w)))
  if (!chosen.length) {
    console.error(`no bench matches ${filters.join(', ')}; there are: ${files.join(', ')}`)
    return 2
  }
  for (const file of chosen) {
    const name = file.slice(0, -SUFFIX.length)
    const mod = (await import(pathToFileURL(`${DIR}${file}`).href)) as { default: () => Promise<BenchResult> }
    const started = performance.now()
    const result = await mod.default()
    printTable(name, (performance.now() - started) / 1000, result)
  }
  return 0
}

process.exitCode = await main(process.argv.slice(2))
