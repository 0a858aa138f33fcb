import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { stateFilePath } from '@rpa-vision/agent'
import { readSession, scriptedWorker, startSession, startStack, waitUntil, type Stack } from '../../services/replay/test/harness.js'
import { runAgentProcess } from './helpers/agent-process.js'
import { pageResolver, startTestPage, type TestPage } from './helpers/test-page.js'
import { FORM_CLICKS, FORM_VARIABLES, formWorkflow } from './helpers/workflows.js'

/** seq 6, the click on Valider, is the fifth screen action of formWorkflow */
const VALIDER_SEQ = 6

async function setUp(t: Test, replayEnv: Record<string, string> = {}) {
  const stack = await startStack(t, { replayEnv })
  scriptedWorker(t, stack, 'vision.resolve', async (job) => pageResolver(1.25)(job.data))
  const page = await startTestPage()
  t.teardown(() => page.close())
  const session = await startSession(stack, await formWorkflow(stack), 'poste-3', FORM_VARIABLES)
  const env = {
    RPA_URL: stack.base, RPA_TOKEN: await stack.token('agent', 'poste-3'), SESSION_ID: session, AGENT_ID: 'poste-3',
    STATE_DIR: await mkdtemp(join(tmpdir(), 'agent-crash-')), PAGE_URL: page.url, SCALE: '1.25',
  }
  return { stack, page, session, env }
}

async function stateOf(env: { STATE_DIR: string; SESSION_ID: string }) {
  return JSON.parse(await readFile(stateFilePath(env.STATE_DIR, env.SESSION_ID), 'utf8'))
}

async function expectFormOnce(t: Test, page: TestPage, stack: Stack, session: string) {
  await waitUntil('the page to report every input', async () => page.clicks().length >= 4 && page.events.some((e) => e.kind === 'wheel'))
  t.same(page.clicks(), FORM_CLICKS, 'every click exactly once across both processes')
  t.same(page.chords(), ['Control+s'])
  t.equal(page.longestValue('ipp'), '123456')
  t.equal(page.longestValue('pwd'), FORM_VARIABLES.password.length)
  const read = await readSession(stack, session)
  t.equal(read.status, 'succeeded')
  t.ok(read.steps.every((s: { state: string; result: { status: string } }) => s.state === 'done' && s.result.status === 'ok'))
  return read
}

t.test('killed while performing an action: restarted with the same state directory, it does not perform it again', async (t) => {
  const { stack, page, session, env } = await setUp(t)
  const first = await runAgentProcess(t, { ...env, DIE_AFTER_ACTION: '5', DIE_AT: 'performing' })
  t.equal(first.signal, 'SIGKILL', 'the first agent died')
  t.same(first.lines.map((l) => l.seq), [1, 2, 3, 4, 5], 'after reporting seq 1 to 5')
  await waitUntil('the click on Valider to reach the page', async () => page.clicks().includes('valider'))
  t.match((await stateOf(env)).actions.at(-1), { seq: VALIDER_SEQ, state: 'performing' }, 'the state file says it was under way')

  const second = await runAgentProcess(t, env)
  t.equal(second.code, 0, second.stderr)
  t.match(second.lines[0], { event: 'action', seq: VALIDER_SEQ, duplicate: true, interrupted: true, status: 'ok', reported: 'recorded' })
  t.same(second.lines.slice(1).map((l) => l.seq ?? l.status), [7, 8, 9, 'succeeded'])
  t.match(second.stderr, /seq 6 \(valider, click\) was being performed when the agent stopped: counted as performed/)
  const read = await expectFormOnce(t, page, stack, session)
  t.equal(read.steps[VALIDER_SEQ - 1].lease_count, 1, 'its result was sent while the server still waited for it')
})

t.test('a lease run out while the agent was down: the seq offered again is answered from disk', async (t) => {
  const { stack, page, session, env } = await setUp(t, { REPLAY_LEASE_MS: '1500' })
  const first = await runAgentProcess(t, { ...env, DIE_AFTER_ACTION: '5', DIE_AT: 'performed' })
  t.equal(first.signal, 'SIGKILL')
  const stored = (await stateOf(env)).actions.at(-1)
  t.match(stored, { seq: VALIDER_SEQ, state: 'performed', status: 'ok' }, 'performed and written down')
  t.notOk(stored.reported_at, 'but its result never sent')
  await waitUntil('the lease to run out', async () => {
    const step = (await readSession(stack, session)).steps[VALIDER_SEQ - 1]
    return Date.parse(step.lease_expires_at) < Date.now() - 100
  })

  const second = await runAgentProcess(t, env)
  t.equal(second.code, 0, second.stderr)
  t.match(second.lines[0], { event: 'action', seq: VALIDER_SEQ, duplicate: true, status: 'ok', reported: 'recorded' })
  t.notOk(second.lines[0]!.interrupted)
  t.match(second.stderr, /seq 6 \(valider\) offered again: already performed, sending its result again/)
  const read = await expectFormOnce(t, page, stack, session)
  t.equal(read.steps[VALIDER_SEQ - 1].lease_count, 2, 'offered again with the same seq')
})
