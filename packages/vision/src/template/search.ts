import { loadOpenCv, type Cv, type Mat } from '../opencv.js'
import { iou } from '../image.js'
import type { GrayImage, Rect } from '../types.js'
import { matFromGray, maxLocation, resized, withMats } from './mats.js'
import { findPeaks } from './peaks.js'
import { MAX_SCALE, MIN_SCALE, scaleLadder } from './scales.js'

export interface TemplateMatch {
  bbox: Rect
  /** TM_CCOEFF_NORMED at full resolution, clamped to 0..1 */
  score: number
  scale: number
}

export interface TemplateSearchOptions {
  /** most likely scales (screen pixels per anchor pixel), tried first */
  expectedScales?: number[]
  minScale?: number
  maxScale?: number
  /** coarse peaks below this are not refined */
  coarseMinScore?: number
  /** stop trying further scales once a refined match reaches this */
  stopScore?: number
  /** peaks kept per scale (look-alikes included); reaching it means there may be more look-alikes than seen */
  peaksPerScale?: number
  maxMatches?: number
}

export interface TemplateSearchResult {
  matches: TemplateMatch[]
  scalesTried: number[]
  /** some scale had more look-alike peaks than were kept: choosing among the matches would be a guess */
  saturated: boolean
}

/** The smallest template side we let the coarse level shrink to: below it, NCC stops telling things apart. */
const MIN_COARSE_SIDE = 12
const FINE_SCALES = [1, 0.98, 1.02]

/** Pyramid level (1, 2 or 4) for a template of this size: as coarse as its detail allows. */
function levelFor(w: number, h: number): number {
  for (const f of [4, 2]) if (Math.min(w, h) / f >= MIN_COARSE_SIDE && Math.max(w, h) / f >= 2 * MIN_COARSE_SIDE) return f
  return 1
}

function refine(cv: Cv, screen: Mat, template: Mat, approx: { x: number; y: number }, scale: number, margin: number): TemplateMatch | undefined {
  let best: TemplateMatch | undefined
  for (const fine of FINE_SCALES) {
    const s = scale * fine
    const tw = Math.round(template.cols * s)
    const th = Math.round(template.rows * s)
    if (tw < 4 || th < 4 || tw > screen.cols || th > screen.rows) continue
    const x0 = Math.max(0, approx.x - margin)
    const y0 = Math.max(0, approx.y - margin)
    const x1 = Math.min(screen.cols, approx.x + tw + margin)
    const y1 = Math.min(screen.rows, approx.y + th + margin)
    if (x1 - x0 < tw || y1 - y0 < th) continue
    withMats((track) => {
      const roi = track(screen.roi(new cv.Rect(x0, y0, x1 - x0, y1 - y0)))
      const t = track(resized(cv, template, tw, th))
      const res = track(new cv.Mat())
      cv.matchTemplate(roi, t, res, cv.TM_CCOEFF_NORMED)
      const { maxVal, maxLoc } = maxLocation(cv, res)
      const score = Math.max(0, Math.min(1, maxVal))
      if (!best || score > best.score) best = { bbox: { x: x0 + maxLoc.x, y: y0 + maxLoc.y, width: tw, height: th }, score, scale: s }
    })
  }
  return best
}

/** Keeps the best of overlapping matches; distinct look-alikes all stay. */
function suppressOverlaps(matches: TemplateMatch[], maxMatches: number): TemplateMatch[] {
  const kept: TemplateMatch[] = []
  for (const m of [...matches].sort((a, b) => b.score - a.score)) {
    if (kept.some((k) => iou(k.bbox, m.bbox) > 0.3)) continue
    kept.push(m)
    if (kept.length === maxMatches) break
  }
  return kept
}

/**
 * Finds a template on a screen across scales: for each scale (most likely first), a coarse search on a pyramid
 * level, its best peaks refined at full resolution (±2 % scale), until a match is good enough or the range is done.
 */
export async function searchTemplate(screen: GrayImage, template: GrayImage, opts: TemplateSearchOptions = {}): Promise<TemplateSearchResult> {
  const { cv } = await loadOpenCv()
  const ladder = scaleLadder(opts.expectedScales ?? [1], opts.minScale ?? MIN_SCALE, opts.maxScale ?? MAX_SCALE)
  const coarseMin = opts.coarseMinScore ?? 0.45
  const stopScore = opts.stopScore ?? 0.9
  const peaksPerScale = opts.peaksPerScale ?? 100
  const found: TemplateMatch[] = []
  const scalesTried: number[] = []
  let saturated = false
  return withMats((track) => {
    const full = track(matFromGray(cv, screen))
    const tpl = track(matFromGray(cv, template))
    const levels = new Map<number, Mat>([[1, full]])
    const level = (f: number) => {
      let m = levels.get(f)
      if (!m) {
        m = track(resized(cv, full, Math.round(full.cols / f), Math.round(full.rows / f)))
        levels.set(f, m)
      }
      return m
    }
    for (const scale of ladder) {
      const w = template.width * scale
      const h = template.height * scale
      if (w > screen.width || h > screen.height || w < 4 || h < 4) continue
      scalesTried.push(scale)
      const f = levelFor(w, h)
      const coarse = level(f)
      const peaks = withMats((inner) => {
        const t = inner(resized(cv, tpl, Math.round(w / f), Math.round(h / f)))
        if (t.cols > coarse.cols || t.rows > coarse.rows) return []
        const res = inner(new cv.Mat())
        cv.matchTemplate(coarse, t, res, cv.TM_CCOEFF_NORMED)
        return findPeaks(cv, res, { max: peaksPerScale, minScore: coarseMin, suppressW: t.cols, suppressH: t.rows, belowBest: 0.25 })
      })
      // Only a cap reached while still among near-equal peaks means look-alikes went unseen.
      if (peaks.length === peaksPerScale && peaks[peaks.length - 1]!.score >= peaks[0]!.score - 0.1) saturated = true
      for (const p of peaks) {
        const m = refine(cv, full, tpl, { x: p.x * f, y: p.y * f }, scale, 2 * f + 2)
        if (m) found.push(m)
      }
      if (found.some((m) => m.score >= stopScore)) break
    }
    return { matches: suppressOverlaps(found, opts.maxMatches ?? 60), scalesTried, saturated }
  })
}
