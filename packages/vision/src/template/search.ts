import { loadOpenCv, type Cv, type Mat } from '../opencv.js'
import { iou } from '../image.js'
import type { GrayImage, Rect } from '../types.js'
import { matFromGray, maxLocation, resized, withMats } from './mats.js'
import { findPeaks, type Peak } from './peaks.js'
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
const FINE_SCALES = [0.97, 1.03]
/** Refined matches this far below the best are not worth a finer scale. */
const CONTENDER_GAP = 0.15

/** Pyramid level (1, 2 or 4) for a template of this size: as coarse as its detail allows. */
function levelFor(w: number, h: number): number {
  for (const f of [4, 2]) if (Math.min(w, h) / f >= MIN_COARSE_SIDE && Math.max(w, h) / f >= 2 * MIN_COARSE_SIDE) return f
  return 1
}

/** The template resized once per size, for the whole search. */
class SizedTemplates {
  readonly #bySize = new Map<string, Mat>()
  constructor(
    private readonly cv: Cv,
    private readonly template: Mat,
  ) {}
  at(scale: number): Mat {
    const w = Math.round(this.template.cols * scale)
    const h = Math.round(this.template.rows * scale)
    let m = this.#bySize.get(`${w}x${h}`)
    if (!m) {
      m = resized(this.cv, this.template, w, h)
      this.#bySize.set(`${w}x${h}`, m)
    }
    return m
  }
  delete(): void {
    for (const m of this.#bySize.values()) m.delete()
  }
}

/** The best full-resolution match of the template at `scale` near `approx` (its top-left), within `margin` pixels. */
function refineAt(cv: Cv, screen: Mat, sized: SizedTemplates, approx: { x: number; y: number }, scale: number, margin: number): TemplateMatch | undefined {
  const t = sized.at(scale)
  const tw = t.cols
  const th = t.rows
  if (tw < 4 || th < 4 || tw > screen.cols || th > screen.rows) return undefined
  const x0 = Math.max(0, approx.x - margin)
  const y0 = Math.max(0, approx.y - margin)
  const x1 = Math.min(screen.cols, approx.x + tw + margin)
  const y1 = Math.min(screen.rows, approx.y + th + margin)
  if (x1 - x0 < tw || y1 - y0 < th) return undefined
  return withMats((track) => {
    const roi = track(screen.roi(new cv.Rect(x0, y0, x1 - x0, y1 - y0)))
    const res = track(new cv.Mat())
    cv.matchTemplate(roi, t, res, cv.TM_CCOEFF_NORMED)
    const { maxVal, maxLoc } = maxLocation(cv, res)
    return { bbox: { x: x0 + maxLoc.x, y: y0 + maxLoc.y, width: tw, height: th }, score: Math.max(0, Math.min(1, maxVal)), scale }
  })
}

/**
 * Every coarse peak refined at its rung's scale; then only the contenders (near the best) also at ±3 %, so that
 * a screen full of text does not cost three searches per peak.
 */
function refinePeaks(cv: Cv, screen: Mat, sized: SizedTemplates, peaks: Peak[], scale: number, f: number): TemplateMatch[] {
  const margin = 2 * f + 2
  const first = peaks
    .map((p) => refineAt(cv, screen, sized, { x: p.x * f, y: p.y * f }, scale, margin))
    .filter((m): m is TemplateMatch => m !== undefined)
  const best = Math.max(0, ...first.map((m) => m.score))
  return first.map((m) => {
    if (m.score < best - CONTENDER_GAP) return m
    let top = m
    for (const fine of FINE_SCALES) {
      const other = refineAt(cv, screen, sized, { x: m.bbox.x, y: m.bbox.y }, scale * fine, 3)
      if (other && other.score > top.score) top = other
    }
    return top
  })
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
 * level, its best peaks refined at full resolution (±3 % scale), until a match is good enough or the range is done.
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
    const sized = new SizedTemplates(cv, tpl)
    try {
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
        found.push(...refinePeaks(cv, full, sized, peaks, scale, f))
        if (found.some((m) => m.score >= stopScore)) break
      }
      return { matches: suppressOverlaps(found, opts.maxMatches ?? 60), scalesTried, saturated }
    } finally {
      sized.delete()
    }
  })
}
