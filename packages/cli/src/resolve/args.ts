import type { Rect, Screen } from '@rpa-vision/contracts'
import { UsageError } from '../command.js'

/** `--bbox x,y,w,h` in recorded-screen pixels. */
export function parseBbox(value: string | undefined, usage: string): Rect | undefined {
  if (value === undefined) return undefined
  const m = /^(\d+),(\d+),(\d+),(\d+)$/.exec(value.replace(/\s+/g, ''))
  if (!m || Number(m[3]) < 1 || Number(m[4]) < 1) throw new UsageError(`--bbox must be x,y,width,height in whole pixels (width and height ≥ 1); got "${value}"`, usage)
  return { x: Number(m[1]), y: Number(m[2]), width: Number(m[3]), height: Number(m[4]) }
}

/** `--screen WxH[@scale]`: the recorded screen, e.g. 1920x1080 or 1920x1080@1.25. */
export function parseScreen(value: string | undefined, usage: string): Screen | undefined {
  if (value === undefined) return undefined
  const m = /^(\d+)x(\d+)(?:@(\d+(?:\.\d+)?))?$/i.exec(value)
  const [width, height, scale] = m ? [Number(m[1]), Number(m[2]), m[3] === undefined ? undefined : Number(m[3])] : []
  if (!width || !height || scale === 0) throw new UsageError(`--screen must be WIDTHxHEIGHT or WIDTHxHEIGHT@SCALE, e.g. 1920x1080@1.25; got "${value}"`, usage)
  return { width, height, ...(scale === undefined ? {} : { scale }) }
}
