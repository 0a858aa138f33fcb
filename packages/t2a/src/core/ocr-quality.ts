/**
 * Signs that a record was read from screen badly, measured on its normalised text (see normalize.ts) alone:
 * - garbage: characters that are neither letters, digits, spaces nor ordinary punctuation (~ ^ \ { } ¬ ¦ …), over 3 %
 *   of the non-space characters;
 * - isolated letters: one-letter words other than the French ones (a, à, y) and units after a number (1 g), over 8 %
 *   of the words (a line OCR has shattered into « s u r v e i l l a n c e »);
 * - digits inside words: a digit between two letters (« c0nsultation »), over 3 % of the words.
 * Each needs a minimum count, so that one stray symbol in a short record is not enough.
 */
export interface OcrQuality {
  garbageRatio: number
  isolatedLetterRatio: number
  digitInWordRatio: number
  degraded: boolean
}

const GARBAGE = { ratio: 0.03, min: 8 }
const ISOLATED = { ratio: 0.08, min: 5 }
const DIGIT_IN_WORD = { ratio: 0.03, min: 3 }

const ORDINARY_ASCII = new Uint8Array(128)
for (let c = 0; c < 128; c++) ORDINARY_ASCII[c] = /[a-zA-Z0-9 .,;:!?'"()[\]/+\-%*&@#=<>_$]/.test(String.fromCharCode(c)) ? 1 : 0
const ORDINARY_OTHER = /[\p{L}\p{N}°€…]/u
const FRENCH_ONE_LETTER_WORDS = new Set(['a', 'y'])
const SINGLE_LETTER = /^[^\p{L}\p{N}]*\p{L}[^\p{L}\p{N}]*$/u
const DIGIT_BETWEEN_LETTERS = /\p{L}\d+\p{L}/u
const ENDS_WITH_NUMBER = /\d[^\p{L}\p{N}]*$/u

function isOrdinary(code: number, char: string): boolean {
  return code < 128 ? ORDINARY_ASCII[code] === 1 : ORDINARY_OTHER.test(char)
}

export function assessOcrQuality(normalized: string): OcrQuality {
  let visible = 0
  let garbage = 0
  for (let i = 0; i < normalized.length; i++) {
    const code = normalized.charCodeAt(i)
    if (code === 32) continue
    visible++
    if (!isOrdinary(code, normalized[i]!)) garbage++
  }
  const words = normalized.split(' ').filter((w) => w !== '')
  let isolated = 0
  let digitInWord = 0
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!
    if (word.length <= 3) {
      const letter = SINGLE_LETTER.test(word) ? word.replace(/[^\p{L}]/gu, '') : ''
      if (letter && !FRENCH_ONE_LETTER_WORDS.has(letter) && !ENDS_WITH_NUMBER.test(words[i - 1] ?? '')) isolated++
    } else if (DIGIT_BETWEEN_LETTERS.test(word)) {
      digitInWord++
    }
  }
  const garbageRatio = visible ? garbage / visible : 0
  const isolatedLetterRatio = words.length ? isolated / words.length : 0
  const digitInWordRatio = words.length ? digitInWord / words.length : 0
  const degraded =
    (garbage >= GARBAGE.min && garbageRatio > GARBAGE.ratio) ||
    (isolated >= ISOLATED.min && isolatedLetterRatio > ISOLATED.ratio) ||
    (digitInWord >= DIGIT_IN_WORD.min && digitInWordRatio > DIGIT_IN_WORD.ratio)
  return { garbageRatio, isolatedLetterRatio, digitInWordRatio, degraded }
}
