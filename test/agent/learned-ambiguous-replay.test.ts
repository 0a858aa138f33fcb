import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { BrowserDriver, runAgent, type AgentActionEvent } from '@rpa-vision/agent'
import type { Workflow } from '@rpa-vision/contracts'
import { BOOTSTRAP, startLearnStack } from '../../services/workflows/test/learn-harness.js'
import { OBSERVATION_PAGE, recordOn } from '../../services/workflows/test/learn-record.js'

const TEXT = 'Toux depuis 3 jours'
/** Recorded at 100 % in a 1024 px wide window; replayed at 125 % in an 800 px wide one: the page is centred, so every
 * control moves sideways, and its menu wraps under the title, so everything moves down by 24 px (CSS). */
const RECORDED = { width: 1024, height: 640, scale: 1 }
const REPLAYED = { viewport: { width: 800, height: 640 }, deviceScaleFactor: 1.25 }

t.test('look-alikes learned with context: replayed at 125 % in a narrower window, the text goes into the second text area and the second row is opened', async (t) => {
  const stack = await startLearnStack(t, { replay: {} })
  await stack.startVisionWorker()

  const { trace, page } = await recordOn(t, { url: OBSERVATION_PAGE }, RECORDED, async (_page, act) => {
    await act.click('#antecedents')
    await act.type(TEXT)
    await act.click('#open-martin')
    await act.click('#save')
  })
  const recorded = await page.evaluate<unknown[]>('window.received')
  const expected = [
    { click: 'open-martin', motif: '', antecedents: TEXT, conclusion: '' },
    { click: 'save', motif: '', antecedents: TEXT, conclusion: '' },
  ]
  t.same(recorded, expected, 'while recording: the second text area filled, the second row opened, then saved')

  const learned = await stack.call<Workflow>(BOOTSTRAP, 'POST', '/api/v1/learned-workflows', { name: 'Observation', ...trace })
  t.equal(learned.status, 201, JSON.stringify(learned.json).slice(0, 300))
  const wf = learned.json
  t.same(wf.nodes.map((n) => n.type), ['type_text', 'click_anchor', 'click_anchor'])
  t.same(wf.nodes.map((n) => n.anchor!.ocr_description?.split(':')[0] ?? null), ['context', 'context', null], 'the text area and « Ouvrir » were cut with context, « Enregistrer » was not')
  t.comment(wf.nodes.map((n) => `${n.id} ${n.anchor!.bbox.width}×${n.anchor!.bbox.height}`).join(', '))
  t.equal((await stack.call(BOOTSTRAP, 'POST', `/api/v1/workflows/${wf.id}/review`, { status: 'approved' })).status, 200)

  const started = await stack.call(BOOTSTRAP, 'POST', '/api/v1/replays', { workflow_id: wf.id, agent_id: 'poste-1' })
  t.equal(started.status, 201, JSON.stringify(started.json))
  const driver = await BrowserDriver.launch({ url: OBSERVATION_PAGE, ...REPLAYED })
  t.teardown(() => driver.close())
  const moved = await driver.page.locator('#antecedents').boundingBox()
  t.ok(moved && moved.y > 150 && moved.x < 250, `the layout reflowed: the second text area is at (${moved?.x}, ${moved?.y}) CSS px now, (325, 165) when recorded`)
  const events: AgentActionEvent[] = []
  const begun = performance.now()
  const outcome = await runAgent({
    baseUrl: stack.base, token: await stack.token('agent'), sessionId: started.json.session_id, agentId: 'poste-1', driver,
    stateDir: await mkdtemp(join(tmpdir(), 'learned-ambiguous-')), onEvent: (e) => events.push(e), log: () => undefined,
  })
  t.same(outcome, { status: 'succeeded', reason: null }, JSON.stringify(events.filter((e) => e.status !== 'ok')))
  t.comment(`replayed ${events.length} actions in ${(performance.now() - begun).toFixed(0)} ms: ${events.map((e) => `${e.step_id}/${e.type}${e.resolution ? ` ${e.resolution.method} ${e.resolution.score.toFixed(2)}` : ''}`).join(', ')}`)

  const replayed = await driver.page.evaluate<unknown[]>('window.received')
  t.same(replayed, expected, 'the text went into the second text area (not the first or third), and the second row’s « Ouvrir » was clicked')
})
