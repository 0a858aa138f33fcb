import { CRITERION_IDS, RESERVE_VOCABULARY, RULES_VOCABULARY, SCOPE_VOCABULARY, type CriterionId, type CriterionVocabulary } from './criteria.js'
import { decideFromModelOutput } from './decide-from-model-output.js'
import type { VerifiedDecision } from './decision-result.js'
import { findInstructionSpans, overlapsAny, type InstructionSpan } from './instructions.js'
import type { ModelCitation, ModelCriterion, ModelOutput } from './model-output.js'
import { negationJustBefore, negationsIn } from './negation.js'
import { normalizeText, toOriginalRange, type NormalizedText } from './normalize.js'
import { sanitizeRecordText } from './sanitize.js'
import { SENTENCE_LINE_BREAK } from './sentences.js'
import { wordsOf } from './text-tokens.js'
import { MIN_QUOTATION_CHARS, MIN_QUOTATION_WORDS } from './verify-quotation.js'

/** A clause of the record: [start, end) in the sanitised text, inside sentence number `sentence`. */
interface Clause {
  start: number
  end: number
  sentence: number
}

/** A passage proposed as a quotation, with the clause that made it evidence and its rank. */
interface Candidate {
  text: string
  start: number
  score: number
  keywords: string[]
}

const MAX_SUPPORTS = 3
const MAX_REFUTATIONS = 3
const CLAUSE_END = new RegExp(String.raw`[.!?](?=\s|$)|[;«»()]|[:,](?=\s)|${SENTENCE_LINE_BREAK}`, 'gu')
const SENTENCE_END = /[.!?\n\r]/

function clausesOf(text: string): Clause[] {
  const clauses: Clause[] = []
  let sentence = 0
  let from = 0
  const close = (to: number) => {
    let start = from
    let end = to
    while (start < end && /\s/.test(text[start]!)) start++
    while (end > start && /\s/.test(text[end - 1]!)) end--
    if (end > start) clauses.push({ start, end, sentence })
  }
  for (const m of text.matchAll(CLAUSE_END)) {
    close(m.index)
    if (SENTENCE_END.test(m[0])) sentence++
    from = m.index + m[0].length
  }
  close(text.length)
  return clauses
}

const isLongEnough = (text: string) => {
  const normalized = normalizeText(text).text
  return wordsOf(normalized).length >= MIN_QUOTATION_WORDS && normalized.length >= MIN_QUOTATION_CHARS
}

/** The clause as a quotation, widened over its neighbours in the same sentence until it is long enough to count. */
function quotationAround(text: string, clauses: Clause[], index: number): { start: number; end: number } | null {
  let first = index
  let last = index
  const span = () => text.slice(clauses[first]!.start, clauses[last]!.end)
  const sameSentence = (i: number) => clauses[i] !== undefined && clauses[i]!.sentence === clauses[index]!.sentence
  while (!isLongEnough(span())) {
    if (sameSentence(first - 1)) first--
    else if (sameSentence(last + 1)) last++
    else return null
  }
  return { start: clauses[first]!.start, end: clauses[last]!.end }
}

/** The passages of `original` where `pattern` matches its normalised form, as written in `original`. */
function matchesOf(pattern: RegExp, original: string, normalized: NormalizedText): string[] {
  pattern.lastIndex = 0
  return [...normalized.text.matchAll(pattern)].map((m) => {
    const { start, end } = toOriginalRange(normalized, m.index, m.index + m[0].length)
    return original.slice(start, end)
  })
}

interface CriterionEvidence {
  supports: Candidate[]
  refutes: Candidate[]
}

function gatherEvidence(text: string, clauses: Clause[], instructions: InstructionSpan[], vocabulary: CriterionVocabulary): CriterionEvidence {
  const evidence: CriterionEvidence = { supports: [], refutes: [] }
  clauses.forEach((clause, index) => {
    if (overlapsAny(clause.start, clause.end, instructions)) return
    const original = text.slice(clause.start, clause.end)
    const normalized = normalizeText(original)
    const refuting = matchesOf(vocabulary.refutes, original, normalized)
    const strong = refuting.length ? [] : matchesOf(vocabulary.strong, original, normalized)
    if (!refuting.length && !strong.length) return
    const supporting = !refuting.length && negationsIn(normalized.text).size === 0 && !negationJustBefore(text, clause.start)
    if (!refuting.length && !supporting) return
    const quotation = quotationAround(text, clauses, index)
    if (!quotation || overlapsAny(quotation.start, quotation.end, instructions)) return
    const keywords = refuting.length ? refuting : strong
    const score = 2 * keywords.length + matchesOf(vocabulary.weak, original, normalized).length
    const candidate = { text: text.slice(quotation.start, quotation.end), start: quotation.start, score, keywords }
    if (evidence.refutes.concat(evidence.supports).some((c) => c.text === candidate.text)) return
    ;(refuting.length ? evidence.refutes : evidence.supports).push(candidate)
  })
  return evidence
}

const best = (candidates: Candidate[], n: number) => [...candidates].sort((a, b) => b.score - a.score || a.start - b.start).slice(0, n)
const cite = (candidates: Candidate[], role: ModelCitation['role']): ModelCitation[] => candidates.map((c) => ({ texte: c.text, role }))
const listed = (candidates: Candidate[]) => [...new Set(candidates.flatMap((c) => c.keywords.map((k) => k.toLowerCase())))].map((k) => `« ${k} »`).join(', ')

function judgeCriterion(evidence: CriterionEvidence): ModelCriterion {
  const supports = best(evidence.supports, MAX_SUPPORTS)
  const refutes = best(evidence.refutes, MAX_REFUTATIONS)
  const citations = [...cite(refutes, 'REFUTE'), ...cite(supports, 'SOUTIENT')]
  if (refutes.length && supports.length) {
    return { statut: 'INDETERMINE', raisonnement: `Règles : éléments contraires (${listed(refutes)}) et favorables (${listed(supports)}).`, citations }
  }
  if (refutes.length) return { statut: 'NON_REMPLI', raisonnement: `Règles : fait explicite contre le critère (${listed(refutes)}).`, citations }
  if (supports.length) return { statut: 'REMPLI', raisonnement: `Règles : le dossier mentionne ${listed(supports)}.`, citations }
  return { statut: 'INDETERMINE', raisonnement: 'Règles : aucun passage du dossier ne relève du vocabulaire de ce critère.', citations }
}

/** Whether `pattern` occurs in the record outside instruction-like passages. */
function mentions(text: string, instructions: InstructionSpan[], pattern: RegExp): boolean {
  const normalized = normalizeText(text)
  pattern.lastIndex = 0
  for (const m of normalized.text.matchAll(pattern)) {
    const start = normalized.starts[m.index]!
    const end = normalized.ends[m.index + m[0].length - 1]!
    if (!overlapsAny(start, end, instructions)) return true
  }
  return false
}

function judgeReserve(evidence: CriterionEvidence): ModelOutput['reserve_hospitaliere'] {
  const supports = best(evidence.supports, MAX_SUPPORTS)
  const refutes = best(evidence.refutes, MAX_REFUTATIONS)
  if (supports.length && !refutes.length) return { statut: 'OUI', citations: cite(supports, 'SOUTIENT') }
  if (refutes.length && !supports.length) return { statut: 'NON', citations: cite(refutes, 'REFUTE') }
  return { statut: 'INCONNU', citations: [...cite(refutes, 'REFUTE'), ...cite(supports, 'SOUTIENT')] }
}

function modelDecisionOf(criteria: ModelCriterion[], reserve: ModelOutput['reserve_hospitaliere']): ModelOutput['decision_modele'] {
  if (reserve.statut === 'OUI' || criteria.every((c) => c.statut === 'REMPLI')) return 'GHS'
  if (criteria.some((c) => c.statut === 'NON_REMPLI')) return 'FORFAIT_URGENCES'
  return 'A_REVOIR'
}

/**
 * The `rules` provider: a heuristic, not a reader. It needs no model and answers in the model's contract, so its
 * answer goes through the same verifier and decision code. It splits the record into clauses, takes as supporting a
 * clause holding a criterion's vocabulary (surveillance, risque, incertain, scanner, bilan, perfusion, IV…) with no
 * negation in or just before it, and as refuting a clause stating an explicit fact against the criterion (« aucune
 * surveillance », « état stable », « sortie à H+2 », « faute de box disponible »…). A criterion with refutations only
 * is not met, with support only is met, with both or neither is undetermined. Instruction-like passages are skipped.
 * It is the offline default and the baseline a model is measured against; it does not understand the record.
 */
export function proposeByRules(recordText: string): ModelOutput {
  const text = sanitizeRecordText(recordText).text
  const clauses = clausesOf(text)
  const instructions = findInstructionSpans(text)
  const judged = Object.fromEntries(
    CRITERION_IDS.map((id: CriterionId) => [id, judgeCriterion(gatherEvidence(text, clauses, instructions, RULES_VOCABULARY[id]))]),
  ) as Record<CriterionId, ModelCriterion>
  const reserve = judgeReserve(gatherEvidence(text, clauses, instructions, RESERVE_VOCABULARY))
  const mcoFollowed = mentions(text, instructions, SCOPE_VOCABULARY.mcoAdmission)
  return {
    perimetre: {
      admission_uhcd: mentions(text, instructions, SCOPE_VOCABULARY.uhcd) ? 'OUI' : 'INCONNU',
      hospitalisation_mco_apres: mcoFollowed ? 'OUI' : mentions(text, instructions, SCOPE_VOCABULARY.homeDischarge) ? 'NON' : 'INCONNU',
    },
    preuve_critere1: judged[1],
    preuve_critere2: judged[2],
    preuve_critere3: judged[3],
    reserve_hospitaliere: reserve,
    decision_modele: modelDecisionOf([judged[1], judged[2], judged[3]], reserve),
  }
}

/** The rules provider's proposal, verified and decided by the same code as a model's. */
export function decideByRules(recordText: string): { output: ModelOutput; decision: VerifiedDecision } {
  const output = proposeByRules(recordText)
  return { output, decision: decideFromModelOutput(recordText, output) }
}
