import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { readGatewayConfig, readLlmWorkerConfig, readReplayConfig, readVisionWorkerConfig, type Env, type GatewayConfig } from '@rpa-vision/config'
import type { CreatedToken, Role } from '@rpa-vision/contracts'
import type { App } from '@rpa-vision/http'
import { createTestDatabase, freePort, TEST_REDIS_URL, testQueuePrefix, type TestDatabase } from '../../../test/helpers/index.js'
import { buildApp as buildLlmWorker } from '../../llm-worker/src/app.js'
import { buildApp as buildVisionWorker } from '../../vision-worker/src/app.js'
import { buildApp as buildReplay } from '../../replay/src/app.js'
import { buildApp as buildWorkflows } from '../../workflows/src/app.js'
import { buildApp } from '../src/app.js'

export const BOOTSTRAP_TOKEN = 'bootstrap-admin-token-for-tests'
export const INTERNAL_SECRET = 'gateway-test-internal-secret'

interface Teardown {
  teardown(fn: () => unknown): void
}

/** A port nothing listens on. */
export const closedPort = freePort

export function gatewayConfig(database: TestDatabase, env: Env = {}): GatewayConfig {
  return readGatewayConfig({
    DATABASE_URL: database.url,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: testQueuePrefix(),
    INTERNAL_SECRET,
    RPA_API_TOKEN: BOOTSTRAP_TOKEN,
    LOG_LEVEL: 'silent',
    ...env,
  })
}

export interface Gateway {
  app: App
  database: TestDatabase
  /** app.inject with `Authorization: Bearer <token>` when a token is given */
  call(token: string | undefined, opts: InjectOptions): Promise<LightMyRequestResponse>
  /** a new token of that role, created through the API by the bootstrap admin */
  token(role: Role, agentId?: string): Promise<CreatedToken>
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` }
}

/** A gateway on a fresh database of its own (or the one given), closed and dropped at teardown. */
export async function startGateway(t: Teardown, env: Env = {}, shared?: TestDatabase): Promise<Gateway> {
  const database = shared ?? (await createTestDatabase())
  const app = await buildApp(gatewayConfig(database, env))
  t.teardown(async () => {
    await app.close()
    if (!shared) await database.drop()
  })
  const call: Gateway['call'] = (token, opts) => app.inject({ ...opts, headers: { ...(token ? bearer(token) : {}), ...opts.headers } })
  return {
    app,
    database,
    call,
    async token(role, agentId) {
      const res = await call(BOOTSTRAP_TOKEN, {
        method: 'POST', url: '/api/v1/tokens', payload: { name: `${role} for tests`, role, ...(agentId ? { agent_id: agentId } : {}) },
      })
      if (res.statusCode !== 201) throw new Error(`creating a ${role} token failed: ${res.statusCode} ${res.body}`)
      return res.json<CreatedToken>()
    },
  }
}

/** The real workflows service on a real port, sharing the test database, as the gateway's upstream. */
export async function startWorkflowsUpstream(t: Teardown, database: TestDatabase): Promise<string> {
  const workflows = await buildWorkflows({
    databaseUrl: database.url, internalSecret: INTERNAL_SECRET, imageMaxPixels: 40_000_000, screenshotTtlHours: 24, log: false,
  })
  t.teardown(() => workflows.close())
  return workflows.listen({ port: 0, host: '127.0.0.1' })
}

/** A real vision worker in this process (OCR, detector), consuming the queues of `prefix`. */
export async function startVisionWorker(t: Teardown, database: TestDatabase, prefix: string): Promise<void> {
  const worker = await buildVisionWorker(readVisionWorkerConfig({
    DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix, LOG_LEVEL: 'silent',
  }))
  t.teardown(() => worker.close())
  await Promise.all(worker.consumers.map((c) => c.waitUntilReady()))
}

/** The real replay service on a real port, sharing the test database, as the gateway's upstream. */
export async function startReplayUpstream(t: Teardown, database: TestDatabase, workflowsUrl: string, prefix = testQueuePrefix()): Promise<string> {
  const replay = await buildReplay(readReplayConfig({
    DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix, INTERNAL_SECRET, LOG_LEVEL: 'silent', WORKFLOWS_URL: workflowsUrl,
  }))
  t.teardown(() => replay.close())
  return replay.listen({ port: 0, host: '127.0.0.1' })
}

/** The real LLM worker (rules provider) on a real port, sharing the test database, as the gateway's upstream. */
export async function startLlmUpstream(t: Teardown, database: TestDatabase, prefix = testQueuePrefix()): Promise<string> {
  const llm = await buildLlmWorker(readLlmWorkerConfig({
    DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix, INTERNAL_SECRET, LOG_LEVEL: 'silent', LLM_PROVIDER: 'rules',
  }))
  t.teardown(() => llm.close())
  return llm.listen({ port: 0, host: '127.0.0.1' })
}
