import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { BrowserDriver, runAgent, stateFilePath, type AgentActionEvent } from '@rpa-vision/agent'
import { readSession, scriptedWorker, startSession, startStack, waitUntil } from '../../services/replay/test/harness.js'
import { pageResolver, startTestPage, VIEWPORT } from './helpers/test-page.js'
import { FORM_CLICKS, FORM_VARIABLES, formWorkflow } from './helpers/workflows.js'

t.test('runAgent replays clicks, typing, a hotkey, a wait, a secret and a scroll on a browser page at 125 %', async (t) => {
  const stack = await startStack(t)
  const resolved: string[] = []
  scriptedWorker(t, stack, 'vision.resolve', async (job) => {
    resolved.push(job.data.anchor.target_text ?? '')
    return pageResolver(1.25)(job.data)
  })
  const page = await startTestPage()
  t.teardown(() => page.close())
  const driver = await BrowserDriver.launch({ url: page.url, viewport: VIEWPORT, deviceScaleFactor: 1.25 })
  t.teardown(() => driver.close())

  const session = await startSession(stack, await formWorkflow(stack), 'poste-7', FORM_VARIABLES)
  const token = await stack.token('agent', 'poste-7')
  const stateDir = await mkdtemp(join(tmpdir(), 'agent-e2e-'))
  const events: AgentActionEvent[] = []
  const logs: string[] = []
  const outcome = await runAgent({
    baseUrl: stack.base, token, sessionId: session, agentId: 'poste-7', driver, stateDir,
    onEvent: (e) => events.push(e), log: (level, msg, fields) => logs.push(`${level} ${msg} ${JSON.stringify(fields)}`),
  })
  t.same(outcome, { status: 'succeeded', reason: null })

  await waitUntil('the page to report every input', async () => page.clicks().length >= 4 && page.events.some((e) => e.kind === 'wheel'))
  t.same(page.clicks(), FORM_CLICKS, 'every click once, on the element the resolver found, in order')
  t.same(page.chords(), ['Control+s'])
  t.equal(page.longestValue('ipp'), '123456', 'the IPP typed once, into the field the pre-click focused')
  t.equal(await driver.page.inputValue('#ipp'), '123456')
  t.equal(page.longestValue('pwd'), FORM_VARIABLES.password.length, 'the secret typed once')
  t.equal(await driver.page.inputValue('#pwd'), FORM_VARIABLES.password)
  t.equal(page.events.filter((e) => e.kind === 'wheel').length, 1)
  t.equal(await driver.page.evaluate<number>('window.scrollY'), 200, 'two notches down')
  t.same(resolved, ['Ouvrir', 'IPP', 'Valider', 'Mot de passe'])

  t.same(events.map((e) => [e.seq, e.step_id, e.type]), [
    [1, 'open', 'click'], [2, 'ipp', 'click'], [3, 'ipp', 'type'], [4, 'save', 'hotkey'], [5, 'pause', 'wait'],
    [6, 'valider', 'click'], [7, 'pwd', 'click'], [8, 'pwd', 'type'], [9, 'down', 'scroll'],
  ])
  t.ok(events.every((e) => e.status === 'ok' && !e.duplicate && e.reported === 'recorded'))
  t.match(events[0], { resolution: { method: 'template', score: 0.98 } })
  t.equal(events[3]!.resolution, null)

  const read = await readSession(stack, session)
  t.equal(read.status, 'succeeded')
  t.ok(read.steps.every((s: { state: string; lease_count: number; result: { status: string } }) => s.state === 'done' && s.lease_count === 1 && s.result.status === 'ok'))
  t.match(read.steps[0], { x: 125, y: 73 }, 'the click went where the resolver said, in screenshot pixels')

  const state = await readFile(stateFilePath(stateDir, session), 'utf8')
  t.equal(JSON.parse(state).actions.length, 9)
  t.notMatch(`${logs.join('\n')}${state}${JSON.stringify(events)}`, /s3cr3t|123456/, 'neither the secret nor typed text in logs, state or events')
})
