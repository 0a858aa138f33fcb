import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { readLlmWorkerConfig, type Env } from '@rpa-vision/config'
import { INTERNAL_SECRET_HEADER, PRINCIPAL_ID_HEADER, PRINCIPAL_ROLE_HEADER, type T2aDecision } from '@rpa-vision/contracts'
import { eq, openDb, schema, type Db } from '@rpa-vision/db'
import type { App } from '@rpa-vision/http'
import { createTestDatabase, TEST_REDIS_URL, testQueuePrefix, type TestDatabase } from '../../../test/helpers/index.js'
import { buildApp } from '../src/app.js'

export const INTERNAL_SECRET = 'llm-worker-tests-internal-secret'

export interface Teardown {
  teardown(fn: () => unknown): void
}

/** One test database for a test file, with a pool to read the stored rows. */
export async function testDatabase(t: Teardown): Promise<{ database: TestDatabase; db: Db }> {
  const database = await createTestDatabase()
  const handle = openDb({ url: database.url, max: 2 })
  t.teardown(async () => {
    await handle.close()
    await database.drop()
  })
  return { database, db: handle.db }
}

export function workerEnv(database: TestDatabase, prefix: string, env: Env = {}): Env {
  return {
    DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix, INTERNAL_SECRET, LOG_LEVEL: 'silent', LLM_LOCK_MS: '1000', ...env,
  }
}

export interface LlmWorker {
  app: App
  prefix: string
  /** app.inject as the gateway calls it: the internal secret and an author principal */
  call(opts: InjectOptions): Promise<LightMyRequestResponse>
  /** POST a record, then poll until its decision is no longer pending */
  decide(recordText: string, stay?: Record<string, unknown>): Promise<T2aDecision>
}

/** The LLM worker as production builds it, on a queue prefix of its own, closed at teardown. */
export async function startLlmWorker(t: Teardown, database: TestDatabase, env: Env = {}, prefix = testQueuePrefix()): Promise<LlmWorker> {
  const app = await buildApp(readLlmWorkerConfig(workerEnv(database, prefix, env)))
  t.teardown(() => app.close())
  await app.consumer.waitUntilReady()
  const call: LlmWorker['call'] = (opts) =>
    app.inject({ ...opts, headers: { [INTERNAL_SECRET_HEADER]: INTERNAL_SECRET, [PRINCIPAL_ID_HEADER]: 'author-1', [PRINCIPAL_ROLE_HEADER]: 'author', ...opts.headers } })
  return {
    app,
    prefix,
    call,
    async decide(recordText, stay) {
      const created = await call({ method: 'POST', url: '/api/v1/t2a/decisions', payload: { record_text: recordText, ...(stay ? { stay } : {}) } })
      if (created.statusCode !== 202) throw new Error(`POST answered ${created.statusCode}: ${created.body}`)
      return waitForDecision(call, created.json<{ id: string }>().id)
    },
  }
}

export async function waitForDecision(call: LlmWorker['call'], id: string, timeoutMs = 20_000): Promise<T2aDecision> {
  const end = Date.now() + timeoutMs
  while (Date.now() < end) {
    const res = await call({ method: 'GET', url: `/api/v1/t2a/decisions/${id}` })
    if (res.statusCode !== 200) throw new Error(`GET answered ${res.statusCode}: ${res.body}`)
    const decision = res.json<T2aDecision>()
    if (decision.status !== 'pending') return decision
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error(`decision ${id} still pending after ${timeoutMs} ms`)
}

export async function storedRow(db: Db, id: string) {
  const [row] = await db.select().from(schema.t2aDecisions).where(eq(schema.t2aDecisions.id, id))
  return row!
}

export async function rowCount(db: Db): Promise<number> {
  return (await db.select({ id: schema.t2aDecisions.id }).from(schema.t2aDecisions)).length
}
