import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { BrowserDriver, runAgent, type AgentActionEvent } from '@rpa-vision/agent'
import type { Workflow } from '@rpa-vision/contracts'
import { BOOTSTRAP, CONNEXION_PAGE, recordOnConnexion, startLearnStack, VIEWPORT } from '../../services/workflows/test/learn-harness.js'

const PASSWORD = 'Rec0rded!pw'

for (const scale of [1, 1.25]) {
  t.test(`recorded at ${scale * 100} %, learned, approved, replayed by runAgent: the page gets the same clicks and text`, async (t) => {
    const stack = await startLearnStack(t, { replay: {} })
    await stack.startVisionWorker()

    const { trace, page } = await recordOnConnexion(t, scale, async (_page, act) => {
      await act.click('#login')
      await act.type('dr.house')
      await act.click('#password')
      await act.type(PASSWORD)
      await act.press('Enter')
      await act.click('#connect')
      await act.click('#search')
      await act.type('DURAND')
      await act.click('#open')
    })
    const recorded = await page.evaluate<unknown[]>('window.received')
    t.equal(recorded.length, 3, 'while recording, the page got Enter and two button clicks')

    const learned = await stack.call<Workflow>(BOOTSTRAP, 'POST', '/api/v1/learned-workflows', { name: `Connexion ${scale}`, ...trace })
    t.equal(learned.status, 201, JSON.stringify(learned.json).slice(0, 300))
    const wf = learned.json
    t.same(wf.nodes.map((n) => n.type), ['type_text', 'type_secret', 'hotkey', 'click_anchor', 'type_text', 'click_anchor'])
    const refused = await stack.call(BOOTSTRAP, 'POST', '/api/v1/replays', { workflow_id: wf.id, agent_id: 'poste-1' })
    t.equal(refused.status, 409, 'not replayed before review')
    t.equal((await stack.call(BOOTSTRAP, 'POST', `/api/v1/workflows/${wf.id}/review`, { status: 'approved' })).status, 200)

    const started = await stack.call(BOOTSTRAP, 'POST', '/api/v1/replays', { workflow_id: wf.id, agent_id: 'poste-1' })
    t.equal(started.status, 201, JSON.stringify(started.json))
    const driver = await BrowserDriver.launch({ url: CONNEXION_PAGE, viewport: VIEWPORT, deviceScaleFactor: scale })
    t.teardown(() => driver.close())
    const events: AgentActionEvent[] = []
    const begun = performance.now()
    const outcome = await runAgent({
      baseUrl: stack.base, token: await stack.token('agent'), sessionId: started.json.session_id, agentId: 'poste-1', driver,
      stateDir: await mkdtemp(join(tmpdir(), 'learned-replay-')), onEvent: (e) => events.push(e), log: () => undefined,
    })
    t.same(outcome, { status: 'succeeded', reason: null }, JSON.stringify(events.filter((e) => e.status !== 'ok')))
    t.comment(`replayed ${events.length} actions in ${(performance.now() - begun).toFixed(0)} ms: ${events.map((e) => `${e.step_id}/${e.type}${e.resolution ? ` ${e.resolution.method} ${e.resolution.score.toFixed(2)}` : ''}`).join(', ')}`)

    const replayed = await driver.page.evaluate<unknown[]>('window.received')
    t.same(replayed, recorded, 'the same Enter in the password field and clicks on the same buttons, with the same field values')
    t.same(recorded, [
      { enter: 'password', login: 'dr.house', password: PASSWORD, search: '' },
      { click: 'connect', login: 'dr.house', password: PASSWORD, search: '' },
      { click: 'open', login: 'dr.house', password: PASSWORD, search: 'DURAND' },
    ], 'the recorded password was typed from its sealed copy')
    const read = await stack.call(BOOTSTRAP, 'GET', `/api/v1/replays/${started.json.session_id}`)
    t.notOk(JSON.stringify(read.json).includes(PASSWORD), 'the session shows no secret')
  })
}
