import t from 'tap'
import type { VisionResolveResult } from '@rpa-vision/contracts'
import { anchor, BOOTSTRAP, createWorkflow, readSession, scriptedWorker, screenshotBase64, ScriptedAgent, startSession, startStack } from './harness.js'

const notFound = (score: number): VisionResolveResult => ({
  found: false, x: null, y: null, bbox: null, score, method: 'none', scale: null,
  candidates: [{ x: 400, y: 300, bbox: { x: 390, y: 295, width: 20, height: 10 }, score, method: 'template', rejected_because: 'score below 0.80' }],
  reason: 'no candidate above the thresholds',
})
const foundAt = (x: number, y: number): VisionResolveResult => ({
  found: true, x, y, bbox: { x: x - 10, y: y - 5, width: 20, height: 10 }, score: 0.93, method: 'template', scale: 1.25, candidates: [], reason: null,
})

t.test('a target that appears late: the server asks for fresh screenshots and resolves on the newest until it is there', async (t) => {
  const stack = await startStack(t)
  const resolvedOn: string[] = []
  let calls = 0
  scriptedWorker(t, stack, 'vision.resolve', async (job) => {
    resolvedOn.push(job.data.screenshot_sha256)
    calls++
    return calls <= 2 ? notFound(0.41) : foundAt(640, 360)
  })
  const wf = await createWorkflow(stack, {
    name: 'Attente',
    nodes: [
      { id: 'ready', type: 'wait_for_anchor', anchor: await anchor(1, { x: 600, y: 350 }, 'Dossier'), params: { timeout_ms: 20_000 } },
      { id: 'open', type: 'double_click_anchor', anchor: await anchor(2, { x: 100, y: 100 }) },
    ],
    edges: [{ from: 'ready', to: 'open' }],
  })
  const session = await startSession(stack, wf, 'poste-1')
  const agent = new ScriptedAgent(stack, BOOTSTRAP, session, 'poste-1')
  let seed = 1
  const screenshotsSent: number[] = []
  const end = await agent.run({ screenshot: async () => { screenshotsSent.push(seed); return screenshotBase64(seed++) } })
  t.match(end, { done: true, status: 'succeeded' })
  t.equal(calls, 4, 'three looks for the late target, one for the next step')
  t.equal(new Set(resolvedOn.slice(0, 3)).size, 3, 'every look for the late target on a newer screenshot')
  t.equal(resolvedOn[3], resolvedOn[2], 'the next step looks on the screenshot where the target was found: a server-side step changes nothing on screen')
  t.same(agent.performed.map((a) => [a!.type, a!.x, a!.y, a!.clicks]), [['click', 640, 360, 2]], 'wait_for_anchor is done server-side; the double click at the resolved point')
  const read = await readSession(stack, session)
  t.match(read.steps[0], { kind: 'wait_for_anchor', state: 'done', resolution: { found: true, attempts: 3, scale: 1.25 } })
  t.equal(read.steps[0].lease_count, 0, 'never delivered to the agent')
})

t.test('a target never found fails the step at its timeout with the resolver evidence; nothing is clicked', async (t) => {
  const stack = await startStack(t)
  scriptedWorker(t, stack, 'vision.resolve', async () => notFound(0.62))
  const wf = await createWorkflow(stack, {
    name: 'Introuvable',
    nodes: [
      { id: 'valider', type: 'click_anchor', anchor: await anchor(1, { x: 812, y: 540 }, 'Valider'), params: { timeout_ms: 700 } },
      { id: 'after', type: 'hotkey', params: { keys: ['enter'] } },
    ],
    edges: [{ from: 'valider', to: 'after' }],
  })
  const session = await startSession(stack, wf, 'poste-1')
  const agent = new ScriptedAgent(stack, BOOTSTRAP, session, 'poste-1')
  let seed = 1
  const end = await agent.run({ screenshot: () => screenshotBase64(seed++) })
  t.match(end, {
    done: true, status: 'failed',
    reason: /^step valider \(click_anchor, seq 1\) failed: the target was not found within 700 ms: no candidate above the thresholds \(best none score 0\.62 after \d+ attempt\(s\)\)$/,
  })
  t.same(agent.performed, [], 'a wrong click is worse than a stop')
  const read = await readSession(stack, session)
  t.match(read.steps[0], {
    state: 'failed',
    resolution: { found: false, score: 0.62, reason: 'no candidate above the thresholds', candidates: [{ score: 0.62, rejected_because: 'score below 0.80' }] },
  })
  t.ok(read.steps[0].resolution.attempts >= 1)
})

t.test('an anchored step with no screenshot ever sent fails at its timeout, even when the agent has stopped polling', async (t) => {
  const stack = await startStack(t)
  scriptedWorker(t, stack, 'vision.resolve', async () => foundAt(1, 1))
  const wf = await createWorkflow(stack, {
    name: 'Sans écran',
    nodes: [{ id: 'c', type: 'click_anchor', anchor: await anchor(1, { x: 10, y: 10 }), params: { timeout_ms: 300 } }],
    edges: [],
  })
  const session = await startSession(stack, wf, 'poste-1')
  const agent = new ScriptedAgent(stack, BOOTSTRAP, session, 'poste-1')
  t.match((await agent.poll()).json, { action: { type: 'screenshot', seq: null, step_id: 'c', reason: /needs a screenshot/ } })
  const end = Date.now() + 10_000
  let read = await readSession(stack, session)
  while (read.status === 'running' && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100))
    read = await readSession(stack, session)
  }
  t.equal(read.status, 'failed', 'the sweeper failed it without any poll')
  t.match(read.reason, /the target was not found within 300 ms: no screenshot arrived to look for it/)
})

t.test('the resolve job carries the anchor, the visual mode and the agent display scale', async (t) => {
  const stack = await startStack(t)
  const payloads: unknown[] = []
  scriptedWorker(t, stack, 'vision.resolve', async (job) => {
    payloads.push(job.data)
    return foundAt(50, 50)
  })
  const wf = await createWorkflow(stack, {
    name: 'Mode texte',
    nodes: [{ id: 'c', type: 'right_click_anchor', anchor: await anchor(1, { x: 10, y: 20 }, 'Patient'), params: { visual_mode: 'text' } }],
    edges: [],
  })
  const session = await startSession(stack, wf, 'poste-1')
  const shot = await screenshotBase64(9)
  const first = await stack.call(BOOTSTRAP, 'POST', '/api/v1/replay/next', { session_id: session, agent_id: 'poste-1', screenshot: shot, screen_scale: 1.25 })
  t.equal(first.status, 200)
  const agent = new ScriptedAgent(stack, BOOTSTRAP, session, 'poste-1')
  const end = await agent.run({ screenshot: async () => '' })
  t.match(end, { status: 'succeeded' })
  t.match(agent.performed[0], { type: 'click', button: 'right', x: 50, y: 50 })
  t.match(payloads, [{
    anchor: { bbox: { x: 10, y: 20, width: 24, height: 12 }, screen: { width: 1280, height: 800 }, target_text: 'Patient', image_sha256: /^[0-9a-f]{64}$/ },
    visual_mode: 'text', screen_scale: 1.25,
  }])
})
