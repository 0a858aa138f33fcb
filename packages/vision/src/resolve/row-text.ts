import { normalizeForMatch } from '../ocr/text-match.js'
import type { OcrWord, Rect } from '../types.js'

/** The words on the same line as a box: what names the row (the patient, the date) beside identical buttons. */
function rowWords(words: OcrWord[], box: Rect, exclude: string): Set<string> {
  const out = new Set<string>()
  for (const w of words) {
    const cy = w.bbox.y + w.bbox.height / 2
    if (cy < box.y || cy > box.y + box.height) continue
    const n = normalizeForMatch(w.text)
    if (n.length >= 3 && n !== exclude) out.add(n)
  }
  return out
}

/**
 * For each look-alike, the share of the recorded row's words found on its row now. Unlike pixels, words survive
 * a reflow or a rescaled screen. Answers undefined when the recorded row has no words to compare.
 */
export function rowTextScores(
  recordedWords: OcrWord[],
  recordedBbox: Rect,
  currentWords: OcrWord[],
  candidates: { bbox: Rect }[],
  targetText = '',
): number[] | undefined {
  const exclude = normalizeForMatch(targetText)
  const recorded = rowWords(recordedWords, recordedBbox, exclude)
  if (recorded.size === 0) return undefined
  return candidates.map(({ bbox }) => {
    const now = rowWords(currentWords, bbox, exclude)
    let shared = 0
    for (const w of recorded) if (now.has(w)) shared++
    return shared / recorded.size
  })
}
