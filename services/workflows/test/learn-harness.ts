import { pathToFileURL } from 'node:url'
import pg from 'pg'
import { chromium, type Browser, type Page } from 'playwright-core'
import { request } from 'undici'
import { readGatewayConfig, readReplayConfig, readVisionWorkerConfig, readWorkflowsConfig, type Env } from '@rpa-vision/config'
import type { CreatedToken, JobName, LearnedTrace, Rect, Role } from '@rpa-vision/contracts'
import type { App } from '@rpa-vision/http'
import { createRedis, createTypedWorker, type Processor } from '@rpa-vision/queue'
import { recordPage, type Recording } from '@rpa-vision/agent'
import { createTestDatabase, freePort, TEST_REDIS_URL, testQueuePrefix, type TestDatabase } from '../../../test/helpers/index.js'
import { buildApp as buildGateway } from '../../gateway/src/app.js'
import { buildApp as buildReplay } from '../../replay/src/app.js'
import { buildApp as buildVisionWorker } from '../../vision-worker/src/app.js'
import { buildApp as buildWorkflows } from '../src/app.js'

export const BOOTSTRAP = 'learn-tests-bootstrap-token'
export const INTERNAL_SECRET = 'learn-tests-internal-secret'
export const SECRET_KEY = Buffer.alloc(32, 9).toString('base64')
export const CONNEXION_PAGE = pathToFileURL(new URL('learn-pages/connexion.html', import.meta.url).pathname).href

interface Teardown {
  teardown(fn: () => unknown): void
}

export interface Reply<T = any> {
  status: number
  json: T
}

export interface LearnStackOptions {
  /** REPLAY_SECRET_KEY of the workflows service (null: none) */
  secretKey?: string | null
  learnTimeoutMs?: number
  /** a replay service too, with this REPLAY_SECRET_KEY (the workflows service's when absent; null: none) */
  replay?: { secretKey?: string | null }
}

/** The gateway and the workflows service (and the replay service when asked) on real ports, one database, one queue prefix. */
export interface LearnStack {
  database: TestDatabase
  prefix: string
  base: string
  workflowsUrl: string
  /** a plain connection to the stack's database, for what the API never shows */
  sql: pg.Pool
  call<T = any>(token: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<Reply<T>>
  /** the raw response (to compare sizes and bytes) */
  raw(token: string, path: string): Promise<{ status: number; body: Buffer }>
  token(role: Role): Promise<string>
  /** a real vision worker in this process (OCR, classical detector) on the stack's queues */
  startVisionWorker(): Promise<App>
  /** a BullMQ worker answering one vision queue from a script, instead of the real one */
  scriptedWorker<N extends JobName>(queue: N, processor: Processor<N>): void
}

export async function startLearnStack(t: Teardown, opts: LearnStackOptions = {}): Promise<LearnStack> {
  const database = await createTestDatabase()
  const prefix = testQueuePrefix()
  const common: Env = { DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix, INTERNAL_SECRET, LOG_LEVEL: 'silent' }
  const key = (k: string | null | undefined) => (k === null ? {} : { REPLAY_SECRET_KEY: k ?? SECRET_KEY })
  const workflows = await buildWorkflows(readWorkflowsConfig({
    ...common, ...key(opts.secretKey), ...(opts.learnTimeoutMs ? { LEARN_TIMEOUT_MS: String(opts.learnTimeoutMs) } : {}),
  }))
  const workflowsUrl = await workflows.listen({ port: 0, host: '127.0.0.1' })
  const closers: (() => Promise<unknown>)[] = [() => workflows.close()]
  let replayUrl = `http://127.0.0.1:${await freePort()}`
  if (opts.replay) {
    const replay = await buildReplay(readReplayConfig({ ...common, ...key(opts.replay.secretKey), WORKFLOWS_URL: workflowsUrl, REPLAY_SWEEP_MS: '200' }))
    replayUrl = await replay.listen({ port: 0, host: '127.0.0.1' })
    closers.unshift(() => replay.close())
  }
  const gateway = await buildGateway(readGatewayConfig({
    ...common, RPA_API_TOKEN: BOOTSTRAP, WORKFLOWS_URL: workflowsUrl, REPLAY_URL: replayUrl, RATE_LIMIT_MAX: '1000000', UPSTREAM_TIMEOUT_MS: '60000',
  }))
  const base = await gateway.listen({ port: 0, host: '127.0.0.1' })
  closers.unshift(() => gateway.close())
  const sql = new pg.Pool({ connectionString: database.url, max: 2 })
  // dropping the database ends its idle connections: an error event without a listener would end the process
  sql.on('error', () => {})
  t.teardown(async () => {
    // every part is closed and the database dropped even when one part fails to close; that failure is then raised
    const failures: unknown[] = []
    for (const close of closers) await Promise.resolve().then(close).catch((err: unknown) => failures.push(err))
    await sql.end().catch((err: unknown) => failures.push(err))
    const redis = createRedis(TEST_REDIS_URL)
    const keys = await redis.keys(`${prefix}:*`)
    if (keys.length) await redis.del(...keys)
    redis.disconnect()
    await database.drop()
    if (failures.length) throw failures[0]
  })

  const stack: LearnStack = {
    database, prefix, base, workflowsUrl, sql,
    async call(token, method, path, body) {
      const res = await request(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      })
      const text = await res.body.text()
      return { status: res.statusCode, json: text ? JSON.parse(text) : null }
    },
    async raw(token, path) {
      const res = await request(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } })
      return { status: res.statusCode, body: Buffer.from(await res.body.arrayBuffer()) }
    },
    async token(role) {
      const res = await stack.call<CreatedToken>(BOOTSTRAP, 'POST', '/api/v1/tokens', { name: role, role, ...(role === 'agent' ? { agent_id: 'poste-1' } : {}) })
      if (res.status !== 201) throw new Error(`token: ${res.status} ${JSON.stringify(res.json)}`)
      return res.json.token
    },
    async startVisionWorker() {
      const worker = await buildVisionWorker(readVisionWorkerConfig({ ...common }))
      await Promise.all(worker.consumers.map((c) => c.waitUntilReady()))
      closers.push(() => worker.close())
      return worker
    },
    scriptedWorker(queue, processor) {
      const connection = createRedis(TEST_REDIS_URL)
      const worker = createTypedWorker(queue, processor, { connection, prefix, timeoutMs: 30_000, concurrency: 4 })
      closers.push(async () => {
        await worker.close()
        connection.disconnect()
      })
    },
  }
  return stack
}

let browser: Promise<Browser> | undefined

/** One headless Chromium per test file, closed at teardown. */
export function sharedBrowser(t: Teardown): Promise<Browser> {
  if (!browser) {
    browser = chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] })
    t.teardown(async () => {
      const b = browser
      browser = undefined
      await (await b)?.close()
    })
  }
  return browser
}

export const VIEWPORT = { width: 1024, height: 640 }

/** The connexion test page in a fresh context at this display scale. */
export async function openConnexion(t: Teardown, scale: number): Promise<Page> {
  const context = await (await sharedBrowser(t)).newContext({ viewport: VIEWPORT, deviceScaleFactor: scale, locale: 'fr-FR' })
  t.teardown(() => context.close())
  const page = await context.newPage()
  await page.goto(CONNEXION_PAGE)
  return page
}

/** An element's box as test/screens/README.md defines it: device pixels, Chromium's own rounding. */
export async function deviceBox(page: Page, selector: string, scale: number): Promise<Rect> {
  const r = (await page.locator(selector).boundingBox())!
  const x = Math.round(r.x * scale)
  const y = Math.round(r.y * scale)
  return { x, y, width: Math.round((r.x + r.width) * scale) - x, height: Math.round((r.y + r.height) * scale) - y }
}

/** What a user does on the connexion page, played by Playwright while the recorder listens. */
export type Script = (page: Page, act: { click(selector: string): Promise<void>; type(text: string): Promise<void>; press(key: string): Promise<void> }) => Promise<void>

/** Records a script on the connexion page: the trace, and the page (as the script left it). */
export async function recordOnConnexion(t: Teardown, scale: number, script: Script): Promise<{ trace: LearnedTrace; page: Page }> {
  const page = await openConnexion(t, scale)
  const rec: Recording = await recordPage(page, { deviceScaleFactor: scale })
  const act = {
    // each click waits for a capture of the settled page, as a user's pause would give it
    async click(selector: string) {
      await rec.settled()
      const box = (await page.locator(selector).boundingBox())!
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
    },
    type: (text: string) => page.keyboard.type(text),
    press: (key: string) => page.keyboard.press(key),
  }
  await script(page, act)
  return { trace: await rec.stop(), page }
}
