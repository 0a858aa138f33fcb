import { isInvisibleControl } from './sanitize.js'

/**
 * A normalised copy of a text with, for each of its UTF-16 units, the range [start, end) of the original text it
 * comes from: a match found in `text` is located exactly in the original.
 */
export interface NormalizedText {
  text: string
  starts: Int32Array
  ends: Int32Array
}

export interface OriginalRange {
  start: number
  end: number
}

/** The original range covered by the normalised units [from, to), to > from. */
export function toOriginalRange(normalized: NormalizedText, from: number, to: number): OriginalRange {
  return { start: normalized.starts[from]!, end: normalized.ends[to - 1]! }
}

const QUOTES = new Set([..."'\"`«»“”„‟‘’‚‛‹›´′″"].map((c) => c.charCodeAt(0)))
const DASHES = new Set([...'-‐‑‒–—―−⁃﹘﹣－'].map((c) => c.charCodeAt(0)))
const SOFT_HYPHEN = 0x00ad

function isWhitespace(code: number, char: string): boolean {
  if (code === 32 || (code >= 9 && code <= 13)) return true
  return code > 127 && /\s/.test(char)
}

function isLineBreak(code: number): boolean {
  return code === 10 || code === 13 || code === 0x2028 || code === 0x2029 || code === 0x85
}

const LETTER = /\p{L}/u
export function isLetter(char: string): boolean {
  const code = char.charCodeAt(0)
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 65 && code <= 90)
  return LETTER.test(char)
}

const WORD_CHAR = /[\p{L}\p{N}]/u
/** A letter or a digit: what a word is made of. */
export function isWordChar(char: string): boolean {
  const code = char.charCodeAt(0)
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90)
  return WORD_CHAR.test(char)
}

const foldCache = new Map<string, string>()

/** One code point in normalised form: compatibility decomposition, no combining marks, lower case, ligatures split. */
function foldCodePoint(char: string, code: number): string {
  if (code < 128) return code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : char
  let folded = foldCache.get(char)
  if (folded === undefined) {
    folded = char
      .normalize('NFKD')
      .toLowerCase()
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .replace(/\s/g, '')
      .replace(/œ/g, 'oe')
      .replace(/æ/g, 'ae')
      .replace(/ß/g, 'ss')
    foldCache.set(char, folded)
  }
  return folded
}

/** From `dash` (a hyphen at a line end), where the word resumes on the next line, or -1 when it is not a hyphenation. */
function hyphenationResumesAt(original: string, dash: number): number {
  let i = dash + 1
  while (i < original.length && (original[i] === ' ' || original[i] === '\t')) i++
  if (i >= original.length || !isLineBreak(original.charCodeAt(i))) return -1
  i += original[i] === '\r' && original[i + 1] === '\n' ? 2 : 1
  while (i < original.length && (original[i] === ' ' || original[i] === '\t')) i++
  return i < original.length && isLetter(original[i]!) ? i : -1
}

class RangeBuffer {
  private readonly units: string[] = []
  private starts: Int32Array = new Int32Array(64)
  private ends: Int32Array = new Int32Array(64)

  get length(): number {
    return this.units.length
  }

  last(): string | undefined {
    return this.units[this.units.length - 1]
  }

  push(unit: string, start: number, end: number): void {
    const at = this.units.length
    if (at === this.starts.length) {
      this.starts = doubled(this.starts)
      this.ends = doubled(this.ends)
    }
    this.units.push(unit)
    this.starts[at] = start
    this.ends[at] = end
  }

  extendLast(end: number): void {
    this.ends[this.units.length - 1] = end
  }

  result(): NormalizedText {
    const n = this.units.length
    return { text: this.units.join(''), starts: this.starts.slice(0, n), ends: this.ends.slice(0, n) }
  }
}

function doubled(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2)
  b.set(a)
  return b
}

/**
 * The form quotations are compared in: Unicode compatibility decomposition (NFKD, which includes NFD) with combining
 * accents dropped, lower case, every quotation mark as ' and every dash as -, zero-width and bidi controls dropped,
 * words hyphenated across a line break joined, and every run of whitespace (NBSP and narrow NBSP included) as one
 * space, none at either end.
 */
export function normalizeText(original: string): NormalizedText {
  const out = new RangeBuffer()
  let spaceStart = -1
  let spaceEnd = -1
  let i = 0
  while (i < original.length) {
    const code = original.codePointAt(i)!
    const width = code > 0xffff ? 2 : 1
    const char = width === 1 ? original[i]! : original.slice(i, i + 2)
    if (isInvisibleControl(code)) {
      i += width
      continue
    }
    if (isWhitespace(code, char)) {
      if (spaceStart < 0) spaceStart = i
      spaceEnd = i + width
      i += width
      continue
    }
    if ((DASHES.has(code) || code === SOFT_HYPHEN) && spaceStart < 0 && out.length && isLetter(out.last()!)) {
      const resumesAt = hyphenationResumesAt(original, i)
      if (resumesAt >= 0) {
        i = resumesAt
        continue
      }
    }
    if (code === SOFT_HYPHEN) {
      i += width
      continue
    }
    if (spaceStart >= 0) {
      if (out.length) out.push(' ', spaceStart, spaceEnd)
      spaceStart = -1
    }
    const folded = QUOTES.has(code) ? "'" : DASHES.has(code) ? '-' : foldCodePoint(char, code)
    if (folded === '') {
      // a combining mark written apart belongs to the character before it
      if (out.length) out.extendLast(i + width)
    } else {
      for (let k = 0; k < folded.length; k++) out.push(folded[k]!, i, i + width)
    }
    i += width
  }
  return out.result()
}

/**
 * The same text with the OCR confusions of the brief folded onto one form (i, 1, | → l; 0 → o; rn → m), so that they
 * cost nothing in an approximate match. Ranges still point into the original.
 */
export function foldOcrConfusions(normalized: NormalizedText): NormalizedText {
  const out = new RangeBuffer()
  const { text, starts, ends } = normalized
  for (let i = 0; i < text.length; i++) {
    const unit = text[i]!
    if (unit === 'r' && text[i + 1] === 'n') {
      out.push('m', starts[i]!, ends[i + 1]!)
      i++
    } else if (unit === 'i' || unit === '1' || unit === '|') {
      out.push('l', starts[i]!, ends[i]!)
    } else if (unit === '0') {
      out.push('o', starts[i]!, ends[i]!)
    } else {
      out.push(unit, starts[i]!, ends[i]!)
    }
  }
  return out.result()
}
