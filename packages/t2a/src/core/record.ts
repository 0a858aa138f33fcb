import { findInstructionSpans, type InstructionSpan } from './instructions.js'
import { foldOcrConfusions, normalizeText, type NormalizedText } from './normalize.js'

/** A record made ready for verifying quotations: built once, then every citation is checked against it. */
export interface PreparedRecord {
  /** the record as received; every offset points into it */
  original: string
  normalized: NormalizedText
  /** `normalized` with OCR confusions folded, for approximate matching */
  folded: NormalizedText
  instructionSpans: InstructionSpan[]
}

export function prepareRecord(original: string): PreparedRecord {
  const normalized = normalizeText(original)
  return { original, normalized, folded: foldOcrConfusions(normalized), instructionSpans: findInstructionSpans(original, normalized) }
}
