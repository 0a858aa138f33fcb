import Type from 'typebox'
import { Rect, Screen, Sha256, Uuid } from './common.js'
import { T2aDecisionResult } from './t2a.js'

/** Job payloads carry image references (sha256 in the image store), never image bytes. */
const JobTimeoutMs = Type.Optional(Type.Integer({ minimum: 100, maximum: 600_000, description: "this job's own timeout per attempt (the worker's default when absent)" }))
export const ResolveCandidate = Type.Object({
  x: Type.Number(),
  y: Type.Number(),
  bbox: Rect,
  score: Type.Number(),
  method: Type.String(),
  scale: Type.Optional(Type.Number()),
  rejected_because: Type.Optional(Type.String()),
})

export const VisionResolvePayload = Type.Object({
  screenshot_sha256: Sha256,
  anchor: Type.Object({
    image_sha256: Sha256,
    bbox: Type.Optional(Rect),
    screen: Type.Optional(Screen),
    target_text: Type.Optional(Type.String()),
    screenshot_sha256: Type.Optional(Sha256),
  }),
  visual_mode: Type.Optional(Type.Union([Type.Literal('auto'), Type.Literal('template'), Type.Literal('text')])),
  screen_scale: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 8, description: 'display scaling of the screenshot now (1.25 = 125 %), when the agent knows it: the matcher tries that scale first' })),
  timeout_ms: JobTimeoutMs,
})
export type VisionResolvePayload = Type.Static<typeof VisionResolvePayload>

export const VisionResolveResult = Type.Object({
  found: Type.Boolean(),
  x: Type.Union([Type.Number(), Type.Null()]),
  y: Type.Union([Type.Number(), Type.Null()]),
  bbox: Type.Union([Rect, Type.Null()]),
  score: Type.Number(),
  method: Type.String(),
  scale: Type.Union([Type.Number(), Type.Null()]),
  candidates: Type.Array(ResolveCandidate),
  reason: Type.Union([Type.String(), Type.Null()]),
})
export type VisionResolveResult = Type.Static<typeof VisionResolveResult>

export const OcrWord = Type.Object({ text: Type.String(), bbox: Rect, confidence: Type.Number() })
export type OcrWord = Type.Static<typeof OcrWord>

export const VisionExtractTextPayload = Type.Object({
  image_sha256: Sha256,
  region: Type.Optional(Rect),
  clip: Type.Optional(Type.Boolean({ description: 'clip a region that runs past the image to the image (else it is refused)' })),
  timeout_ms: JobTimeoutMs,
})
export type VisionExtractTextPayload = Type.Static<typeof VisionExtractTextPayload>
export const VisionExtractTextResult = Type.Object({ text: Type.String(), words: Type.Array(OcrWord) })
export type VisionExtractTextResult = Type.Static<typeof VisionExtractTextResult>

export const VisionDetectPayload = Type.Object({ image_sha256: Sha256, region: Type.Optional(Rect) })
export type VisionDetectPayload = Type.Static<typeof VisionDetectPayload>
export const VisionDetectResult = Type.Object({
  detector: Type.String(),
  elements: Type.Array(Type.Object({ bbox: Rect, score: Type.Number() })),
})
export type VisionDetectResult = Type.Static<typeof VisionDetectResult>

export const T2aDecisionPayload = Type.Object({
  record_text: Type.String({ maxLength: 500_000 }),
  stay: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  timeout_ms: JobTimeoutMs,
  /** the decision row the API created; absent for a replay step (the worker creates one) */
  decision_id: Type.Optional(Uuid),
})
export type T2aDecisionPayload = Type.Static<typeof T2aDecisionPayload>
/** The queues, each with its payload and result. BullMQ queue names may not contain ':'. */
export const JOBS = {
  'vision.resolve': { payload: VisionResolvePayload, result: VisionResolveResult },
  'vision.extract_text': { payload: VisionExtractTextPayload, result: VisionExtractTextResult },
  'vision.detect': { payload: VisionDetectPayload, result: VisionDetectResult },
  'llm.t2a_decision': { payload: T2aDecisionPayload, result: T2aDecisionResult },
} as const

export interface JobTypes {
  'vision.resolve': { payload: VisionResolvePayload; result: VisionResolveResult }
  'vision.extract_text': { payload: VisionExtractTextPayload; result: VisionExtractTextResult }
  'vision.detect': { payload: VisionDetectPayload; result: VisionDetectResult }
  'llm.t2a_decision': { payload: T2aDecisionPayload; result: T2aDecisionResult }
}
export type JobName = keyof JobTypes
export const JOB_NAMES = Object.keys(JOBS) as JobName[]
