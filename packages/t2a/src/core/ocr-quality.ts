/**
 * Signs that a record was read from screen badly, measured on its text alone:
 * - garbage: characters that are neither letters, digits, whitespace nor ordinary punctuation (~ ^ \ { } ¬ ¦ …),
 *   over 3 % of the non-space characters;
 * - isolated letters: one-letter words other than French ones (a, à, y) and units after a number (1 g), over 8 % of
 *   the words (a line OCR has shattered into « s u r v e i l l a n c e »);
 * - digits inside words: a digit between two letters (« c0nsultation »), over 3 % of the words.
 * Each needs a minimum count, so that one stray symbol in a short record is not enough.
 */
export interface OcrQuality {
  garbageRatio: number
  isolatedLetterRatio: number
  digitInWordRatio: number
  degraded: boolean
}

const ORDINARY = /[\p{L}\p{N}\s.,;:!?'"«»“”‘’()[\]/+\-–—%°*&@#=<>…_€$]/u
const FRENCH_ONE_LETTER_WORDS = new Set(['a', 'à', 'y', 'A', 'À', 'Y'])
const GARBAGE = { ratio: 0.03, min: 8 }
const ISOLATED = { ratio: 0.08, min: 5 }
const DIGIT_IN_WORD = { ratio: 0.03, min: 3 }

export function assessOcrQuality(text: string): OcrQuality {
  let visible = 0
  let garbage = 0
  for (const char of text) {
    if (/\s/u.test(char)) continue
    visible++
    if (!ORDINARY.test(char)) garbage++
  }
  const words = text.split(/\s+/).map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')).filter((w) => w !== '')
  let isolated = 0
  let digitInWord = 0
  words.forEach((word, i) => {
    if (/^\p{L}$/u.test(word) && !FRENCH_ONE_LETTER_WORDS.has(word) && !/\d$/.test(words[i - 1] ?? '')) isolated++
    if (/\p{L}\d+\p{L}/u.test(word)) digitInWord++
  })
  const garbageRatio = visible ? garbage / visible : 0
  const isolatedLetterRatio = words.length ? isolated / words.length : 0
  const digitInWordRatio = words.length ? digitInWord / words.length : 0
  const degraded =
    (garbage >= GARBAGE.min && garbageRatio > GARBAGE.ratio) ||
    (isolated >= ISOLATED.min && isolatedLetterRatio > ISOLATED.ratio) ||
    (digitInWord >= DIGIT_IN_WORD.min && digitInWordRatio > DIGIT_IN_WORD.ratio)
  return { garbageRatio, isolatedLetterRatio, digitInWordRatio, degraded }
}
