import type { CriterionId } from './criteria.js'
import type {
  CitationRole,
  CriterionResult,
  CriterionStatus,
  FinalDecision,
  ModelDecision,
  ReserveResult,
  ReserveStatus,
  VerifiedCitation,
} from './decision-result.js'
import type { ModelCitation, ModelCriterion, ModelOutput } from './model-output.js'

export const ROLE_FROM_MODEL: Record<ModelCitation['role'], CitationRole> = { SOUTIENT: 'supports', REFUTE: 'refutes' }
export const STATUS_FROM_MODEL: Record<ModelCriterion['statut'], CriterionStatus> = {
  REMPLI: 'met',
  NON_REMPLI: 'not_met',
  INDETERMINE: 'undetermined',
}
export const DECISION_FROM_MODEL: Record<ModelOutput['decision_modele'], ModelDecision> = {
  GHS: 'ghs',
  FORFAIT_URGENCES: 'forfait_urgence',
  A_REVOIR: 'to_review',
}
export const RESERVE_FROM_MODEL: Record<ModelOutput['reserve_hospitaliere']['statut'], ReserveStatus> = {
  OUI: 'yes',
  NON: 'no',
  INCONNU: 'unknown',
}

const verifiedWith = (citations: VerifiedCitation[], role: CitationRole) =>
  citations.find((c) => c.role === role && c.verification !== 'failed')

/**
 * A criterion as established in code: `met` only when the model says so and one of its supporting quotations is
 * verified, `not_met` only when the model says so and one of its refuting quotations is verified; otherwise
 * `undetermined`, whatever the model claimed.
 */
export function establishCriterion(id: CriterionId, claim: ModelCriterion, citations: VerifiedCitation[], recordText?: string): CriterionResult {
  const modelStatus = STATUS_FROM_MODEL[claim.statut]
  let status: CriterionStatus = 'undetermined'
  if (modelStatus === 'met' && verifiedWith(citations, 'supports')) status = 'met'
  if (modelStatus === 'not_met' && verifiedWith(citations, 'refutes')) status = 'not_met'
  return { id, status, model_status: modelStatus, reasoning: claim.raisonnement, citations, evidence: evidenceOf(status, citations, recordText) }
}

/**
 * The quotations that establish the status, as the record writes them (« … » joined by " ; ", line breaks as spaces),
 * ready to be typed into a coding form; empty when the criterion is undetermined. Only verified quotations: a failed one is never evidence.
 */
export function evidenceOf(status: CriterionStatus, citations: VerifiedCitation[], recordText?: string): string {
  const role: CitationRole | undefined = status === 'met' ? 'supports' : status === 'not_met' ? 'refutes' : undefined
  if (!role) return ''
  return citations
    .filter((c) => c.role === role && c.verification !== 'failed')
    .map((c) => (recordText !== undefined && c.start !== null && c.end !== null ? recordText.slice(c.start, c.end) : c.text))
    .map((quote) => `« ${quote.replace(/\s+/g, ' ').trim()} »`)
    .join(' ; ')
}

export interface DecisionEvidence {
  perimetre: ModelOutput['perimetre']
  criteria: CriterionResult[]
  reserve: ReserveResult
}

export interface FinalDecisionOutcome {
  decision: FinalDecision
  reason: string
  /** a GHS on the réserve-hospitalière clause, which the DIM confirms */
  reserveClause: boolean
}

const cut = (text: string) => (text.length > 80 ? `${text.slice(0, 77)}…` : text)

function whyUndetermined(c: CriterionResult): string {
  if (c.model_status === 'met') return `criterion ${c.id}: met per the model, but no supporting quotation verified`
  if (c.model_status === 'not_met') return `criterion ${c.id}: not met per the model, but no refuting quotation verified`
  return `criterion ${c.id}: undetermined per the model`
}

/**
 * The final decision, in the order of T2A.md; the model's own decision plays no part:
 * 1. out_of_scope: not a UHCD stay, or an MCO admission followed;
 * 2. ghs: the réserve-hospitalière clause, with a verified quotation (the DIM confirms);
 * 3. ghs: all three criteria met, each with a verified supporting quotation;
 * 4. forfait_urgence: a criterion not met, with a verified refuting quotation;
 * 5. to_review: anything else, including every criterion whose quotations failed verification.
 */
export function computeFinalDecision(evidence: DecisionEvidence): FinalDecisionOutcome {
  const { perimetre, criteria, reserve } = evidence
  if (perimetre.admission_uhcd === 'NON') return { decision: 'out_of_scope', reason: 'not a UHCD stay', reserveClause: false }
  if (perimetre.hospitalisation_mco_apres === 'OUI') {
    return { decision: 'out_of_scope', reason: 'an MCO admission followed the UHCD stay: the MCO stay is billed', reserveClause: false }
  }
  const reserveQuote = reserve.status === 'yes' ? verifiedWith(reserve.citations, 'supports') : undefined
  if (reserveQuote) {
    return { decision: 'ghs', reason: `réserve hospitalière product administered (« ${cut(reserveQuote.text)} »), to be confirmed by the DIM`, reserveClause: true }
  }
  // A GHS also needs no invented evidence: one supporting quotation that fails verification sends it to review.
  const invented = criteria.filter((c) => c.citations.some((q) => q.role === 'supports' && q.verification === 'failed'))
  if (criteria.length === 3 && criteria.every((c) => c.status === 'met')) {
    if (invented.length === 0) {
      return { decision: 'ghs', reason: 'all three criteria met, each with a verified supporting quotation', reserveClause: false }
    }
    const which = invented.map((c) => `criterion ${c.id}: a supporting quotation failed verification`)
    return { decision: 'to_review', reason: which.join('; '), reserveClause: false }
  }
  const notMet = criteria.filter((c) => c.status === 'not_met')
  if (notMet.length) {
    const facts = notMet.map((c) => `criterion ${c.id} (« ${cut(verifiedWith(c.citations, 'refutes')!.text)} »)`)
    return { decision: 'forfait_urgence', reason: `not met with a verified refuting quotation: ${facts.join('; ')}`, reserveClause: false }
  }
  const open = criteria.filter((c) => c.status === 'undetermined').map(whyUndetermined)
  return { decision: 'to_review', reason: open.join('; ') || 'no criterion could be established', reserveClause: false }
}
