import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { BrowserDriver, runAgent, type AgentActionEvent, type AgentOptions } from '@rpa-vision/agent'
import { makePng } from '../helpers/images.js'
import { anchor, BOOTSTRAP, createWorkflow, readSession, scriptedWorker, startSession, startStack, waitUntil } from '../../services/replay/test/harness.js'
import { FakeDriver } from '../../packages/agent/test/helpers/fake-driver.js'
import { startGatewayProxy } from './helpers/gateway-proxy.js'
import { pageResolver, startTestPage, TARGETS, VIEWPORT } from './helpers/test-page.js'
import { FORM_CLICKS, FORM_VARIABLES, formWorkflow } from './helpers/workflows.js'

const stateDir = () => mkdtemp(join(tmpdir(), 'agent-faults-'))

async function browserOn(t: Test, url: string): Promise<BrowserDriver> {
  const driver = await BrowserDriver.launch({ url, viewport: VIEWPORT, deviceScaleFactor: 1.25 })
  t.teardown(() => driver.close())
  return driver
}

t.test('the network gone, then the replay service gone: the agent backs off, carries on, and performs nothing twice', async (t) => {
  const stack = await startStack(t)
  scriptedWorker(t, stack, 'vision.resolve', async (job) => pageResolver(1.25)(job.data))
  const proxy = await startGatewayProxy(stack.base)
  t.teardown(() => proxy.close())
  const page = await startTestPage()
  t.teardown(() => page.close())
  const driver = await browserOn(t, page.url)
  const session = await startSession(stack, await formWorkflow(stack), 'poste-5', FORM_VARIABLES)

  const outages: Promise<void>[] = []
  const outage = (stop: () => Promise<unknown>, start: () => Promise<unknown>) => {
    outages.push((async () => {
      await stop()
      await new Promise((r) => setTimeout(r, 1500))
      await start()
    })())
  }
  const warnings: string[] = []
  const events: AgentActionEvent[] = []
  const outcome = await runAgent({
    baseUrl: proxy.url, token: await stack.token('agent', 'poste-5'), sessionId: session, agentId: 'poste-5', driver, stateDir: await stateDir(),
    log: (level, msg) => level === 'warn' && warnings.push(msg),
    onEvent: (e) => {
      events.push(e)
      // after the result of seq 2, no connection at all; after seq 6, the gateway up but the replay service down
      if (e.seq === 2) outage(() => proxy.down(), () => proxy.up())
      if (e.seq === 6) outage(() => stack.stopReplay(), () => stack.startReplay())
    },
  })
  await Promise.all(outages)
  t.same(outcome, { status: 'succeeded', reason: null })

  const refused = warnings.filter((w) => /no answer \(ECONNREFUSED\)/.test(w))
  const unavailable = warnings.filter((w) => /: 503 /.test(w))
  t.ok(refused.length >= 1, `connections refused were retried (${refused.length} times)`)
  t.ok(unavailable.length >= 1, `503s were retried (${unavailable.length} times)`)
  t.ok(refused.length <= 10 && unavailable.length <= 10, 'backing off, not hammering: a handful of attempts for each 1.5 s outage')
  t.match(warnings.join('\n'), /trying again in \d+ ms/)

  await waitUntil('the page to report every input', async () => page.clicks().length >= 4 && page.events.some((e) => e.kind === 'wheel'))
  t.same(page.clicks(), FORM_CLICKS, 'every click once')
  t.equal(page.longestValue('ipp'), '123456')
  t.same(events.map((e) => e.seq), [1, 2, 3, 4, 5, 6, 7, 8, 9])
  t.ok(events.every((e) => !e.duplicate))
  t.equal((await readSession(stack, session)).status, 'succeeded')
})

t.test('server_busy is honoured: polls during a long job or a slow resolve are bounded by retry_after_ms, and carry no screenshot but a rare one', async (t) => {
  const RETRY_AFTER = 200
  const JOB_MS = 1600
  const RESOLVE_MS = 1600
  const stack = await startStack(t, { replayEnv: { REPLAY_RETRY_AFTER_MS: String(RETRY_AFTER) } })
  const windows: Record<string, { from: number; to: number }> = {}
  scriptedWorker(t, stack, 'vision.resolve', async (job) => {
    const from = Date.now()
    await new Promise((r) => setTimeout(r, RESOLVE_MS))
    windows.resolve = { from, to: Date.now() }
    return pageResolver(1.25)(job.data)
  })
  scriptedWorker(t, stack, 'vision.extract_text', async () => {
    const from = Date.now()
    await new Promise((r) => setTimeout(r, JOB_MS))
    windows.job = { from, to: Date.now() }
    return { text: 'Patient admis en UHCD', words: [] }
  })
  const proxy = await startGatewayProxy(stack.base)
  t.teardown(() => proxy.close())
  const page = await startTestPage()
  t.teardown(() => page.close())
  const driver = await browserOn(t, page.url)
  const o = TARGETS.Ouvrir!.rect
  const wf = await createWorkflow(stack, {
    name: 'Lecture',
    nodes: [
      { id: 'open', type: 'click_anchor', anchor: await anchor(1, { x: o.x, y: o.y }, 'Ouvrir') },
      { id: 'read', type: 'extract_text', params: { variable: 'dossier', region: { x: 0, y: 0, width: 200, height: 100 } } },
      { id: 'save', type: 'hotkey', params: { keys: ['ctrl', 's'] } },
    ],
    edges: [{ from: 'open', to: 'read' }, { from: 'read', to: 'save' }],
  })
  const session = await startSession(stack, wf, 'poste-6')
  const outcome = await runAgent({
    baseUrl: proxy.url, token: await stack.token('agent', 'poste-6'), sessionId: session, agentId: 'poste-6', driver, stateDir: await stateDir(),
  })
  t.same(outcome, { status: 'succeeded', reason: null })
  t.ok(windows.job && windows.resolve, 'both slow steps ran')

  const during = (w: { from: number; to: number }) => proxy.polls().filter((p) => p.at > w.from && p.at < w.to)
  const jobPolls = during(windows.job!)
  t.ok(jobPolls.length >= 2, `it kept polling during the job (${jobPolls.length} polls)`)
  t.ok(jobPolls.length <= Math.ceil(JOB_MS / RETRY_AFTER) + 2, `but no more often than retry_after_ms allows (${jobPolls.length} polls in ${JOB_MS} ms)`)
  t.ok(jobPolls.every((p) => (p.answer as { waiting_for?: string }).waiting_for === 'job'))
  t.equal(jobPolls.filter((p) => p.screenshot).length, 0, 'no screenshot while a job runs')

  const resolvePolls = during(windows.resolve!)
  t.ok(resolvePolls.length <= Math.ceil(RESOLVE_MS / RETRY_AFTER) + 2, `${resolvePolls.length} polls during a ${RESOLVE_MS} ms resolve`)
  const shots = resolvePolls.filter((p) => p.screenshot).length
  t.ok(shots >= 1 && shots <= 2, `a fresh screenshot about once a second while resolving (${shots}), not with every poll`)
  t.same(page.chords(), ['Control+s'])
})

t.test('a 4xx on next other than 409/429 is fatal: the agent reports it and stops, touching nothing', async (t) => {
  const stack = await startStack(t)
  const wf = await createWorkflow(stack, { name: 'Tab', nodes: [{ id: 'a', type: 'hotkey', params: { keys: ['tab'] } }], edges: [] })
  const session = await startSession(stack, wf, 'poste-1')
  const proxy = await startGatewayProxy(stack.base)
  t.teardown(() => proxy.close())
  const driver = new FakeDriver(await makePng(64, 48))
  const base: Omit<AgentOptions, 'token' | 'agentId' | 'sessionId' | 'stateDir'> = { baseUrl: proxy.url, driver }

  const foreign = await runAgent({ ...base, token: await stack.token('agent', 'poste-2'), agentId: 'poste-2', sessionId: session, stateDir: await stateDir() })
  t.match(foreign, { status: 'error', http_status: 403, code: 'FORBIDDEN', reason: /refused the poll: 403 FORBIDDEN: .*another agent/ })
  const unknown = await runAgent({ ...base, token: BOOTSTRAP, agentId: 'poste-1', sessionId: '00000000-0000-4000-8000-000000000042', stateDir: await stateDir() })
  t.match(unknown, { status: 'error', http_status: 404, code: 'NOT_FOUND' })
  const revoked = await runAgent({ ...base, token: 'not-a-token', agentId: 'poste-1', sessionId: session, stateDir: await stateDir() })
  t.match(revoked, { status: 'error', http_status: 401 })
  t.equal(proxy.polls().length, 3, 'one poll each, no retry')
  t.same(driver.calls, [])
  t.equal((await readSession(stack, session)).status, 'running', 'the session is left for its own agent')
})
