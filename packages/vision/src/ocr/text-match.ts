import { centre } from '../image.js'
import type { OcrWord, Rect } from '../types.js'
import { editDistance } from './edit-distance.js'

export interface TextHit {
  /** union of the matched words' boxes */
  bbox: Rect
  /** 1 − edit distance / length, after normalisation */
  score: number
  /** the words as read, joined by spaces */
  text: string
  /** from the hit's centre to `hint`, in pixels, when a hint was given */
  distance?: number
}

export interface FindTextOptions {
  /** expected centre of the target, in the words' pixels */
  hint?: { x: number; y: number }
  /** default 0.8 */
  minScore?: number
}

const SINGLE_CHAR_CONFUSIONS: Record<string, string> = { '0': 'o', '1': 'l', i: 'l', '|': 'l', '!': 'l', '5': 's', œ: 'oe', æ: 'ae' }

/**
 * The form both sides are compared in: no diacritics, lower case, common OCR confusions folded onto one letter
 * (0→o, 1/i/|/!→l, 5→s, rn→m), and nothing but letters and digits (punctuation and spaces dropped, so a word the OCR
 * split or glued still compares equal).
 */
export function normalizeForMatch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[01i|!5œæ]/g, (c) => SINGLE_CHAR_CONFUSIONS[c] ?? c)
    .replace(/rn/g, 'm')
    .replace(/[^\p{L}\p{N}]/gu, '')
}

function similarity(a: string, b: string): number {
  return 1 - editDistance(a, b) / Math.max(a.length, b.length)
}

/** Same line and close enough to be read together: vertical overlap of half the smaller height, a gap under 1.5 heights. */
function follows(previous: OcrWord, next: OcrWord): boolean {
  const a = previous.bbox
  const b = next.bbox
  const overlap = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)
  const gap = b.x - (a.x + a.width)
  return overlap >= 0.5 * Math.min(a.height, b.height) && gap >= -0.5 * b.height && gap <= 1.5 * Math.max(a.height, b.height)
}

function union(boxes: Rect[]): Rect {
  const x = Math.min(...boxes.map((b) => b.x))
  const y = Math.min(...boxes.map((b) => b.y))
  const right = Math.max(...boxes.map((b) => b.x + b.width))
  const bottom = Math.max(...boxes.map((b) => b.y + b.height))
  return { x, y, width: right - x, height: bottom - y }
}

interface Run {
  first: number
  last: number
  score: number
  hit: TextHit
}

/**
 * Finds `target` among OCR words (in reading order): single words and runs of consecutive words on one line, scored
 * by normalised edit distance. Runs that share a word keep only the best (then the shortest). Sorted by score, equal
 * scores by distance to `hint`. Deciding between close hits is the caller's job: every hit carries its distance.
 */
export function findText(words: OcrWord[], target: string, options: FindTextOptions = {}): TextHit[] {
  const wanted = normalizeForMatch(target)
  if (wanted === '') return []
  const minScore = options.minScore ?? 0.8
  const maxLength = wanted.length / minScore
  const normalized = words.map((w) => normalizeForMatch(w.text))
  const runs: Run[] = []
  for (let first = 0; first < words.length; first++) {
    if (normalized[first] === '') continue
    let joined = ''
    for (let last = first; last < words.length && joined.length < maxLength; last++) {
      if (last > first && !follows(words[last - 1], words[last])) break
      joined += normalized[last]
      if (normalized[last] === '') continue
      const score = similarity(wanted, joined)
      if (score < minScore) continue
      const matched = words.slice(first, last + 1)
      const bbox = union(matched.map((w) => w.bbox))
      const hit: TextHit = { bbox, score, text: matched.map((w) => w.text).join(' ') }
      if (options.hint) {
        const c = centre(bbox)
        hit.distance = Math.hypot(c.x - options.hint.x, c.y - options.hint.y)
      }
      runs.push({ first, last, score, hit })
    }
  }
  const byDistance = (a: Run, b: Run) => (a.hit.distance ?? 0) - (b.hit.distance ?? 0)
  runs.sort((a, b) => b.score - a.score || a.last - a.first - (b.last - b.first) || byDistance(a, b))
  const kept: Run[] = []
  for (const run of runs) if (kept.every((k) => run.last < k.first || run.first > k.last)) kept.push(run)
  return kept.sort((a, b) => b.score - a.score || byDistance(a, b)).map((r) => r.hit)
}
