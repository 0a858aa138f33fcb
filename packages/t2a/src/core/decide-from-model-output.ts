import { CRITERION_IDS } from './criteria.js'
import { computeFinalDecision, DECISION_FROM_MODEL, establishCriterion, RESERVE_FROM_MODEL, ROLE_FROM_MODEL } from './decide.js'
import type { DecisionFlag, VerifiedCitation, VerifiedDecision } from './decision-result.js'
import type { ModelCitation, ModelOutput } from './model-output.js'
import { assessOcrQuality } from './ocr-quality.js'
import { prepareRecord, type PreparedRecord } from './record.js'
import { sanitizeRecordText } from './sanitize.js'
import { verifyQuotation } from './verify-quotation.js'

function verifyAll(record: PreparedRecord, citations: ModelCitation[]): VerifiedCitation[] {
  return citations.map((c) => verifyQuotation(record, { text: c.texte, role: ROLE_FROM_MODEL[c.role] }))
}

/**
 * Turns a model's answer (or the rules provider's) into the verified decision: every quotation checked against the
 * record, the final decision computed in code. Quotations are matched on the record stripped of its invisible
 * controls (the text the model was shown); offsets point into `recordText` as received, for highlighting.
 */
export function decideFromModelOutput(recordText: string, output: ModelOutput): VerifiedDecision {
  const { removed } = sanitizeRecordText(recordText)
  const record = prepareRecord(recordText)
  const criteria = CRITERION_IDS.map((id) => {
    const claim = output[`preuve_critere${id}`]
    return establishCriterion(id, claim, verifyAll(record, claim.citations), recordText)
  })
  const reserve = {
    status: RESERVE_FROM_MODEL[output.reserve_hospitaliere.statut],
    citations: verifyAll(record, output.reserve_hospitaliere.citations),
  }
  const outcome = computeFinalDecision({ perimetre: output.perimetre, criteria, reserve })
  const flags: DecisionFlag[] = []
  if (record.instructionSpans.length) flags.push('instruction_in_record')
  if (removed) flags.push('hidden_characters_in_record')
  if (assessOcrQuality(record.normalized.text).degraded) flags.push('degraded_ocr')
  if (outcome.reserveClause) flags.push('reserve_hospitaliere_dim_check')
  return {
    final_decision: outcome.decision,
    decision_reason: outcome.reason,
    model_decision: DECISION_FROM_MODEL[output.decision_modele],
    criteria,
    reserve_hospitaliere: reserve,
    flags,
  }
}
