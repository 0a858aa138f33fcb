import { alignEdits, findApproximate, type Edit } from './approximate-match.js'
import type { CitationRole, VerifiedCitation } from './decision-result.js'
import { overlapsAny } from './instructions.js'
import { negationJustBefore, negationsIn, sameNegations } from './negation.js'
import { foldOcrConfusions, isWordChar, normalizeText, toOriginalRange, type NormalizedText } from './normalize.js'
import type { PreparedRecord } from './record.js'
import { numbersOf, wordsOf } from './text-tokens.js'

/** A quotation the model offers as evidence. */
export interface Citation {
  text: string
  role: CitationRole
}

/** Below these, a quotation proves nothing (« surveillance », « état stable »). */
export const MIN_QUOTATION_WORDS = 3
export const MIN_QUOTATION_CHARS = 10
/** Exact occurrences tried before giving up on the ones that follow, e.g. a phrase repeated all over a record. */
const MAX_OCCURRENCES = 20

/** The edit budget of an approximate match: 4 % of the quotation's normalised length, at least 1. */
export function maxEditsFor(length: number): number {
  return Math.max(1, Math.ceil(length * 0.04))
}

/** Quotation marks, ellipses and stray punctuation the model put around the copied text are not part of it. */
const FRAMING = /^[\s'.,;:]+|[\s'.,;:]+$/g

function quotationForm(text: string): string {
  return normalizeText(text).text.replace(FRAMING, '')
}

const quoted = (text: string) => `« ${text} »`
const listed = (items: Iterable<string>) => [...items].join(', ') || 'none'

/** What disqualifies an occurrence wherever it is found: a cut word, an instruction around it, a negation before it. */
function placeProblem(record: PreparedRecord, role: CitationRole, view: NormalizedText, from: number, to: number): string | null {
  const text = view.text
  if (from > 0 && isWordChar(text[from - 1]!) && isWordChar(text[from]!)) return 'starts inside a word of the record'
  if (to < text.length && isWordChar(text[to - 1]!) && isWordChar(text[to]!)) return 'ends inside a word of the record'
  const { start, end } = toOriginalRange(view, from, to)
  const instruction = overlapsAny(start, end, record.instructionSpans)
  if (instruction) return `taken from an instruction-like passage of the record (${quoted(instruction.trigger)})`
  if (role === 'supports') {
    const negation = negationJustBefore(record.original, start)
    if (negation) return `the record negates it: ${quoted(negation)} comes just before`
  }
  return null
}

/** Each position of `text` → the index of the word it belongs to, -1 between words. */
function wordIndexes(text: string): Int32Array {
  const index = new Int32Array(text.length).fill(-1)
  let word = -1
  for (let i = 0; i < text.length; i++) {
    if (!isWordChar(text[i]!)) continue
    if (i === 0 || !isWordChar(text[i - 1]!)) word++
    index[i] = word
  }
  return index
}

/**
 * The word of the quotation changed by more than one character, if any: OCR noise touches a character here and there
 * and spacing or punctuation anywhere, while « stable » for « instable » or an added « pas » changes the meaning.
 * `edits` align the folded quotation; `quotation` names the word as the model wrote it.
 */
function rewrittenWord(quotation: string, foldedQuotation: string, edits: Edit[]): string | null {
  const wordAt = wordIndexes(foldedQuotation)
  const foldedWords = wordsOf(foldedQuotation)
  const plainWords = wordsOf(quotation)
  const words = plainWords.length === foldedWords.length ? plainWords : foldedWords
  const wordNear = (...positions: number[]) => positions.map((at) => wordAt[at] ?? -1).find((w) => w >= 0)
  const counts = new Map<string, number>()
  for (const edit of edits) {
    const chars = edit.kind === 'substitute' ? [edit.patternChar, edit.textChar] : [edit.kind === 'delete' ? edit.patternChar : edit.textChar]
    if (!chars.some(isWordChar)) continue
    // an inserted letter belongs to the word it touches; a changed one to its own word, or to a neighbour for a space
    const word = edit.kind === 'insert' ? wordNear(edit.at - 1, edit.at) : wordNear(edit.at, edit.at - 1, edit.at + 1)
    const key = word === undefined ? `gap ${edit.at}` : `word ${word}`
    const count = (counts.get(key) ?? 0) + 1
    counts.set(key, count)
    if (count > 1) return word === undefined ? 'a word absent from the quotation' : quoted(words[word]!)
  }
  return null
}

/** What an approximate occurrence must keep from the record: every number, every negation, every word but for OCR noise. */
function contentProblem(quotation: string, foldedQuotation: string, record: PreparedRecord, from: number, to: number): string | null {
  const { start, end } = toOriginalRange(record.folded, from, to)
  const found = normalizeText(record.original.slice(start, end)).text
  const quotedNumbers = numbersOf(quotation)
  const recordNumbers = numbersOf(found)
  if (quotedNumbers.join(' ') !== recordNumbers.join(' ')) {
    return `its numbers differ from the record's (quoted: ${listed(quotedNumbers)}; record: ${listed(recordNumbers)})`
  }
  const quotedNegations = negationsIn(quotation)
  const recordNegations = negationsIn(found)
  if (!sameNegations(quotedNegations, recordNegations)) {
    return `its negations differ from the record's (quoted: ${listed(quotedNegations)}; record: ${listed(recordNegations)})`
  }
  const word = rewrittenWord(quotation, foldedQuotation, alignEdits(foldedQuotation, record.folded.text.slice(from, to)))
  if (word) return `${word} differs from the record by more than one character`
  return null
}

function failed(citation: Citation, reason: string): VerifiedCitation {
  return { text: citation.text, role: citation.role, verification: 'failed', start: null, end: null, reason }
}

/**
 * Checks that a quotation is literally in the record. `exact`: its normalised form occurs in the normalised record.
 * `approximate`: it occurs within a few edits (4 % of its length; OCR confusions free) with the same numbers, the same
 * negations and no word changed by more than a character. Either way the occurrence must not cut a word, lie in an
 * instruction-like passage, or, for a supporting quotation, follow closely a negation. Otherwise `failed`, with why.
 * Offsets point into the record as received.
 */
export function verifyQuotation(record: PreparedRecord, citation: Citation): VerifiedCitation {
  const quotation = quotationForm(citation.text)
  if (wordsOf(quotation).length < MIN_QUOTATION_WORDS || quotation.length < MIN_QUOTATION_CHARS) {
    return failed(citation, `too short to prove anything (under ${MIN_QUOTATION_WORDS} words or ${MIN_QUOTATION_CHARS} characters)`)
  }
  let firstProblem: string | null = null
  const plain = record.normalized
  let tried = 0
  for (let at = plain.text.indexOf(quotation); at >= 0 && tried < MAX_OCCURRENCES; at = plain.text.indexOf(quotation, at + 1), tried++) {
    const problem = placeProblem(record, citation.role, plain, at, at + quotation.length)
    if (!problem) return { text: citation.text, role: citation.role, verification: 'exact', ...toOriginalRange(plain, at, at + quotation.length) }
    firstProblem ??= problem
  }
  const foldedQuotation = foldOcrConfusions(normalizeText(quotation)).text
  const maxEdits = maxEditsFor(foldedQuotation.length)
  for (const match of findApproximate(record.folded.text, foldedQuotation, maxEdits)) {
    const problem =
      placeProblem(record, citation.role, record.folded, match.start, match.end) ??
      contentProblem(quotation, foldedQuotation, record, match.start, match.end)
    if (!problem) {
      const reason = match.edits
        ? `${match.edits} character edit${match.edits > 1 ? 's' : ''} from the record (at most ${maxEdits} allowed; OCR confusions not counted)`
        : 'equal to the record once OCR confusions (I/l/1, O/0, rn/m) are folded'
      return { text: citation.text, role: citation.role, verification: 'approximate', ...toOriginalRange(record.folded, match.start, match.end), reason }
    }
    firstProblem ??= problem
  }
  return failed(citation, firstProblem ?? 'not found in the record, even approximately')
}
