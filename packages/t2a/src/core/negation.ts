import { normalizeText } from './normalize.js'
import { SENTENCE_LINE_BREAK } from './sentences.js'
import { wordsOf } from './text-tokens.js'

/**
 * Negation words of the brief (pas, aucun, aucune, sans, non, ni, absence, négatif), each with its inflections, plus
 * jamais and rien; mapped to one form so that « négatifs » and « négatif » count as the same negation.
 */
const NEGATIONS: Record<string, string> = {
  pas: 'pas',
  aucun: 'aucun',
  aucune: 'aucun',
  aucuns: 'aucun',
  aucunes: 'aucun',
  sans: 'sans',
  non: 'non',
  ni: 'ni',
  absence: 'absence',
  absences: 'absence',
  negatif: 'negatif',
  negative: 'negatif',
  negatifs: 'negatif',
  negatives: 'negatif',
  jamais: 'jamais',
  rien: 'rien',
}

/** The negations a normalised text contains, by their base form. */
export function negationsIn(normalized: string): Set<string> {
  const found = new Set<string>()
  for (const word of wordsOf(normalized)) {
    const negation = NEGATIONS[word]
    if (negation) found.add(negation)
  }
  return found
}

export function sameNegations(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((n) => b.has(n))
}

/** How far back a negation still governs a quotation (« pas de nécessité d'une surveillance »), elided articles aside. */
export const NEGATION_REACH_WORDS = 4
const CONTEXT_CHARS = 160
const CLAUSE_BOUNDARY = new RegExp(String.raw`[.!?;:]|${SENTENCE_LINE_BREAK}`, 'gu')

/**
 * The negation word among the few words just before `start` in the original text, within the same sentence, or null.
 * A supporting quotation that follows one (« Aucune surveillance » quoted as « surveillance ») is suspect.
 */
export function negationJustBefore(original: string, start: number): string | null {
  const floor = Math.max(0, start - CONTEXT_CHARS)
  let from = floor
  // one character past `start`, so that a line break just before it sees how the next line starts
  for (const m of original.slice(floor, start + 1).matchAll(CLAUSE_BOUNDARY)) {
    if (floor + m.index < start) from = Math.min(start, floor + m.index + m[0].length)
  }
  const words = wordsOf(normalizeText(original.slice(from, start)).text)
    .filter((w) => w.length > 1)
    .slice(-NEGATION_REACH_WORDS)
  return words.find((w) => NEGATIONS[w] !== undefined) ?? null
}
