/**
 * Invisible characters that can hide or reorder text for a human reader while a model still reads it: zero-width
 * characters (U+200B–U+200D, U+2060, U+FEFF) and bidi controls (U+200E/F, U+061C, U+202A–U+202E, U+2066–U+2069).
 */
export function isInvisibleControl(code: number): boolean {
  return (
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069) ||
    code === 0x2060 ||
    code === 0xfeff ||
    code === 0x061c
  )
}

export interface SanitizedRecord {
  text: string
  /** how many invisible control characters were removed (0: the text is unchanged) */
  removed: number
}

/** The record as the model may see it: every invisible control character removed, nothing else changed. */
export function sanitizeRecordText(text: string): SanitizedRecord {
  let clean = ''
  let kept = 0
  let removed = 0
  for (let i = 0; i < text.length; i++) {
    if (!isInvisibleControl(text.charCodeAt(i))) continue
    clean += text.slice(kept, i)
    kept = i + 1
    removed++
  }
  return removed ? { text: clean + text.slice(kept), removed } : { text, removed }
}
