// The decision's shape is a contract (jobs, API): it lives in packages/contracts.
export {
  CITATION_ROLES, CRITERION_STATUSES, CriterionResult, DECISION_FLAGS, FINAL_DECISIONS, MODEL_DECISIONS, RESERVE_STATUSES, ReserveResult,
  VERIFICATIONS, VerifiedCitation, VerifiedDecision,
} from '@rpa-vision/contracts'
export type {
  CitationRole, CriterionStatus, DecisionFlag, FinalDecision, ModelDecision, ReserveStatus, Verification,
} from '@rpa-vision/contracts'
