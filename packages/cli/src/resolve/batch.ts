import { dirname, resolve as resolvePath } from 'node:path'
import Value from 'typebox/value'
import { ResolveBatchCase, type ResolveBatchOutcome } from '@rpa-vision/contracts'
import type { ResolveRequest } from '@rpa-vision/vision'
import { CliError, println, type Output } from '../command.js'
import { readInput } from './files.js'
import type { LocalResolver } from './local-resolver.js'

interface Line {
  number: number
  spec: ResolveBatchCase
}

export interface Batch {
  file: string
  lines: Line[]
}

function describe(err: { instancePath: string; message: string; params: Record<string, unknown> }): string {
  const path = err.instancePath.split('/').filter(Boolean).join('.') || 'the case'
  const extra = Array.isArray(err.params.additionalProperties) ? ` (${err.params.additionalProperties.join(', ')})` : ''
  return `${path} ${err.message}${extra}`
}

/** Every line is checked before the first case runs: a typo on line 500 must not cost the 499 before it. */
export async function readBatch(file: string): Promise<Batch> {
  const text = (await readInput(file)).toString('utf8')
  const lines: Line[] = []
  text.split('\n').forEach((raw, i) => {
    if (!raw.trim()) return
    let value: unknown
    try {
      value = JSON.parse(raw)
    } catch (err) {
      throw new CliError('INVALID_BATCH', `${file}:${i + 1}: not JSON (${(err as Error).message})`)
    }
    const [first] = Value.Errors(ResolveBatchCase, value)
    if (first) throw new CliError('INVALID_BATCH', `${file}:${i + 1}: ${describe(first)}`)
    lines.push({ number: i + 1, spec: value as ResolveBatchCase })
  })
  if (!lines.length) throw new CliError('INVALID_BATCH', `${file} has no cases`)
  return { file, lines }
}

async function requestOf(spec: ResolveBatchCase, dir: string): Promise<ResolveRequest> {
  const read = (path: string) => readInput(resolvePath(dir, path))
  const { anchor } = spec
  const [screenshot, image, context] = await Promise.all([
    read(spec.screenshot), read(anchor.image), anchor.context_image ? read(anchor.context_image) : undefined,
  ])
  return { screenshot, anchor: { image, bbox: anchor.bbox, screen: anchor.screen, target_text: anchor.target_text, context } }
}

/** Runs the cases of a JSONL file one after another, printing one JSON line per case as it is resolved. */
export async function runBatch({ file, lines }: Batch, resolver: LocalResolver, out: Output): Promise<void> {
  const dir = dirname(resolvePath(file))
  for (const { number, spec } of lines) {
    const request = await requestOf(spec, dir)
    const { result, ms } = await resolver.resolve(request).catch((err: unknown) => {
      throw new CliError('RESOLVE_FAILED', `${file}:${number}: ${(err as Error).message}`)
    })
    const outcome: ResolveBatchOutcome = {
      id: spec.id, found: result.found, x: result.x, y: result.y, score: result.score, method: result.method, ms: Math.round(ms * 10) / 10,
    }
    println(out, JSON.stringify(outcome))
  }
}
