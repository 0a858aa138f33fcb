import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { makePng } from '../../../test/helpers/images.js'
import { runAgent, stateFilePath, type AgentActionEvent, type AgentOptions } from '../src/index.js'
import { FakeDriver } from './helpers/fake-driver.js'
import { action, busy, done, SESSION, startStubReplay, type StubAnswer, type StubReplay, type StubRequest } from './helpers/stub-replay.js'

const png = await makePng(64, 48)
const PNG64 = png.toString('base64')

/** Polls are answered in order (the last answer repeats); results by `onResult` (recorded by default). */
async function stub(t: Test, polls: StubAnswer[], onResult?: (req: StubRequest) => StubAnswer | undefined): Promise<StubReplay> {
  let p = 0
  const s = await startStubReplay((req) => {
    if (req.path === '/api/v1/replay/next') return polls[Math.min(p++, polls.length - 1)]
    if (req.path === '/api/v1/replay/result') return onResult?.(req)
    return { status: 404, json: { error: { code: 'NOT_FOUND', message: req.path } } }
  })
  t.teardown(() => s.close())
  return s
}

interface Run {
  driver: FakeDriver
  events: AgentActionEvent[]
  logs: string[]
  stateDir: string
}

async function agent(s: StubReplay, extra: Partial<AgentOptions> & { driver?: FakeDriver; stateDir?: string } = {}): Promise<Run & { outcome: Awaited<ReturnType<typeof runAgent>> }> {
  const driver = extra.driver ?? new FakeDriver(png)
  const stateDir = extra.stateDir ?? (await mkdtemp(join(tmpdir(), 'agent-run-')))
  const events: AgentActionEvent[] = []
  const logs: string[] = []
  const outcome = await runAgent({
    baseUrl: s.url, token: 'tok', sessionId: SESSION, agentId: 'poste-1', stateDir, settleMs: 1,
    backoff: { initialMs: 5, maxMs: 40 },
    onEvent: (e) => events.push(e),
    log: (level, msg, fields) => logs.push(`${level} ${msg} ${JSON.stringify(fields)}`),
    ...extra,
    driver,
  })
  return { driver, events, logs, stateDir, outcome }
}

t.test('the protocol: a screenshot with the first poll, each action performed and reported with a fresh screen, done', async (t) => {
  const s = await stub(t, [
    action(1, 'open', 'click', { x: 871, y: 556, button: 'left', clicks: 2, resolution: { method: 'template', score: 0.97 } }),
    action(2, 'ipp', 'type', { text: 'IPP 123456' }),
    action(3, 'save', 'hotkey', { keys: ['ctrl', 's'] }),
    action(4, 'down', 'scroll', { dx: 0, dy: -3, x: 10, y: 20 }),
    action(5, 'pause', 'wait', { ms: 5 }),
    done('succeeded'),
  ])
  const run = await agent(s)
  t.same(run.outcome, { status: 'succeeded', reason: null })
  t.same(run.driver.calls, ['click 871,556 left ×2', 'type IPP 123456', 'hotkey ctrl+s', 'scroll 0,-3 at 10,20'])

  const polls = s.polls()
  t.equal(polls.length, 6)
  t.same(polls[0]!.body, { session_id: SESSION, agent_id: 'poste-1', screenshot: PNG64, screen_scale: 1.25 }, 'the first poll shows the screen')
  t.ok(polls.slice(1).every((p) => p.body.screenshot === undefined), 'later polls do not: the results carried the screen')
  t.equal(polls[0]!.authorization, 'Bearer tok')
  const results = s.results().map((r) => r.body)
  t.same(results.map((r) => [r.seq, r.status]), [[1, 'ok'], [2, 'ok'], [3, 'ok'], [4, 'ok'], [5, 'ok']])
  t.ok(results.every((r) => r.screenshot === PNG64 && r.screen_scale === 1.25 && r.agent_id === 'poste-1' && r.session_id === SESSION))
  t.match(run.events[0], { seq: 1, step_id: 'open', type: 'click', resolution: { method: 'template', score: 0.97 }, status: 'ok', duplicate: false, reported: 'recorded' })
  t.ok(run.events.every((e) => typeof e.ms === 'number' && !Number.isNaN(Date.parse(e.started_at))))

  const state = JSON.parse(await readFile(stateFilePath(run.stateDir, SESSION), 'utf8'))
  t.same(state.actions.map((a: { seq: number; state: string; reported_at?: string }) => [a.seq, a.state, !!a.reported_at]), [
    [1, 'performed', true], [2, 'performed', true], [3, 'performed', true], [4, 'performed', true], [5, 'performed', true],
  ])
  t.notMatch(JSON.stringify(state), /IPP 123456/, 'the state file never holds typed text')
})

t.test('a screenshot action (seq null) is answered by a poll with a fresh screenshot, and takes no result', async (t) => {
  const s = await stub(t, [busy('job'), action(null, 'open', 'screenshot', { reason: 'the target is not on the last screenshot yet' }), busy('job'), done()])
  const run = await agent(s)
  t.equal(run.outcome.status, 'succeeded')
  t.same(s.polls().map((p) => p.body.screenshot !== undefined), [true, false, true, false])
  t.equal(s.results().length, 0)
  t.same(run.events, [])
})

t.test('server_busy: waits retry_after_ms; a fresh screenshot only while an anchor is being resolved, and not every time', async (t) => {
  const s = await stub(t, [busy('job', 30), busy('job', 30), busy('result', 30), done()])
  const started = Date.now()
  const run = await agent(s)
  t.equal(run.outcome.status, 'succeeded')
  t.ok(Date.now() - started >= 3 * 30, 'each busy answer was waited on')
  t.same(s.polls().map((p) => p.body.screenshot !== undefined), [true, false, false, false], 'no screenshot while a job runs')

  // the last screenshot is 500 ms old after the job: one goes with the next poll, then none for 500 ms
  const throttled = await stub(t, [busy('job', 500), busy('resolve', 0), busy('resolve', 0), busy('resolve', 0), done()])
  await agent(throttled, { resolveScreenshotIntervalMs: 500 })
  t.same(throttled.polls().map((p) => p.body.screenshot !== undefined), [true, false, true, false, false])

  const every = await stub(t, [busy('resolve', 5), busy('resolve', 5), busy('resolve', 5), done()])
  await agent(every, { resolveScreenshotIntervalMs: 0 })
  t.same(every.polls().map((p) => p.body.screenshot !== undefined), [true, true, true, true], 'with no interval, each poll after a resolve answer')
})

t.test('a re-offered seq already performed is not performed again: its stored result is sent again', async (t) => {
  const offer = action(1, 'open', 'click', { x: 5, y: 6, button: 'left', clicks: 1 })
  const s = await stub(t, [offer, busy('result', 5), offer, done()])
  const run = await agent(s)
  t.same(run.driver.calls, ['click 5,6 left ×1'], 'one click')
  t.same(s.results().map((r) => [r.body.seq, r.body.status]), [[1, 'ok'], [1, 'ok']], 'the result, twice')
  t.match(run.events, [{ seq: 1, duplicate: false, reported: 'recorded' }, { seq: 1, duplicate: true, ms: 0, status: 'ok' }])
})

t.test('a failure is reported again as a failure, with its message', async (t) => {
  const offer = action(1, 'save', 'hotkey', { keys: ['ctrl', 's'] })
  const s = await stub(t, [offer, offer, done('failed', 'step save failed')])
  const driver = new FakeDriver(png)
  driver.failWith = new Error('the window is gone')
  const run = await agent(s, { driver })
  t.same(run.outcome, { status: 'failed', reason: 'step save failed' })
  t.same(s.results().map((r) => [r.body.status, r.body.error]), [['failed', 'the window is gone'], ['failed', 'the window is gone']])
  t.same(driver.calls, [])
})

t.test('a secret is never logged, stored, sent in an event, nor echoed in an error', async (t) => {
  const secret = 's3cr3t-Pa55'
  const offer = action(1, 'pwd', 'type', { text: secret, secret: true })
  const s = await stub(t, [offer, action(2, 'pwd2', 'type', { text: secret, secret: true }), done()])
  const driver = new FakeDriver(png)
  const events: AgentActionEvent[] = []
  const run = await agent(s, {
    driver,
    onEvent: (e) => {
      if (e.seq === 1) driver.failWith = new Error(`cannot type "${secret}" here`)
      events.push(e)
    },
  })
  t.same(driver.calls, [`type ${secret}`], 'typed (the second one failed)')
  t.equal(s.results()[1]!.body.error, 'cannot type "••••••" here', 'masked in the error sent to the server')
  const everything = JSON.stringify([run.logs, events, await readFile(stateFilePath(run.stateDir, SESSION), 'utf8')])
  t.notMatch(everything, secret)
  t.match(run.logs.join('\n'), /type \(secret\)/)
})

t.test('network faults, 5xx and 429 are retried with backoff, for as long as it takes; the same result is sent again', async (t) => {
  let resultTries = 0
  const s = await stub(
    t,
    [{ hangUp: true }, { status: 503, json: { error: { code: 'UNAVAILABLE', message: 'the replay service is unavailable' } } }, { status: 429, headers: { 'retry-after': '0' } }, action(1, 'a', 'wait', { ms: 1 }), done()],
    () => (++resultTries < 4 ? { status: 502, json: { error: { code: 'BAD_GATEWAY', message: 'x' } } } : undefined),
  )
  const run = await agent(s)
  t.equal(run.outcome.status, 'succeeded')
  t.equal(s.polls().length, 5)
  t.equal(s.results().length, 4)
  t.equal(s.polls()[1]!.body.screenshot, PNG64, 'a poll that got no answer is made again with a screenshot')
  t.match(run.logs.filter((l) => l.startsWith('warn')).join('\n'), /poll: no answer .*trying again in \d+ ms[\s\S]*poll: 503 UNAVAILABLE[\s\S]*poll: 429[\s\S]*result of seq 1: 502 BAD_GATEWAY/)
})

t.test('a 4xx on next other than 409/429 is fatal: reported, and the agent stops', async (t) => {
  const s = await stub(t, [{ status: 403, json: { error: { code: 'FORBIDDEN', message: 'replay session x belongs to another agent' } } }])
  const run = await agent(s)
  t.same(run.outcome, {
    status: 'error', code: 'FORBIDDEN', http_status: 403, reason: 'the replay service refused the poll: 403 FORBIDDEN: replay session x belongs to another agent',
  })
  t.equal(s.polls().length, 1)
  const conflict = await stub(t, [{ status: 409, json: { error: { code: 'CONFLICT', message: 'busy' } } }, done()])
  t.equal((await agent(conflict)).outcome.status, 'succeeded', '409 on next is retried')
})

t.test('a result refused with 409 or 404 is logged, and the agent polls again', async (t) => {
  const s = await stub(t, [action(1, 'a', 'hotkey', { keys: ['tab'] }), done()], () => ({
    status: 409, json: { error: { code: 'NOT_DELIVERED', message: 'seq 1 has not been delivered yet' } },
  }))
  const run = await agent(s)
  t.equal(run.outcome.status, 'succeeded')
  t.match(run.events, [{ seq: 1, reported: 'refused' }])
  t.match(run.logs.join('\n'), /warn the result of seq 1 was refused: 409 NOT_DELIVERED/)
  const bad = await stub(t, [action(1, 'a', 'hotkey', { keys: ['tab'] }), done()], (req) =>
    req.body.screenshot ? { status: 400, json: { error: { code: 'INVALID_IMAGE', message: 'too large' } } } : undefined,
  )
  await agent(bad)
  t.same(bad.results().map((r) => r.body.screenshot !== undefined), [true, false], 'a result refused for its screenshot goes again without it')
})

t.test('after a crash during an action: not performed again; its result (ok) is sent when the server waits for it', async (t) => {
  const stateDir = await mkdtemp(join(tmpdir(), 'agent-run-'))
  await writeFile(stateFilePath(stateDir, SESSION), JSON.stringify({
    version: 1, session_id: SESSION, agent_id: 'poste-1', updated_at: new Date().toISOString(),
    actions: [{ seq: 1, step_id: 'open', type: 'click', state: 'performing', started_at: new Date().toISOString() }],
  }))
  const s = await stub(t, [busy('result', 5), action(2, 'b', 'hotkey', { keys: ['enter'] }), done()])
  const run = await agent(s, { stateDir })
  t.equal(run.outcome.status, 'succeeded')
  t.same(run.driver.calls, ['hotkey enter'], 'seq 1 not clicked again')
  t.same(s.results().map((r) => [r.body.seq, r.body.status]), [[1, 'ok'], [2, 'ok']])
  t.match(run.events[0], { seq: 1, duplicate: true, interrupted: true, status: 'ok' })
  t.match(run.logs.join('\n'), /warn seq 1 \(open, click\) was being performed when the agent stopped: counted as performed/)
})

t.test('the signal stops the agent between steps, with a consistent state file', async (t) => {
  const controller = new AbortController()
  const s = await stub(t, [action(1, 'a', 'wait', { ms: 60_000 }), done()])
  setTimeout(() => controller.abort(), 100)
  const run = await agent(s, { signal: controller.signal })
  t.same(run.outcome, { status: 'aborted', reason: 'stopped before the replay finished' })
  t.equal(s.results().length, 0)
  const state = JSON.parse(await readFile(stateFilePath(run.stateDir, SESSION), 'utf8'))
  t.match(state.actions, [{ seq: 1, state: 'performed', status: 'ok' }], 'the cut-short wait is written down as done')
  t.notOk(state.actions[0].reported_at)

  const idle = await stub(t, [busy('job', 60_000)])
  const c2 = new AbortController()
  setTimeout(() => c2.abort(), 50)
  t.equal((await agent(idle, { signal: c2.signal })).outcome.status, 'aborted', 'a long busy wait is cut short too')
})

t.test('a screenshot the driver cannot take: the poll goes without, a little later', async (t) => {
  const driver = new FakeDriver(png)
  driver.failScreenshots = true
  const s = await stub(t, [action(null, 'a', 'screenshot'), done()])
  const run = await agent(s, { driver })
  t.equal(run.outcome.status, 'succeeded')
  t.same(s.polls().map((p) => p.body.screenshot), [undefined, undefined])
  t.match(run.logs.join('\n'), /warn no screenshot for the poll: no display/)
})
