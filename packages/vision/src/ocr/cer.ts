import { editDistance } from './edit-distance.js'

const normalizeWhitespace = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim()

/**
 * Character error rate: edit distance between the known and the recognised text over the known text's length, after
 * collapsing whitespace (line breaks count as one space). Case, accents and punctuation count.
 */
export function characterErrorRate(expected: string, actual: string): number {
  const reference = normalizeWhitespace(expected)
  const hypothesis = normalizeWhitespace(actual)
  if (reference.length === 0) return hypothesis.length === 0 ? 0 : 1
  return editDistance(reference, hypothesis) / Array.from(reference).length
}
