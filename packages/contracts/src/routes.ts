import Type from 'typebox'
import { ErrorEnvelope, IdParams } from './common.js'
import { VisionExtractTextResult, VisionResolveResult } from './jobs.js'
import { NodeTypeList } from './node-types.js'
import type { Role } from './tokens.js'
import {
  AnchorUploadBody, AnchorUploadParams, CreateWorkflowBody, ListWorkflowsQuery, ReplaceWorkflowBody, ReviewBody, Workflow,
  WorkflowBundle, WorkflowList,
} from './workflows.js'
import { VisionOcrBody, VisionResolveBody } from './vision-api.js'
import {
  CreateReplayBody, CreateReplayResponse, ListReplaysQuery, NextBody, NextResponse, ReplayList, ReplaySession, ResultBody, ResultResponse,
} from './replay.js'
import { CreateT2aDecisionBody, CreateT2aDecisionResponse, T2aDecision } from './t2a.js'
import { LearnedWorkflowBody } from './learned.js'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE'
export type UpstreamService = 'workflows' | 'replay' | 'llm'

export interface RouteSchema {
  params?: Type.TSchema
  querystring?: Type.TSchema
  body?: Type.TSchema
  /** by status code; a route answering bytes (an image) has none */
  response?: Record<number, Type.TSchema>
}

/** A public route that the gateway validates, documents and forwards to the internal service that owns it. */
export interface PublicRoute {
  method: HttpMethod
  url: string
  roles: readonly Role[]
  service: UpstreamService
  summary: string
  tags: string[]
  schema: RouteSchema
}

const AUTHORS: readonly Role[] = ['admin', 'author']
/** Agents may call these, for sessions of their own agent_id only (the replay service checks). */
const REPLAYERS: readonly Role[] = ['admin', 'author', 'agent']
const NoContent = Type.Null({ description: 'no content' })

export const PUBLIC_ROUTES: readonly PublicRoute[] = [
  {
    method: 'GET', url: '/api/v1/node-types', roles: AUTHORS, service: 'workflows', tags: ['workflows'],
    summary: 'List the node types with their parameter schemas',
    schema: { response: { 200: NodeTypeList } },
  },
  {
    method: 'POST', url: '/api/v1/workflows', roles: AUTHORS, service: 'workflows', tags: ['workflows'],
    summary: 'Create a workflow (anchors given as base64 images are stored)',
    schema: { body: CreateWorkflowBody, response: { 201: Workflow, 400: ErrorEnvelope } },
  },
  {
    method: 'GET', url: '/api/v1/workflows', roles: AUTHORS, service: 'workflows', tags: ['workflows'],
    summary: 'List workflows, newest first',
    schema: { querystring: ListWorkflowsQuery, response: { 200: WorkflowList } },
  },
  {
    method: 'GET', url: '/api/v1/workflows/:id', roles: AUTHORS, service: 'workflows', tags: ['workflows'],
    summary: 'Read a workflow with its nodes, anchors and edges',
    schema: { params: IdParams, response: { 200: Workflow, 404: ErrorEnvelope } },
  },
  {
    method: 'PUT', url: '/api/v1/workflows/:id', roles: AUTHORS, service: 'workflows', tags: ['workflows'],
    summary: 'Replace a workflow; the body carries the version read (a stale one is refused with 409)',
    schema: { params: IdParams, body: ReplaceWorkflowBody, response: { 200: Workflow, 404: ErrorEnvelope, 409: ErrorEnvelope } },
  },
  {
    method: 'DELETE', url: '/api/v1/workflows/:id', roles: AUTHORS, service: 'workflows', tags: ['workflows'],
    summary: 'Delete a workflow',
    schema: { params: IdParams, response: { 204: NoContent, 404: ErrorEnvelope } },
  },
  {
    method: 'POST', url: '/api/v1/workflows/:id/review', roles: AUTHORS, service: 'workflows', tags: ['workflows'],
    summary: 'Approve, reject or ask for changes on a learned or imported workflow',
    schema: { params: IdParams, body: ReviewBody, response: { 200: Workflow, 404: ErrorEnvelope } },
  },
  {
    method: 'GET', url: '/api/v1/workflows/:id/export', roles: AUTHORS, service: 'workflows', tags: ['workflows'],
    summary: 'Export a workflow as a self-contained bundle (anchor images inlined)',
    schema: { params: IdParams, response: { 200: WorkflowBundle, 404: ErrorEnvelope } },
  },
  {
    method: 'POST', url: '/api/v1/workflows/import', roles: AUTHORS, service: 'workflows', tags: ['workflows'],
    summary: 'Import a bundle as a new workflow, pending review',
    schema: { body: WorkflowBundle, response: { 201: Workflow, 400: ErrorEnvelope } },
  },
  {
    method: 'PUT', url: '/api/v1/workflows/:id/nodes/:nodeId/anchor', roles: AUTHORS, service: 'workflows', tags: ['workflows'],
    summary: "Replace one node's anchor",
    schema: { params: AnchorUploadParams, body: AnchorUploadBody, response: { 200: Workflow, 404: ErrorEnvelope, 409: ErrorEnvelope } },
  },
  {
    method: 'POST', url: '/api/v1/learned-workflows', roles: AUTHORS, service: 'workflows', tags: ['workflows'],
    summary: 'Learn a workflow from a recorded trace (clicks with screenshots, keys, scrolls): anchors cut by the vision workers, pending review',
    schema: { body: LearnedWorkflowBody, response: { 201: Workflow, 400: ErrorEnvelope, 503: ErrorEnvelope } },
  },
  {
    method: 'GET', url: '/api/v1/anchors/:id/image', roles: AUTHORS, service: 'workflows', tags: ['workflows'],
    summary: "An anchor's image (PNG or JPEG bytes)",
    schema: { params: IdParams },
  },
  {
    method: 'POST', url: '/api/v1/replays', roles: REPLAYERS, service: 'replay', tags: ['replay'],
    summary: 'Start a replay: snapshot the workflow, compile it to an ordered plan of actions',
    schema: { body: CreateReplayBody, response: { 201: CreateReplayResponse, 400: ErrorEnvelope, 404: ErrorEnvelope, 409: ErrorEnvelope } },
  },
  {
    method: 'GET', url: '/api/v1/replays', roles: REPLAYERS, service: 'replay', tags: ['replay'],
    summary: 'List replay sessions, newest first (an agent token sees its own)',
    schema: { querystring: ListReplaysQuery, response: { 200: ReplayList } },
  },
  {
    method: 'GET', url: '/api/v1/replays/:id', roles: REPLAYERS, service: 'replay', tags: ['replay'],
    summary: 'A replay with its steps, their resolution evidence and results, and its variables (secrets masked)',
    schema: { params: IdParams, response: { 200: ReplaySession, 403: ErrorEnvelope, 404: ErrorEnvelope } },
  },
  {
    method: 'POST', url: '/api/v1/replays/:id/cancel', roles: REPLAYERS, service: 'replay', tags: ['replay'],
    summary: 'Cancel a running replay (the agent is told done/cancelled at its next poll)',
    schema: { params: IdParams, response: { 200: ReplaySession, 403: ErrorEnvelope, 404: ErrorEnvelope } },
  },
  {
    method: 'POST', url: '/api/v1/replay/next', roles: REPLAYERS, service: 'replay', tags: ['replay'],
    summary: 'Agent poll: a leased action, or server_busy with retry_after_ms, or done — answered at once',
    schema: { body: NextBody, response: { 200: NextResponse, 400: ErrorEnvelope, 403: ErrorEnvelope, 404: ErrorEnvelope } },
  },
  {
    method: 'POST', url: '/api/v1/replay/result', roles: REPLAYERS, service: 'replay', tags: ['replay'],
    summary: 'Agent result for a leased action; idempotent per (session_id, seq)',
    schema: { body: ResultBody, response: { 200: ResultResponse, 400: ErrorEnvelope, 403: ErrorEnvelope, 404: ErrorEnvelope, 409: ErrorEnvelope } },
  },
  {
    method: 'POST', url: '/api/v1/t2a/decisions', roles: AUTHORS, service: 'llm', tags: ['t2a'],
    summary: 'Ask for a T2A decision on a UHCD record: 202 with its id; the LLM worker decides and stores it',
    schema: { body: CreateT2aDecisionBody, response: { 202: CreateT2aDecisionResponse, 400: ErrorEnvelope } },
  },
  {
    method: 'GET', url: '/api/v1/t2a/decisions/:id', roles: AUTHORS, service: 'llm', tags: ['t2a'],
    summary: 'A T2A decision: pending, done (criteria with verified quotations, the final decision computed in code) or error',
    schema: { params: IdParams, response: { 200: T2aDecision, 404: ErrorEnvelope } },
  },
]

/** A public route the gateway answers itself, by running a job on a worker and awaiting its result. */
export interface QueuedRoute extends Omit<PublicRoute, 'service'> {
  job: QueuedJob
}
export type QueuedJob = 'vision.resolve' | 'vision.extract_text'

export const QUEUED_ROUTES: readonly QueuedRoute[] = [
  {
    method: 'POST', url: '/api/v1/vision/resolve', roles: AUTHORS, job: 'vision.resolve', tags: ['vision'],
    summary: 'Find an anchor on a screenshot, with the evidence (method, score, rejected candidates)',
    schema: { body: VisionResolveBody, response: { 200: VisionResolveResult, 400: ErrorEnvelope, 502: ErrorEnvelope, 504: ErrorEnvelope } },
  },
  {
    method: 'POST', url: '/api/v1/vision/ocr', roles: AUTHORS, job: 'vision.extract_text', tags: ['vision'],
    summary: 'Read the text of an image, or of a region of it, in reading order',
    schema: { body: VisionOcrBody, response: { 200: VisionExtractTextResult, 400: ErrorEnvelope, 502: ErrorEnvelope, 504: ErrorEnvelope } },
  },
]

/** The gateway's own probes. */
export const HealthResponse = Type.Object({ status: Type.Literal('ok') })
export const READY_CHECKS = ['postgres', 'redis', 'workflows', 'replay', 'llm'] as const
export type ReadyCheck = (typeof READY_CHECKS)[number]
export const ReadyResponse = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('not_ready')]),
  /** 'ok', or 'error: <why>' */
  checks: Type.Record(Type.String(), Type.String()),
})
export type ReadyResponse = Type.Static<typeof ReadyResponse>
