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

const codesOf = (chars: string) => new Set([...chars].map((c) => c.charCodeAt(0)))
const QUOTES = codesOf("'\"`«»“”„‟‘’‚‛‹›´′″")
const DASHES = codesOf('-‐‑‒–—―−⁃﹘﹣－')
const SOFT_HYPHEN = 0x00ad
const APOSTROPHE = 39
const HYPHEN = 45
const SPACE = 32

function isWhitespace(code: number): boolean {
  if (code <= 127) return code === 32 || (code >= 9 && code <= 13)
  return (
    code === 0xa0 ||
    code === 0x85 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  )
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

const foldCache = new Map<number, string>()

/** A non-ASCII code point in normalised form: compatibility decomposition, no combining marks, lower case, ligatures split. */
function foldNonAscii(code: number): string {
  let folded = foldCache.get(code)
  if (folded === undefined) {
    folded = String.fromCodePoint(code)
      .normalize('NFKD')
      .toLowerCase()
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .replace(/\s/g, '')
      .replace(/œ/g, 'oe')
      .replace(/æ/g, 'ae')
      .replace(/ß/g, 'ss')
    foldCache.set(code, folded)
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

const utf16 = new TextDecoder('utf-16le')

/** Normalised UTF-16 units and their original ranges, appended one at a time. */
class RangeBuffer {
  length = 0
  private codes: Uint16Array
  private starts: Int32Array
  private ends: Int32Array

  constructor(capacity: number) {
    this.codes = new Uint16Array(Math.max(16, capacity))
    this.starts = new Int32Array(this.codes.length)
    this.ends = new Int32Array(this.codes.length)
  }

  lastCode(): number {
    return this.length ? this.codes[this.length - 1]! : -1
  }

  push(code: number, start: number, end: number): void {
    if (this.length === this.codes.length) this.grow()
    this.codes[this.length] = code
    this.starts[this.length] = start
    this.ends[this.length] = end
    this.length++
  }

  extendLast(end: number): void {
    this.ends[this.length - 1] = end
  }

  result(): NormalizedText {
    const n = this.length
    return { text: utf16.decode(this.codes.subarray(0, n)), starts: this.starts.subarray(0, n), ends: this.ends.subarray(0, n) }
  }

  private grow(): void {
    const size = this.codes.length * 2
    const codes = new Uint16Array(size)
    codes.set(this.codes)
    const starts = new Int32Array(size)
    starts.set(this.starts)
    const ends = new Int32Array(size)
    ends.set(this.ends)
    this.codes = codes
    this.starts = starts
    this.ends = ends
  }
}

const isAsciiLetterCode = (code: number) => (code >= 97 && code <= 122) || (code >= 65 && code <= 90)

function endsWithLetter(out: RangeBuffer): boolean {
  const code = out.lastCode()
  return code >= 0 && (code < 128 ? isAsciiLetterCode(code) : isLetter(String.fromCharCode(code)))
}

/**
 * The form quotations are compared in: Unicode compatibility decomposition (NFKD, which includes NFD) with combining
 * accents dropped, lower case, every quotation mark as ' and every dash as -, zero-width and bidi controls dropped,
 * words hyphenated across a line break joined, and every run of whitespace (NBSP and narrow NBSP included) as one
 * space, none at either end.
 */
export function normalizeText(original: string): NormalizedText {
  const out = new RangeBuffer(original.length + 16)
  let spaceStart = -1
  let spaceEnd = -1
  let i = 0
  while (i < original.length) {
    const code = original.codePointAt(i)!
    const width = code > 0xffff ? 2 : 1
    if (isInvisibleControl(code)) {
      i += width
      continue
    }
    if (isWhitespace(code)) {
      if (spaceStart < 0) spaceStart = i
      spaceEnd = i + width
      i += width
      continue
    }
    if ((DASHES.has(code) || code === SOFT_HYPHEN) && spaceStart < 0 && endsWithLetter(out)) {
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
      if (out.length) out.push(SPACE, spaceStart, spaceEnd)
      spaceStart = -1
    }
    if (code < 128 && !QUOTES.has(code)) {
      out.push(code >= 65 && code <= 90 ? code + 32 : code, i, i + 1)
    } else if (QUOTES.has(code) || DASHES.has(code)) {
      out.push(QUOTES.has(code) ? APOSTROPHE : HYPHEN, i, i + width)
    } else {
      const folded = foldNonAscii(code)
      // a combining mark written apart belongs to the character before it
      if (folded === '' && out.length) out.extendLast(i + width)
      for (let k = 0; k < folded.length; k++) out.push(folded.charCodeAt(k), i, i + width)
    }
    i += width
  }
  return out.result()
}

const R = 114
const N = 110

/** I, 1 and | read as l; 0 as o. */
function ocrFolded(code: number): number {
  if (code === 105 || code === 49 || code === 124) return 108
  if (code === 48) return 111
  return code
}

/**
 * The same text with the OCR confusions of the brief folded onto one form (i, 1, | → l; 0 → o; rn → m), so that they
 * cost nothing in an approximate match. Ranges still point into the original.
 */
export function foldOcrConfusions(normalized: NormalizedText): NormalizedText {
  const { text, starts, ends } = normalized
  const out = new RangeBuffer(text.length)
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code === R && text.charCodeAt(i + 1) === N) {
      out.push(109, starts[i]!, ends[i + 1]!)
      i++
    } else {
      out.push(ocrFolded(code), starts[i]!, ends[i]!)
    }
  }
  return out.result()
}
