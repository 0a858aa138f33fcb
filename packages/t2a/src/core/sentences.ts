/**
 * A line break that ends a sentence. Records are often wrapped (OCR, pasted documents): a line that goes on in lower
 * case continues the sentence before it (« Aucune surveillance\nparticulière requise »).
 */
export const SENTENCE_LINE_BREAK = String.raw`[\n\r]+(?=[ \t]*(?:[^\p{Ll}\s]|$))`

const SENTENCE_END = new RegExp(String.raw`[.!?](?=\s|$)|${SENTENCE_LINE_BREAK}`, 'gu')

/** Where the sentence holding `position` starts, looking back at most `reach` characters; leading spaces skipped. */
export function sentenceStart(text: string, position: number, reach: number): number {
  const floor = Math.max(0, position - reach)
  let start = floor
  // one character past `position`, so that a line break just before it sees how the next line starts
  for (const m of text.slice(floor, position + 1).matchAll(SENTENCE_END)) {
    if (floor + m.index < position) start = Math.min(position, floor + m.index + m[0].length)
  }
  while (start < position && /\s/.test(text[start]!)) start++
  return start
}

/** Where the sentence holding `position` ends (its full stop included), looking ahead at most `reach` characters. */
export function sentenceEnd(text: string, position: number, reach: number): number {
  const ceiling = Math.min(text.length, position + reach)
  const at = text.slice(position, ceiling).search(SENTENCE_END)
  if (at < 0) return ceiling
  return position + at + ('.!?'.includes(text[position + at]!) ? 1 : 0)
}
