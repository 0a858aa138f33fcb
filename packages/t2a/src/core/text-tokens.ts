import { isLetter } from './normalize.js'

/** The words of a normalised text: maximal runs of letters and digits. */
export function wordsOf(normalized: string): string[] {
  return normalized.split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '')
}

const isDigit = (char: string | undefined) => char !== undefined && char >= '0' && char <= '9'

/**
 * The numbers of a normalised text, in order: each run of digits, with its sign when one is attached (H+2 → +2,
 * J-1 → -1, but 10-12 → 10, 12). Separators split numbers (23h15, 23:15 and 23 h 15 all give 23, 15), so spacing and
 * time notation do not matter while every digit does. Digits inside a word (c0nsultation) are OCR-confused letters.
 */
export function numbersOf(normalized: string): string[] {
  const numbers: string[] = []
  let i = 0
  while (i < normalized.length) {
    if (!isDigit(normalized[i])) {
      i++
      continue
    }
    const start = i
    while (isDigit(normalized[i])) i++
    const before = normalized[start - 1]
    const after = normalized[i]
    if (before !== undefined && after !== undefined && isLetter(before) && isLetter(after)) continue
    const signed = (before === '+' || before === '-') && !isDigit(normalized[start - 2])
    numbers.push((signed ? before : '') + normalized.slice(start, i))
  }
  return numbers
}
