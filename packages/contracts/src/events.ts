import Type from 'typebox'
import { Uuid } from './common.js'

/** Every state change of a replay, published on Redis and streamed by the gateway's /api/v1/events WebSocket. */
export const REPLAY_EVENT_TYPES = [
  'replay.started', 'action.leased', 'action.result', 'step.resolved', 'step.started', 'step.completed', 'step.failed', 'replay.finished',
] as const
export type ReplayEventType = (typeof REPLAY_EVENT_TYPES)[number]

export const ReplayEvent = Type.Object({
  type: Type.Union([
    Type.Literal('replay.started'), Type.Literal('action.leased'), Type.Literal('action.result'), Type.Literal('step.resolved'),
    Type.Literal('step.started'), Type.Literal('step.completed'), Type.Literal('step.failed'), Type.Literal('replay.finished'),
  ]),
  at: Type.String({ description: 'ISO time' }),
  session_id: Type.String(),
  /** who may see it: an agent token sees only the events of its own agent_id */
  agent_id: Type.String(),
  workflow_id: Type.String(),
  seq: Type.Union([Type.Integer(), Type.Null()]),
  step_id: Type.Union([Type.String(), Type.Null()]),
  /** never a secret nor patient text: masked before publishing */
  data: Type.Record(Type.String(), Type.Unknown()),
})
export type ReplayEvent = Type.Static<typeof ReplayEvent>

/** The Redis pub/sub channel of replay events, under the deployment's key prefix. */
export function replayEventsChannel(prefix: string): string {
  return `${prefix}:replay-events`
}

/** GET /api/v1/events (a WebSocket) */
export const EventsQuery = Type.Object(
  {
    token: Type.Optional(Type.String({ description: 'the bearer token, for clients that cannot set headers (browsers)' })),
    session_id: Type.Optional(Uuid),
  },
  { additionalProperties: false },
)
