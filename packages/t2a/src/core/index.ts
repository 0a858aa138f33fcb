export { CRITERION_IDS, RESERVE_HOSPITALIERE_CLAUSE, RULE_NOTES, UHCD_CRITERIA, type CriterionId } from './criteria.js'
export { isInvisibleControl, sanitizeRecordText, type SanitizedRecord } from './sanitize.js'
export { foldOcrConfusions, normalizeText, toOriginalRange, type NormalizedText, type OriginalRange } from './normalize.js'
export { findInstructionSpans, type InstructionSpan } from './instructions.js'
export { prepareRecord, type PreparedRecord } from './record.js'
export { maxEditsFor, MIN_QUOTATION_CHARS, MIN_QUOTATION_WORDS, verifyQuotation, type Citation } from './verify-quotation.js'
export { assessOcrQuality, type OcrQuality } from './ocr-quality.js'
export {
  MAX_CITATION_CHARS,
  MAX_CITATIONS_PER_LIST,
  MAX_REASONING_CHARS,
  MODEL_OUTPUT_JSON_SCHEMA,
  ModelCitation,
  ModelCriterion,
  ModelOutput,
  parseModelOutput,
  type ModelOutputCheck,
} from './model-output.js'
export * from './decision-result.js'
export {
  computeFinalDecision,
  DECISION_FROM_MODEL,
  establishCriterion,
  evidenceOf,
  RESERVE_FROM_MODEL,
  ROLE_FROM_MODEL,
  STATUS_FROM_MODEL,
  type DecisionEvidence,
  type FinalDecisionOutcome,
} from './decide.js'
export { decideFromModelOutput } from './decide-from-model-output.js'
export { buildPrompt, recordDelimiters, type DecisionPrompt, type PromptOptions } from './prompt.js'
export { decideByRules, proposeByRules } from './rules-provider.js'
