import Type from 'typebox'
import { Base64Image, Rect, Sha256, Uuid } from './common.js'

export const REPLAY_STATUSES = ['running', 'succeeded', 'failed', 'cancelled'] as const
export type ReplayStatus = (typeof REPLAY_STATUSES)[number]
export const ReplayStatusSchema = Type.Union([
  Type.Literal('running'), Type.Literal('succeeded'), Type.Literal('failed'), Type.Literal('cancelled'),
])

const AgentId = Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,128}$', description: 'the agent that replays the session' })
const VariableValue = Type.String({ maxLength: 1_000_000 })

export const CreateReplayBody = Type.Object(
  {
    workflow_id: Uuid,
    agent_id: AgentId,
    variables: Type.Optional(Type.Record(Type.String(), VariableValue, { description: 'initial session variables; the ones a type_secret step names are kept encrypted and masked' })),
  },
  { additionalProperties: false },
)
export type CreateReplayBody = Type.Static<typeof CreateReplayBody>

export const CreateReplayResponse = Type.Object({
  session_id: Uuid,
  status: ReplayStatusSchema,
  workflow_id: Uuid,
  workflow_version: Type.Integer(),
  agent_id: Type.String(),
  plan_length: Type.Integer({ description: 'how many actions the workflow compiled to' }),
})
export type CreateReplayResponse = Type.Static<typeof CreateReplayResponse>

/** What an action does, as compiled from its node; `text` keeps its {{variable}} placeholders until delivery. */
export const ACTION_KINDS = ['click', 'type', 'hotkey', 'scroll', 'wait', 'wait_for_anchor', 'extract_text', 't2a_decision'] as const
export type ActionKind = (typeof ACTION_KINDS)[number]
/** Kinds the server runs itself (jobs); the agent never sees them. */
export const SERVER_KINDS: readonly ActionKind[] = ['wait_for_anchor', 'extract_text', 't2a_decision']

export const ACTION_STATES = ['waiting', 'resolving', 'ready', 'leased', 'running', 'done', 'failed', 'cancelled'] as const
export type ActionState = (typeof ACTION_STATES)[number]

export const ResolutionEvidence = Type.Object({
  found: Type.Boolean(),
  method: Type.String(),
  score: Type.Number(),
  x: Type.Union([Type.Number(), Type.Null()]),
  y: Type.Union([Type.Number(), Type.Null()]),
  bbox: Type.Union([Rect, Type.Null()]),
  scale: Type.Union([Type.Number(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  screenshot_sha256: Sha256,
  attempts: Type.Integer({ description: 'resolve jobs run for this action' }),
  candidates: Type.Array(Type.Unknown()),
})
export type ResolutionEvidence = Type.Static<typeof ResolutionEvidence>

/** One action of a session's plan, as GET /replays/:id shows it (secret text masked). */
export const ReplayStep = Type.Object({
  seq: Type.Integer(),
  step_id: Type.String(),
  step_type: Type.String(),
  kind: Type.String(),
  state: Type.String(),
  pre_click: Type.Boolean({ description: 'a click that gives focus before the step types' }),
  text: Type.Optional(Type.String()),
  keys: Type.Optional(Type.Array(Type.String())),
  hint: Type.Union([Type.Object({ x: Type.Integer(), y: Type.Integer() }), Type.Null()], {
    description: "the recorded anchor's centre: the resolver's prior and evidence, never clicked blindly",
  }),
  x: Type.Union([Type.Integer(), Type.Null()]),
  y: Type.Union([Type.Integer(), Type.Null()]),
  resolution: Type.Union([ResolutionEvidence, Type.Null()]),
  lease_expires_at: Type.Union([Type.String(), Type.Null()]),
  lease_count: Type.Integer(),
  result: Type.Union([
    Type.Object({ status: Type.String(), error: Type.Union([Type.String(), Type.Null()]), screenshot_sha256: Type.Union([Sha256, Type.Null()]), at: Type.String() }),
    Type.Null(),
  ]),
  job_attempts: Type.Integer(),
  error: Type.Union([Type.String(), Type.Null()]),
  started_at: Type.Union([Type.String(), Type.Null()]),
  finished_at: Type.Union([Type.String(), Type.Null()]),
})
export type ReplayStep = Type.Static<typeof ReplayStep>

const sessionHead = {
  session_id: Uuid,
  workflow_id: Uuid,
  workflow_version: Type.Integer(),
  workflow_name: Type.String(),
  agent_id: Type.String(),
  status: ReplayStatusSchema,
  reason: Type.Union([Type.String(), Type.Null()]),
  cursor: Type.Integer({ description: 'seq of the current action (plan_length + 1 once every action is done)' }),
  plan_length: Type.Integer(),
  created_by: Type.String(),
  created_at: Type.String(),
  updated_at: Type.String(),
  finished_at: Type.Union([Type.String(), Type.Null()]),
  last_poll_at: Type.Union([Type.String(), Type.Null()]),
}

export const ReplaySummary = Type.Object(sessionHead)
export type ReplaySummary = Type.Static<typeof ReplaySummary>

export const ReplaySession = Type.Object({
  ...sessionHead,
  variables: Type.Record(Type.String(), Type.Unknown(), { description: 'secrets shown as "••••••"' }),
  steps: Type.Array(ReplayStep),
})
export type ReplaySession = Type.Static<typeof ReplaySession>

export const ListReplaysQuery = Type.Object(
  {
    status: Type.Optional(ReplayStatusSchema),
    agent_id: Type.Optional(AgentId),
    workflow_id: Type.Optional(Uuid),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
    offset: Type.Integer({ minimum: 0, default: 0 }),
  },
  { additionalProperties: false },
)
export type ListReplaysQuery = Type.Static<typeof ListReplaysQuery>
export const ReplayList = Type.Object({ items: Type.Array(ReplaySummary), total: Type.Integer() })
export type ReplayList = Type.Static<typeof ReplayList>

const ScreenScale = Type.Number({ exclusiveMinimum: 0, maximum: 8, description: "the agent's display scaling now (1.25 = 125 %): a hint for the matcher" })

export const NextBody = Type.Object(
  {
    session_id: Uuid,
    agent_id: AgentId,
    screenshot: Type.Optional(Base64Image),
    screen_scale: Type.Optional(ScreenScale),
  },
  { additionalProperties: false },
)
export type NextBody = Type.Static<typeof NextBody>

export const DELIVERED_TYPES = ['click', 'type', 'hotkey', 'scroll', 'wait', 'screenshot'] as const
export type DeliveredType = (typeof DELIVERED_TYPES)[number]

/** A concrete action for the agent. `screenshot` carries no seq and no lease: take one, send it with the next poll. */
export const DeliveredAction = Type.Object({
  seq: Type.Union([Type.Integer(), Type.Null()]),
  step_id: Type.String(),
  type: Type.Union([
    Type.Literal('click'), Type.Literal('type'), Type.Literal('hotkey'), Type.Literal('scroll'), Type.Literal('wait'), Type.Literal('screenshot'),
  ]),
  x: Type.Optional(Type.Integer()),
  y: Type.Optional(Type.Integer()),
  button: Type.Optional(Type.Union([Type.Literal('left'), Type.Literal('right'), Type.Literal('middle')])),
  clicks: Type.Optional(Type.Integer()),
  text: Type.Optional(Type.String()),
  secret: Type.Optional(Type.Boolean({ description: 'the text holds a secret: never log or display it' })),
  keys: Type.Optional(Type.Array(Type.String())),
  dx: Type.Optional(Type.Integer()),
  dy: Type.Optional(Type.Integer()),
  ms: Type.Optional(Type.Integer()),
  lease_expires_at: Type.Union([Type.String(), Type.Null()]),
  resolution: Type.Union([Type.Object({ method: Type.String(), score: Type.Number() }), Type.Null()]),
  reason: Type.Optional(Type.String({ description: 'why a screenshot is asked for' })),
})
export type DeliveredAction = Type.Static<typeof DeliveredAction>

export const NextResponse = Type.Object({
  action: Type.Union([DeliveredAction, Type.Null()]),
  server_busy: Type.Optional(Type.Boolean()),
  retry_after_ms: Type.Optional(Type.Integer()),
  waiting_for: Type.Optional(Type.String({ description: 'what the server waits for: resolve, job, result (of a leased action)' })),
  done: Type.Optional(Type.Boolean()),
  status: Type.Optional(ReplayStatusSchema),
  reason: Type.Optional(Type.Union([Type.String(), Type.Null()])),
})
export type NextResponse = Type.Static<typeof NextResponse>

export const ResultBody = Type.Object(
  {
    session_id: Uuid,
    seq: Type.Integer({ minimum: 1 }),
    status: Type.Union([Type.Literal('ok'), Type.Literal('failed')]),
    error: Type.Optional(Type.String({ maxLength: 4000 })),
    screenshot: Type.Optional(Base64Image),
    screen_scale: Type.Optional(ScreenScale),
    agent_id: Type.Optional(AgentId),
  },
  { additionalProperties: false },
)
export type ResultBody = Type.Static<typeof ResultBody>

export const ResultResponse = Type.Object({ recorded: Type.Literal(true), duplicate: Type.Boolean() })
export type ResultResponse = Type.Static<typeof ResultResponse>

export const SECRET_MASK = '••••••'
