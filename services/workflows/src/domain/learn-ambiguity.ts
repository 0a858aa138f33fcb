import type { Rect, VisionResolveResult } from '@rpa-vision/contracts'

/**
 * Another place of the recording screen where the anchor's picture scores this is a look-alike (the picture scores 1
 * at its own place): the score from which the resolve chain takes a template match as evidence (TEMPLATE_MIN_SCORE).
 * Not higher: identical text areas 67.5 px apart at 125 % score only 0.82 against each other (sub-pixel rendering),
 * and at replay the true place loses as much (rescaled, re-rendered), so such a twin can win there.
 */
export const TWIN_SCORE = 0.8
/** A match this close to the box's own place is the box itself (the search refines to ±1 px, and ±3 % in scale). */
const SELF_SLACK = 3

export interface Twin {
  bbox: Rect
  score: number
}

/** What the template search saw of a box on its own screenshot. */
export type Uniqueness =
  | { kind: 'checked'; twins: Twin[] }
  /** the picture is flat (a blank area): no texture for a template to match, here or at replay */
  | { kind: 'featureless' }
  /** no answer in the time left for these checks */
  | { kind: 'late' }

function atItsPlace(c: Rect, box: Rect): boolean {
  return Math.abs(c.x - box.x) <= SELF_SLACK && Math.abs(c.y - box.y) <= SELF_SLACK &&
    Math.abs(c.width - box.width) <= SELF_SLACK && Math.abs(c.height - box.height) <= SELF_SLACK
}

/**
 * Reads a template-only vision.resolve of a box's picture on the screenshot it was cut from. A picture with texture
 * matches itself at its place with score 1 (the caller has set flat pictures apart), so that score is known even when
 * the search's coarse pass overlooks it; every other match (the search keeps one per place, none overlapping a better
 * one by more than 30 %) scoring at least TWIN_SCORE is a twin — a place a replay could take for the anchor.
 */
export function uniquenessOf(res: VisionResolveResult, box: Rect): Uniqueness {
  const twins = res.candidates
    .filter((c) => c.method === 'template' && c.score >= TWIN_SCORE && !atItsPlace(c.bbox, box))
    .sort((a, b) => b.score - a.score)
    .map(({ bbox, score }) => ({ bbox, score }))
  return { kind: 'checked', twins }
}

export interface SettledBox {
  bbox: Rect
  /**
   * element: the control's own box, alone on its screen (or not checkable: flat, or out of time); context: a larger box
   * around the click, the first found alone; ambiguous: even the largest box tried has look-alikes
   */
  outcome: 'element' | 'context' | 'ambiguous'
  /** the control's own look-alikes on the recording screen */
  twins: Twin[]
  /** the look-alikes left with the box kept (none unless ambiguous) */
  twinsLeft: Twin[]
  /** every box checked, in order, with its number of look-alikes (undefined: flat or unanswered) */
  tried: { bbox: Rect; twins: number | undefined }[]
  /** the checks stopped for lack of time */
  late: boolean
}

/**
 * The anchor's box: the control's own when nothing else on the screenshot looks like it; otherwise the first box of
 * the ladder (growing around the click) that is alone; otherwise the largest one tried, flagged ambiguous.
 */
export async function settleAnchorBox(element: Rect, ladder: readonly Rect[], check: (box: Rect) => Promise<Uniqueness>): Promise<SettledBox> {
  const first = await check(element)
  const tried: SettledBox['tried'] = [{ bbox: element, twins: first.kind === 'checked' ? first.twins.length : undefined }]
  if (first.kind !== 'checked' || first.twins.length === 0) {
    return { bbox: element, outcome: 'element', twins: [], twinsLeft: [], tried, late: first.kind === 'late' }
  }
  let kept: { bbox: Rect; twins: Twin[] } = { bbox: element, twins: first.twins }
  for (const box of ladder) {
    const u = await check(box)
    if (u.kind === 'late') return { ...ambiguous(kept), twins: first.twins, tried, late: true }
    tried.push({ bbox: box, twins: u.kind === 'checked' ? u.twins.length : undefined })
    if (u.kind !== 'checked') continue
    if (u.twins.length === 0) return { bbox: box, outcome: 'context', twins: first.twins, twinsLeft: [], tried, late: false }
    kept = { bbox: box, twins: u.twins }
  }
  return { ...ambiguous(kept), twins: first.twins, tried, late: false }
}

function ambiguous(kept: { bbox: Rect; twins: Twin[] }): Pick<SettledBox, 'bbox' | 'outcome' | 'twinsLeft'> {
  return { bbox: kept.bbox, outcome: 'ambiguous', twinsLeft: kept.twins }
}

/** How the notes of an anchor that still has look-alikes begin. */
export const AMBIGUOUS = 'ambiguous:'

const places = (n: number) => `${n} other place${n === 1 ? '' : 's'}`

/** What the node's label adds for the reviewer when its anchor still looks like other places. */
export function ambiguityWarning(settled: SettledBox): string | undefined {
  return settled.outcome === 'ambiguous' ? `${AMBIGUOUS} looks like ${places(settled.twins.length)}` : undefined
}

/** What a reviewer reads on the anchor (its ocr_description): why it was cut with context, or that it is still ambiguous. */
export function contextNote(settled: SettledBox, element: Rect): string | undefined {
  const size = (r: Rect) => `${r.width}×${r.height}`
  if (settled.outcome === 'context') {
    return `context: the control (${size(element)}) looked like ${places(settled.twins.length)} on the recording screen; cut ${size(settled.bbox)} around the click to tell it apart`
  }
  if (settled.outcome === 'ambiguous') {
    const grown = settled.bbox !== element
    const why = grown
      ? `even cut ${size(settled.bbox)} around the click it looks like ${settled.twinsLeft.length}${settled.late ? '; the checks ran out of time' : ''}`
      : settled.late ? 'the checks ran out of time before a larger box was tried' : 'no room to grow around the click'
    return `${AMBIGUOUS} looks like ${places(settled.twins.length)} at learning time (${why})`
  }
  return undefined
}
