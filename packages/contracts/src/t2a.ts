import Type from 'typebox'
import { Uuid } from './common.js'

/** A T2A decision: the verified result of packages/t2a, as jobs return it and GET /api/v1/t2a/decisions/:id shows it. */

export const FINAL_DECISIONS = ['ghs', 'forfait_urgence', 'to_review', 'out_of_scope'] as const
export type FinalDecision = (typeof FINAL_DECISIONS)[number]
export const MODEL_DECISIONS = ['ghs', 'forfait_urgence', 'to_review'] as const
export type ModelDecision = (typeof MODEL_DECISIONS)[number]
export const CRITERION_STATUSES = ['met', 'not_met', 'undetermined'] as const
export type CriterionStatus = (typeof CRITERION_STATUSES)[number]
export const VERIFICATIONS = ['exact', 'approximate', 'failed'] as const
export type Verification = (typeof VERIFICATIONS)[number]
export const CITATION_ROLES = ['supports', 'refutes'] as const
export type CitationRole = (typeof CITATION_ROLES)[number]
export const RESERVE_STATUSES = ['yes', 'no', 'unknown'] as const
export type ReserveStatus = (typeof RESERVE_STATUSES)[number]

export const DECISION_FLAGS = [
  'instruction_in_record',
  'hidden_characters_in_record',
  'degraded_ocr',
  'reserve_hospitaliere_dim_check',
] as const
export type DecisionFlag = (typeof DECISION_FLAGS)[number]

const offset = (description: string) => Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { description })

export const VerifiedCitation = Type.Object(
  {
    text: Type.String({ description: 'the quotation as the model gave it' }),
    role: Type.Enum(CITATION_ROLES),
    verification: Type.Enum(VERIFICATIONS),
    start: offset('where the quoted text starts in record_text, in UTF-16 units; null when failed'),
    end: offset('where it ends, exclusive; null when failed'),
    reason: Type.Optional(Type.String({ description: 'why the quotation is approximate or failed' })),
  },
  { additionalProperties: false },
)
export type VerifiedCitation = Type.Static<typeof VerifiedCitation>

export const CriterionResult = Type.Object(
  {
    id: Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3)]),
    status: Type.Enum(CRITERION_STATUSES, {
      description: 'established in code: met/not_met only when the model says so with a verified supporting/refuting quotation',
    }),
    model_status: Type.Enum(CRITERION_STATUSES, { description: "the model's own claim, for information" }),
    reasoning: Type.String(),
    citations: Type.Array(VerifiedCitation),
    evidence: Type.String({
      description: 'the verified quotations that establish the status, copied from the record (« … » joined by " ; "), for a coding form; empty when undetermined',
    }),
  },
  { additionalProperties: false },
)
export type CriterionResult = Type.Static<typeof CriterionResult>

export const ReserveResult = Type.Object(
  { status: Type.Enum(RESERVE_STATUSES, { description: "the model's claim" }), citations: Type.Array(VerifiedCitation) },
  { additionalProperties: false },
)
export type ReserveResult = Type.Static<typeof ReserveResult>

export const VerifiedDecision = Type.Object(
  {
    final_decision: Type.Enum(FINAL_DECISIONS, { description: 'computed in code from the verified evidence' }),
    decision_reason: Type.String({ description: 'which rule of the decision order applied, and on what' }),
    model_decision: Type.Enum(MODEL_DECISIONS, { description: "the model's own decision, for information only" }),
    criteria: Type.Array(CriterionResult),
    reserve_hospitaliere: ReserveResult,
    flags: Type.Array(Type.Enum(DECISION_FLAGS)),
  },
  { additionalProperties: false },
)
export type VerifiedDecision = Type.Static<typeof VerifiedDecision>

/** llm.t2a_decision job result: the decision, and which stored decision row holds it with the raw model outputs. */
export const T2aDecisionResult = Type.Object(
  {
    ...VerifiedDecision.properties,
    id: Uuid,
    provider: Type.String(),
    model: Type.Union([Type.String(), Type.Null()]),
    attempts: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
)
export type T2aDecisionResult = Type.Static<typeof T2aDecisionResult>

export const CreateT2aDecisionBody = Type.Object(
  {
    record_text: Type.String({ minLength: 1, maxLength: 500_000, description: 'the patient record, as read (OCR or copy)' }),
    stay: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'stay facts when known (arrival, UHCD admission, discharge…)' })),
  },
  { additionalProperties: false },
)
export type CreateT2aDecisionBody = Type.Static<typeof CreateT2aDecisionBody>
export const CreateT2aDecisionResponse = Type.Object({ id: Uuid, status: Type.Literal('pending') })

export const T2A_DECISION_STATUSES = ['pending', 'done', 'error'] as const
export const T2aDecision = Type.Object({
  id: Uuid,
  status: Type.Union([Type.Literal('pending'), Type.Literal('done'), Type.Literal('error')]),
  error: Type.Union([Type.String(), Type.Null()]),
  final_decision: Type.Union([Type.Enum(FINAL_DECISIONS), Type.Null()]),
  decision_reason: Type.Union([Type.String(), Type.Null()]),
  model_decision: Type.Union([Type.Enum(MODEL_DECISIONS), Type.Null()]),
  criteria: Type.Array(CriterionResult),
  reserve_hospitaliere: Type.Union([ReserveResult, Type.Null()]),
  flags: Type.Array(Type.String()),
  provider: Type.String(),
  model: Type.Union([Type.String(), Type.Null()]),
  attempts: Type.Integer(),
  created_at: Type.String(),
  finished_at: Type.Union([Type.String(), Type.Null()]),
})
export type T2aDecision = Type.Static<typeof T2aDecision>
