import { UsageError } from './command.js'

/** `--viewport WxH`: a page size in CSS pixels; undefined when not given. */
export function parseViewport(value: string | undefined, usage: string): { width: number; height: number } | undefined {
  if (value === undefined) return undefined
  const m = /^(\d{2,5})x(\d{2,5})$/.exec(value)
  if (!m) throw new UsageError(`--viewport must be WIDTHxHEIGHT in CSS pixels, e.g. 1280x800; got "${value}"`, usage)
  return { width: Number(m[1]), height: Number(m[2]) }
}

/** `--scale S`: a display scaling to emulate, above 0 and at most 8; undefined when not given. */
export function parseScale(value: string | undefined, usage: string): number | undefined {
  if (value === undefined) return undefined
  const scale = Number(value)
  if (!/^\d+(\.\d+)?$/.test(value) || scale <= 0 || scale > 8) throw new UsageError(`--scale must be a number above 0 and at most 8, e.g. 1.25; got "${value}"`, usage)
  return scale
}
