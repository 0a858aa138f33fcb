import { request } from 'undici'
import type { Worker } from 'bullmq'
import { readGatewayConfig, readReplayConfig, type Env } from '@rpa-vision/config'
import type { CreatedToken, FinalDecision, JobName, NextResponse, Role, T2aDecisionResult, VisionResolvePayload, VisionResolveResult } from '@rpa-vision/contracts'
import type { App } from '@rpa-vision/http'
import { createRedis, createTypedWorker, type Processor } from '@rpa-vision/queue'
import { createTestDatabase, freePort, makePng, TEST_REDIS_URL, testQueuePrefix, type TestDatabase } from '../../../test/helpers/index.js'
import { buildApp as buildGateway } from '../../gateway/src/app.js'
import { buildApp as buildWorkflows } from '../../workflows/src/app.js'
import { buildApp as buildReplay } from '../src/app.js'

export const BOOTSTRAP = 'replay-tests-bootstrap-token'
export const INTERNAL_SECRET = 'replay-tests-internal-secret'
export const SECRET_KEY = Buffer.alloc(32, 7).toString('base64')

interface Teardown {
  teardown(fn: () => unknown): void
}

export interface Reply<T = any> {
  status: number
  json: T
}

/** The gateway, the workflows service and the replay service on real ports, one fresh database, one queue prefix. */
export interface Stack {
  database: TestDatabase
  prefix: string
  base: string
  replayPort: number
  replay: App | null
  replayEnv(): Env
  call<T = any>(token: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<Reply<T>>
  token(role: Role, agentId?: string): Promise<string>
  /** an in-process replay service on the stack's replay port (after stopReplay, a new one: a restart) */
  startReplay(env?: Env): Promise<App>
  stopReplay(): Promise<void>
}

export async function startStack(t: Teardown, opts: { replayEnv?: Env; startReplay?: boolean; redisUrl?: string } = {}): Promise<Stack> {
  const redisUrl = opts.redisUrl ?? TEST_REDIS_URL
  const database = await createTestDatabase()
  const prefix = testQueuePrefix()
  const workflows = await buildWorkflows({ databaseUrl: database.url, internalSecret: INTERNAL_SECRET, imageMaxPixels: 40_000_000, screenshotTtlHours: 24, log: false })
  const workflowsUrl = await workflows.listen({ port: 0, host: '127.0.0.1' })
  const replayPort = await freePort()
  const gateway = await buildGateway(readGatewayConfig({
    DATABASE_URL: database.url, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, INTERNAL_SECRET, RPA_API_TOKEN: BOOTSTRAP, LOG_LEVEL: 'silent',
    WORKFLOWS_URL: workflowsUrl, REPLAY_URL: `http://127.0.0.1:${replayPort}`, RATE_LIMIT_MAX: '1000000', UPSTREAM_TIMEOUT_MS: '5000',
  }))
  const base = await gateway.listen({ port: 0, host: '127.0.0.1' })
  const replayEnv = (): Env => ({
    DATABASE_URL: database.url, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, INTERNAL_SECRET, LOG_LEVEL: 'silent',
    WORKFLOWS_URL: workflowsUrl, REPLAY_PORT: String(replayPort), REPLAY_SECRET_KEY: SECRET_KEY, REPLAY_SWEEP_MS: '200', ...opts.replayEnv,
  })

  const stack: Stack = {
    database, prefix, base, replayPort, replay: null, replayEnv,
    async call(token, method, path, body) {
      const res = await request(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      })
      const text = await res.body.text()
      return { status: res.statusCode, json: text ? JSON.parse(text) : null }
    },
    async token(role, agentId) {
      const res = await stack.call<CreatedToken>(BOOTSTRAP, 'POST', '/api/v1/tokens', { name: `${role} ${agentId ?? ''}`.trim(), role, ...(agentId ? { agent_id: agentId } : {}) })
      if (res.status !== 201) throw new Error(`token: ${res.status} ${JSON.stringify(res.json)}`)
      return res.json.token
    },
    async startReplay(env = {}) {
      const app = await buildReplay(readReplayConfig({ ...replayEnv(), ...env }))
      await app.listen({ port: replayPort, host: '127.0.0.1' })
      stack.replay = app
      return app
    },
    async stopReplay() {
      await stack.replay?.close()
      stack.replay = null
    },
  }
  t.teardown(async () => {
    await stack.stopReplay()
    await gateway.close()
    await workflows.close()
    await database.drop()
  })
  if (opts.startReplay !== false) await stack.startReplay()
  return stack
}

/** A real BullMQ worker that answers from a script: a stand-in for the vision or LLM worker. */
export function scriptedWorker<N extends JobName>(
  t: Teardown, stack: Pick<Stack, 'prefix' | 'replayEnv'>, queue: N, processor: Processor<N>, opts: { concurrency?: number; lockMs?: number } = {},
): Worker {
  const connection = createRedis(stack.replayEnv().REDIS_URL ?? TEST_REDIS_URL)
  connection.on('error', () => {})
  const worker = createTypedWorker(queue, processor, {
    connection, prefix: stack.prefix, timeoutMs: 60_000, concurrency: opts.concurrency ?? 4,
    ...(opts.lockMs ? { lockDuration: opts.lockMs, stalledInterval: opts.lockMs } : {}),
  })
  t.teardown(async () => {
    await worker.close()
    connection.disconnect()
  })
  return worker as unknown as Worker
}

export async function screenshotBase64(seed = 1): Promise<string> {
  return (await makePng(64, 48, seed)).toString('base64')
}

export async function anchor(seed: number, box: { x: number; y: number }, target_text?: string) {
  return {
    image: (await makePng(24, 12, seed)).toString('base64'),
    bbox: { x: box.x, y: box.y, width: 24, height: 12 },
    screen: { width: 1280, height: 800, scale: 1 },
    ...(target_text ? { target_text } : {}),
  }
}

/** A scripted agent: polls, performs (records) each action once by seq, reports, until done. */
export class ScriptedAgent {
  readonly performed: NextResponse['action'][] = []
  readonly performedSeqs = new Set<number>()
  polls = 0
  busy = 0

  constructor(
    private readonly stack: Stack,
    private readonly token: string,
    readonly sessionId: string,
    readonly agentId: string,
  ) {}

  poll(screenshot?: string): Promise<Reply> {
    this.polls++
    return this.stack.call(this.token, 'POST', '/api/v1/replay/next', {
      session_id: this.sessionId, agent_id: this.agentId, ...(screenshot ? { screenshot } : {}),
    })
  }

  result(seq: number, status: 'ok' | 'failed' = 'ok', screenshot?: string, error?: string): Promise<Reply> {
    return this.stack.call(this.token, 'POST', '/api/v1/replay/result', {
      session_id: this.sessionId, seq, status, ...(screenshot ? { screenshot } : {}), ...(error ? { error } : {}),
    })
  }

  /** Runs to the end; a re-offered seq is answered with its result again, never performed twice. */
  async run(opts: { screenshot: () => Promise<string>; maxPolls?: number; onAction?: (a: NonNullable<NextResponse['action']>) => Promise<void> }): Promise<NextResponse> {
    let shot: string | undefined = await opts.screenshot()
    for (let i = 0; i < (opts.maxPolls ?? 2000); i++) {
      const res = await this.poll(shot)
      shot = undefined
      if (res.status !== 200) throw new Error(`poll answered ${res.status}: ${JSON.stringify(res.json)}`)
      const body = res.json as NextResponse
      if (body.done) return body
      const action = body.action
      if (!action) {
        this.busy++
        await new Promise((r) => setTimeout(r, Math.min(body.retry_after_ms ?? 50, 50)))
        continue
      }
      if (action.type === 'screenshot') {
        shot = await opts.screenshot()
        continue
      }
      const seq = action.seq!
      if (!this.performedSeqs.has(seq)) {
        this.performedSeqs.add(seq)
        this.performed.push(action)
        await opts.onAction?.(action)
      }
      const r = await this.result(seq, 'ok', await opts.screenshot())
      if (r.status !== 200) throw new Error(`result answered ${r.status}: ${JSON.stringify(r.json)}`)
    }
    throw new Error('the replay did not finish')
  }
}

/** A scripted resolve: found 3 px right and 2 px below the recorded centre, as if the window had moved a little. */
export function movedResolver(data: VisionResolvePayload): VisionResolveResult {
  const b = data.anchor.bbox ?? { x: 0, y: 0, width: 2, height: 2 }
  return {
    found: true, x: b.x + b.width / 2 + 3, y: b.y + b.height / 2 + 2, bbox: { ...b, x: b.x + 3, y: b.y + 2 },
    score: 0.97, method: 'template', scale: 1, candidates: [], reason: null,
  }
}

export async function waitUntil(what: string, fn: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (Date.now() < end) {
    if (await fn()) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`timed out waiting for ${what}`)
}

export async function createWorkflow(stack: Stack, body: unknown): Promise<string> {
  const res = await stack.call(BOOTSTRAP, 'POST', '/api/v1/workflows', body)
  if (res.status !== 201) throw new Error(`workflow: ${res.status} ${JSON.stringify(res.json)}`)
  return res.json.id
}

export async function startSession(stack: Stack, workflowId: string, agentId: string, variables?: Record<string, string>): Promise<string> {
  const res = await stack.call(BOOTSTRAP, 'POST', '/api/v1/replays', { workflow_id: workflowId, agent_id: agentId, ...(variables ? { variables } : {}) })
  if (res.status !== 201) throw new Error(`replay: ${res.status} ${JSON.stringify(res.json)}`)
  return res.json.session_id
}

export async function readSession(stack: Stack, id: string): Promise<any> {
  return (await stack.call(BOOTSTRAP, 'GET', `/api/v1/replays/${id}`)).json
}

/** What a scripted T2A worker answers: a decision of the contract's shape, with no evidence. */
export function scriptedDecision(final: FinalDecision): T2aDecisionResult {
  return {
    id: '00000000-0000-4000-8000-000000000000', provider: 'scripted', model: null, attempts: 1,
    final_decision: final, decision_reason: 'scripted for a test', model_decision: final === 'out_of_scope' ? 'to_review' : final,
    criteria: [], reserve_hospitaliere: { status: 'unknown', citations: [] }, flags: [],
  }
}
