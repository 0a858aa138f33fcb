import type { VisionResolveResult } from '@rpa-vision/contracts'
import { centre, decodeGray } from '../image.js'
import { findText, type TextHit } from '../ocr/text-match.js'
import { searchTemplate, type TemplateMatch } from '../template/search.js'
import type { Candidate, ElementDetector, GrayImage, OcrResult, Rect } from '../types.js'
import { snapToElement } from '../detect/snap.js'
import { chooseAmong, lookAlikes } from './ambiguity.js'
import { contextScores } from './context.js'
import { rowTextScores } from './row-text.js'
import { matchWhereRecorded } from './where-recorded.js'
import { checkDrift } from './drift.js'
import { agrees, type Size } from './geometry.js'

/** Below this a template match is not evidence. */
export const TEMPLATE_MIN_SCORE = 0.8
/** A template match this weak but agreeing with a text hit still counts as the element's picture. */
const TEMPLATE_SUPPORT_SCORE = 0.6
const TEXT_MIN_SCORE = 0.8

export interface ResolveAnchor {
  image: Buffer
  /** where the anchor was, in recorded-screen pixels */
  bbox?: Rect | undefined
  screen?: { width: number; height: number; scale?: number | undefined } | undefined
  target_text?: string | undefined
  /** the whole screen at recording time, for telling look-alikes apart by their surroundings */
  context?: Buffer | undefined
}

export interface ResolveRequest {
  screenshot: Buffer
  anchor: ResolveAnchor
  mode?: 'auto' | 'template' | 'text'
  /** display scaling of the screenshot now, when the agent knows it (1.25 = 125 %) */
  screenScale?: number
}

export interface TextReader {
  recognize(image: Buffer, opts?: { signal?: AbortSignal }): Promise<OcrResult>
}

export interface ResolveDeps {
  ocr?: TextReader | undefined
  detector?: ElementDetector | undefined
  signal?: AbortSignal | undefined
}

interface Evidence {
  candidates: Candidate[]
  notes: string[]
}

/** A row's words must be this much of the recorded row's, and beat the next look-alike's by the margin, to choose. */
const ROW_TEXT_MIN = 0.5
const ROW_TEXT_MARGIN = 0.3

/** OCR of the screenshot and of the recording-time screen, each read at most once per resolve. */
class Reader {
  #cache = new Map<Buffer, Promise<OcrResult>>()
  constructor(private readonly deps: ResolveDeps) {}
  get available(): boolean {
    return this.deps.ocr !== undefined
  }
  read(png: Buffer): Promise<OcrResult> {
    let r = this.#cache.get(png)
    if (!r) {
      r = this.deps.ocr!.recognize(png, this.deps.signal ? { signal: this.deps.signal } : {})
      this.#cache.set(png, r)
    }
    return r
  }
}

function result(found: { bbox: Rect; score: number; method: string; scale: number | null } | null, ev: Evidence): VisionResolveResult {
  const withPoints = ev.candidates.map((c) => ({ ...c, ...centreOf(c.bbox) }))
  if (!found) {
    return { found: false, x: null, y: null, bbox: null, score: 0, method: 'none', scale: null, candidates: withPoints, reason: ev.notes.join('; ') || 'not found' }
  }
  return { found: true, ...centreOf(found.bbox), bbox: found.bbox, score: round(found.score), method: found.method, scale: found.scale, candidates: withPoints, reason: ev.notes.length ? ev.notes.join('; ') : null }
}

function centreOf(r: Rect): { x: number; y: number } {
  const c = centre(r)
  return { x: Math.round(c.x), y: Math.round(c.y) }
}

const round = (n: number) => Math.round(n * 1000) / 1000

/** The recorded bbox and screen, when both are known: the reference for drift and position. */
function recordedOf(anchor: ResolveAnchor): { bbox: Rect; screen: Size } | undefined {
  return anchor.bbox && anchor.screen ? { bbox: anchor.bbox, screen: anchor.screen } : undefined
}

/**
 * Likely scales, best first: the ratio of the display scalings (when the agent says what it is now) times the
 * screen-size ratio, then the screen-size ratio alone (a rescaled capture), then 1 (a resized window keeps its
 * buttons' size).
 */
function expectedScales(anchor: ResolveAnchor, current: Size, screenScale: number | undefined): number[] {
  const sizeRatio = anchor.screen ? current.width / anchor.screen.width : 1
  const dpiRatio = screenScale ? screenScale / (anchor.screen?.scale ?? 1) : undefined
  return [...(dpiRatio ? [sizeRatio * dpiRatio, dpiRatio] : []), sizeRatio, 1]
}

interface TemplateOutcome {
  accepted?: { match: TemplateMatch; by: string } | undefined
  /** a match that is good but drifted: the next method may confirm it */
  drifted?: TemplateMatch | undefined
  /** weaker matches that can still back a text hit */
  support: TemplateMatch[]
}

/** Look-alikes the pixels could not separate, told apart by the words on their rows (read, so robust to reflow). */
async function chooseByRowText(
  tied: TemplateMatch[],
  png: Buffer,
  anchor: ResolveAnchor,
  reader: Reader,
): Promise<{ winner: TemplateMatch; rivals: TemplateMatch[] } | undefined> {
  if (!reader.available || !anchor.context || !anchor.bbox) return undefined
  const [recorded, current] = await Promise.all([reader.read(anchor.context), reader.read(png)])
  const scores = rowTextScores(recorded.words, anchor.bbox, current.words, tied, anchor.target_text)
  if (!scores) return undefined
  const order = scores.map((v, i) => ({ v, i })).sort((a, b) => b.v - a.v)
  const [first, second] = order
  if (!first || !second || first.v < ROW_TEXT_MIN || first.v - second.v < ROW_TEXT_MARGIN) return undefined
  return { winner: tied[first.i]!, rivals: tied.filter((_, i) => i !== first.i) }
}

async function byTemplate(
  screen: GrayImage,
  png: Buffer,
  anchor: ResolveAnchor,
  screenScale: number | undefined,
  reader: Reader,
  ev: Evidence,
): Promise<TemplateOutcome> {
  const template = await decodeGray(anchor.image)
  const recordedPlace = recordedOf(anchor)
  if (recordedPlace) {
    const quick = await matchWhereRecorded(screen, template, recordedPlace, expectedScales(anchor, screen, screenScale))
    if (quick) {
      ev.candidates.push({ bbox: quick.bbox, score: round(quick.score), method: 'template', scale: quick.scale })
      ev.notes.push('found where it was recorded, alone in its neighbourhood')
      return { accepted: { match: quick, by: 'unique' }, support: [] }
    }
  }
  const { matches, scalesTried, saturated } = await searchTemplate(screen, template, { expectedScales: expectedScales(anchor, screen, screenScale) })
  const support = matches.filter((m) => m.score >= TEMPLATE_SUPPORT_SCORE)
  const good = matches.filter((m) => m.score >= TEMPLATE_MIN_SCORE)
  const record = (m: TemplateMatch, why?: string) =>
    ev.candidates.push({ bbox: m.bbox, score: round(m.score), method: 'template', scale: m.scale, ...(why ? { rejected_because: why } : {}) })
  for (const m of matches.filter((m) => m.score < TEMPLATE_MIN_SCORE)) record(m, `score below ${TEMPLATE_MIN_SCORE}`)
  if (!good.length) {
    ev.notes.push(`template: best score ${round(matches[0]?.score ?? 0)} below ${TEMPLATE_MIN_SCORE} over ${scalesTried.length} scales`)
    return { support }
  }
  const tied = lookAlikes(good)
  const recorded = recordedOf(anchor)
  if (saturated && tied.length > 1) {
    for (const m of tied) record(m, 'ambiguous')
    ev.notes.push('template: more look-alikes on screen than the search keeps; refusing to choose among some of them')
    return { support: [] }
  }
  const scores = tied.length > 1 && anchor.context && anchor.bbox
    ? await contextScores(await decodeGray(anchor.context), anchor.bbox, screen, tied)
    : undefined
  let choice: { winner?: TemplateMatch | undefined; by?: string; rivals: TemplateMatch[]; reason?: string } = chooseAmong(tied, {
    contextScores: scores,
    recorded,
    current: screen,
  })
  if (!choice.winner) {
    const byText = await chooseByRowText(tied, png, anchor, reader)
    if (byText) choice = { ...byText, by: 'the words on its row' }
  }
  for (const m of good) if (!tied.includes(m)) record(m, 'a better match exists')
  if (!choice.winner) {
    for (const m of tied) record(m, 'ambiguous')
    ev.notes.push(`template: ${choice.reason ?? 'look-alikes not told apart'}`)
    return { support: [] }
  }
  for (const m of choice.rivals) record(m, `look-alike, set apart by ${choice.by}`)
  const m = choice.winner
  if (recorded) {
    const drift = checkDrift(m.bbox, m.score, screen, recorded.bbox, recorded.screen)
    if (drift.drifted) {
      record(m, `drifted ${round(drift.distance)} of the screen with score ${round(m.score)} < 0.95`)
      ev.notes.push('template: the best match moved too far from where it was recorded')
      return { drifted: m, support }
    }
  }
  record(m)
  return { accepted: { match: m, by: choice.by! }, support }
}

async function byText(
  png: Buffer,
  screen: GrayImage,
  anchor: ResolveAnchor,
  deps: ResolveDeps,
  reader: Reader,
  tpl: TemplateOutcome,
  ev: Evidence,
): Promise<{ bbox: Rect; score: number; method: string; scale: number | null } | null> {
  const target = anchor.target_text!
  const ocr = await reader.read(png)
  const recorded = recordedOf(anchor)
  const hint = recorded
    ? { x: (centre(recorded.bbox).x / recorded.screen.width) * screen.width, y: (centre(recorded.bbox).y / recorded.screen.height) * screen.height }
    : undefined
  const hits = findText(ocr.words, target, { minScore: TEXT_MIN_SCORE, ...(hint ? { hint } : {}) })
  if (!hits.length) {
    ev.notes.push(`text: "${target}" not read on screen`)
    return null
  }
  const record = (h: TextHit, why?: string) => ev.candidates.push({ bbox: h.bbox, score: round(h.score), method: 'text', ...(why ? { rejected_because: why } : {}) })

  // A drifted template match that the text confirms: the layout moved, and both methods see the element there.
  if (tpl.drifted) {
    const confirming = hits.find((h) => agrees(tpl.drifted!.bbox, h.bbox))
    if (confirming) {
      record(confirming)
      ev.notes.push(`the drifted template match is confirmed by the text "${confirming.text}"`)
      return { bbox: tpl.drifted.bbox, score: tpl.drifted.score, method: 'template+text', scale: tpl.drifted.scale }
    }
  }
  const tied = lookAlikes(hits)
  const choice = chooseAmong(tied, { recorded, current: screen })
  for (const h of hits) if (!tied.includes(h)) record(h, 'a better text hit exists')
  if (!choice.winner) {
    for (const h of tied) record(h, 'ambiguous')
    ev.notes.push(`text: ${choice.reason}`)
    return null
  }
  for (const h of choice.rivals) record(h, `look-alike, set apart by ${choice.by}`)
  const hit = choice.winner
  // Far from where it was, a text hit needs a second method's agreement: the same word can label something else.
  const backing = tpl.support.find((m) => agrees(m.bbox, hit.bbox) || agrees(hit.bbox, m.bbox))
  if (recorded && !backing) {
    const drift = checkDrift(hit.bbox, 0, screen, recorded.bbox, recorded.screen)
    if (drift.drifted) {
      record(hit, `drifted ${round(drift.distance)} of the screen and no picture match backs it`)
      ev.notes.push('text: the only hit is far from where the element was recorded')
      return null
    }
  }
  record(hit)
  const box = await snapped(png, hit.bbox, deps, ev)
  return { bbox: backing ? backing.bbox : box, score: hit.score, method: backing ? 'text+template' : box === hit.bbox ? 'text' : 'text+detector', scale: backing?.scale ?? null }
}

/** The detected element around a text hit (a label's button), when a detector is there and finds one. */
async function snapped(png: Buffer, hit: Rect, deps: ResolveDeps, ev: Evidence): Promise<Rect> {
  if (!deps.detector) return hit
  const elements = await deps.detector.detect(png)
  const el = snapToElement(hit, elements)
  if (!el || el.bbox.width * el.bbox.height > 12 * hit.width * hit.height) return hit
  ev.candidates.push({ bbox: el.bbox, score: round(el.score), method: 'detector' })
  return el.bbox
}

/**
 * The resolve chain: template matching over scales with look-alikes told apart by context, the drift check,
 * the anchor's text read on screen (confirming a drifted match, or finding the element when its picture changed),
 * snapped to a detected element — or a refusal with the evidence. Never a guess.
 */
export async function resolveAnchor(req: ResolveRequest, deps: ResolveDeps = {}): Promise<VisionResolveResult> {
  const ev: Evidence = { candidates: [], notes: [] }
  const reader = new Reader(deps)
  const screen = await decodeGray(req.screenshot)
  const mode = req.mode ?? 'auto'
  let tpl: TemplateOutcome = { support: [] }
  if (mode !== 'text') {
    tpl = await byTemplate(screen, req.screenshot, req.anchor, req.screenScale, reader, ev)
    if (tpl.accepted) {
      const { match, by } = tpl.accepted
      if (by !== 'unique') ev.notes.unshift(`look-alikes set apart by ${by}`)
      return result({ bbox: match.bbox, score: match.score, method: 'template', scale: match.scale }, ev)
    }
  }
  if (mode !== 'template' && req.anchor.target_text?.trim()) {
    if (!deps.ocr) ev.notes.push('text: no OCR engine available')
    else {
      const found = await byText(req.screenshot, screen, req.anchor, deps, reader, tpl, ev)
      if (found) return result(found, ev)
    }
  } else if (mode !== 'template') {
    ev.notes.push('text: the anchor has no target_text')
  }
  return result(null, ev)
}
