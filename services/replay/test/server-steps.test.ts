import t from 'tap'
import { anchor, BOOTSTRAP, createWorkflow, readSession, scriptedWorker, screenshotBase64, ScriptedAgent, startSession, startStack, waitUntil, type Stack, scriptedDecision } from './harness.js'

function decideWorkflow(stack: Stack, params: Record<string, unknown> = {}): Promise<string> {
  return createWorkflow(stack, {
    name: 'Décision',
    nodes: [
      { id: 'decide', type: 't2a_decision', params: { input: 'dossier', variable: 't2a', ...params } },
      { id: 'write', type: 'type_text', params: { text: '{{t2a.final_decision}}' } },
    ],
    edges: [{ from: 'decide', to: 'write' }],
  })
}

t.test('while an 8-second server-side step runs, 100 polls in a row each answer server_busy without waiting for it', async (t) => {
  const stack = await startStack(t)
  let active = false
  let finishedAt = 0
  const worker = scriptedWorker(t, stack, 'llm.t2a_decision', async (_job, signal) => {
    active = true
    await new Promise((resolve, reject) => {
      const timer = setTimeout(resolve, 8000)
      signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true })
      void timer
    })
    active = false
    finishedAt = Date.now()
    return scriptedDecision('forfait_urgence')
  })
  await worker.waitUntilReady()
  const session = await startSession(stack, await decideWorkflow(stack), 'poste-1', { dossier: 'Admis en UHCD.' })
  const agent = new ScriptedAgent(stack, BOOTSTRAP, session, 'poste-1')
  await waitUntil('the worker to take the job', async () => active)
  const answers = []
  const latencies: number[] = []
  for (let i = 0; i < 100; i++) {
    const started = performance.now()
    answers.push((await agent.poll()).json)
    latencies.push(performance.now() - started)
  }
  t.ok(active && finishedAt === 0, 'the job was still running when the 100th answer came: no poll waited for it')
  t.ok(answers.every((a) => a.action === null && a.server_busy === true && a.waiting_for === 'job' && (a.retry_after_ms ?? 0) > 0), 'each poll: server_busy with retry_after_ms')
  latencies.sort((a, b) => a - b)
  t.comment(`poll latency while busy: p50 ${latencies[49]!.toFixed(1)} ms, max ${latencies[99]!.toFixed(1)} ms (measured in bench/, not asserted)`)
  const end = await agent.run({ screenshot: async () => '' })
  t.match(end, { done: true, status: 'succeeded' })
  t.same(agent.performed.map((a) => a!.text), ['forfait_urgence'], 'the decision became a variable, filled at delivery')
})

t.test('a server-side step retries per its policy, then fails with the reason; an attempt past its timeout is aborted', async (t) => {
  const stack = await startStack(t)
  const attempts: Record<string, number> = {}
  scriptedWorker(t, stack, 'llm.t2a_decision', async (job, signal) => {
    const mode = job.data.record_text
    attempts[mode] = (attempts[mode] ?? 0) + 1
    if (mode === 'flaky' && attempts[mode] === 1) throw new Error('model answered invalid JSON')
    if (mode === 'broken') throw new Error('model server answered 500')
    if (mode === 'slow') {
      await new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error(`aborted: ${String(signal.reason)}`)), { once: true }))
    }
    return scriptedDecision('ghs')
  })
  const wf = await decideWorkflow(stack, { retries: 1, timeout_ms: 300 })

  const flaky = await startSession(stack, wf, 'poste-1', { dossier: 'flaky' })
  const flakyEnd = await new ScriptedAgent(stack, BOOTSTRAP, flaky, 'poste-1').run({ screenshot: async () => '' })
  t.match(flakyEnd, { done: true, status: 'succeeded' }, 'a failed first attempt is retried')
  t.equal(attempts.flaky, 2)

  const broken = await startSession(stack, wf, 'poste-2', { dossier: 'broken' })
  const brokenEnd = await new ScriptedAgent(stack, BOOTSTRAP, broken, 'poste-2').run({ screenshot: async () => '' })
  t.match(brokenEnd, { done: true, status: 'failed', reason: /step decide \(t2a_decision, seq 1\) failed: t2a_decision failed after 2 attempt\(s\) at most: model server answered 500/ })
  t.equal(attempts.broken, 2, 'retries: 1 → two attempts, no more')

  const slow = await startSession(stack, wf, 'poste-3', { dossier: 'slow' })
  const slowEnd = await new ScriptedAgent(stack, BOOTSTRAP, slow, 'poste-3').run({ screenshot: async () => '' })
  t.match(slowEnd, { done: true, status: 'failed', reason: /aborted: TimeoutError/ }, 'the AbortSignal fired at the step timeout')
  t.equal(attempts.slow, 2)
  const read = await readSession(stack, slow)
  t.match(read.steps[0], { state: 'failed', job_attempts: 1, error: /aborted/ })
  t.equal(read.steps[1].state, 'waiting', 'nothing after the failed step ran')
})

t.test('extract_text without an anchor reads its region of a screenshot taken after the previous action', async (t) => {
  const stack = await startStack(t)
  const seen: unknown[] = []
  scriptedWorker(t, stack, 'vision.extract_text', async (job) => {
    seen.push(job.data)
    return { text: `texte ${seen.length}`, words: [] }
  })
  const wf = await createWorkflow(stack, {
    name: 'Lecture',
    nodes: [
      { id: 'go', type: 'hotkey', params: { keys: ['f5'] } },
      { id: 'whole', type: 'extract_text', params: { variable: 'ecran', region: { x: 0, y: 0, width: 64, height: 48 } } },
      { id: 'zone', type: 'extract_text', params: { variable: 'zone', region: { x: 5, y: 6, width: 30, height: 20 } } },
      { id: 'echo', type: 'type_text', params: { text: '{{ecran}} / {{zone}}' } },
    ],
    edges: [{ from: 'go', to: 'whole' }, { from: 'whole', to: 'zone' }, { from: 'zone', to: 'echo' }],
  })
  const session = await startSession(stack, wf, 'poste-1')
  const agent = new ScriptedAgent(stack, BOOTSTRAP, session, 'poste-1')
  t.equal((await agent.poll()).json.action?.type, 'hotkey')
  t.same((await agent.result(1)).json, { recorded: true, duplicate: false }, 'the result came without a screenshot …')
  const ask = await agent.poll()
  t.match(ask.json, { action: { type: 'screenshot', seq: null, step_id: 'whole' }, server_busy: false }, '… so the server asks for one')
  const end = await agent.run({ screenshot: () => screenshotBase64(4) })
  t.match(end, { done: true, status: 'succeeded' })
  t.same(agent.performed.map((a) => a!.text), ['texte 1 / texte 2'])
  t.match(seen, [{ image_sha256: /^[0-9a-f]{64}$/, region: { x: 0, y: 0, width: 64, height: 48 } }, { region: { x: 5, y: 6, width: 30, height: 20 } }])
  t.equal((seen[0] as { image_sha256: string }).image_sha256, (seen[1] as { image_sha256: string }).image_sha256, 'nothing happened on screen between the two reads: the same screenshot')
})

t.test('an anchored extract_text resolves its anchor first, then reads that area of the same screenshot', async (t) => {
  const stack = await startStack(t)
  const order: string[] = []
  scriptedWorker(t, stack, 'vision.resolve', async (job) => {
    order.push(`resolve ${job.data.screenshot_sha256.slice(0, 8)}`)
    return { found: true, x: 50, y: 60, bbox: { x: 40, y: 55, width: 20, height: 10 }, score: 0.91, method: 'text', scale: 1, candidates: [], reason: null }
  })
  scriptedWorker(t, stack, 'vision.extract_text', async (job) => {
    order.push(`extract ${job.data.image_sha256.slice(0, 8)} ${JSON.stringify(job.data.region)}`)
    return { text: 'IPP 42', words: [] }
  })
  const wf = await createWorkflow(stack, {
    name: 'Lecture ancrée',
    nodes: [
      { id: 'read', type: 'extract_text', params: { variable: 'ipp' }, anchor: await anchor(1, { x: 10, y: 10 }, 'IPP') },
      { id: 'echo', type: 'type_text', params: { text: '{{ipp}}' } },
    ],
    edges: [{ from: 'read', to: 'echo' }],
  })
  const session = await startSession(stack, wf, 'poste-1')
  const end = await new ScriptedAgent(stack, BOOTSTRAP, session, 'poste-1').run({ screenshot: () => screenshotBase64(5) })
  t.match(end, { status: 'succeeded' })
  t.equal(order.length, 2)
  const sha = order[0]!.split(' ')[1]
  t.same(order, [`resolve ${sha}`, `extract ${sha} {"x":40,"y":55,"width":20,"height":10}`])
  t.match((await readSession(stack, session)).steps[0], { state: 'done', resolution: { found: true, method: 'text', score: 0.91 } })
})
