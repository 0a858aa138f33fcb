import t from 'tap'
import { anchor, BOOTSTRAP, movedResolver, scriptedWorker, screenshotBase64, ScriptedAgent, startStack, scriptedDecision } from './harness.js'

t.test('the agent protocol end to end: click, type with a pre-click, hotkey, variables, secrets, server-side steps, done', async (t) => {
  const stack = await startStack(t)
  const jobs: string[] = []
  scriptedWorker(t, stack, 'vision.resolve', async (job) => {
    jobs.push(`resolve ${job.data.anchor.target_text ?? ''}`)
    return movedResolver(job.data)
  })
  scriptedWorker(t, stack, 'vision.extract_text', async (job) => {
    jobs.push(`extract ${JSON.stringify(job.data.region)}`)
    return { text: 'Patient admis en UHCD à H+2, surveillance neurologique.', words: [] }
  })
  scriptedWorker(t, stack, 'llm.t2a_decision', async (job) => {
    jobs.push(`t2a ${job.data.record_text.length}`)
    return scriptedDecision('ghs')
  })

  const wf = await stack.call(BOOTSTRAP, 'POST', '/api/v1/workflows', {
    name: 'Codage',
    nodes: [
      { id: 'open', type: 'click_anchor', anchor: await anchor(1, { x: 100, y: 50 }, 'Ouvrir') },
      { id: 'ipp', type: 'type_text', params: { text: 'IPP {{patient_ipp}}' }, anchor: await anchor(2, { x: 300, y: 120 }) },
      { id: 'save', type: 'hotkey', params: { keys: ['ctrl', 's'] } },
      { id: 'read', type: 'extract_text', params: { variable: 'dossier' }, anchor: await anchor(3, { x: 10, y: 200 }) },
      { id: 'decide', type: 't2a_decision', params: { input: 'dossier', variable: 't2a' } },
      { id: 'note', type: 'type_text', params: { text: 'Décision: {{t2a.final_decision}}' } },
      { id: 'pwd', type: 'type_secret', params: { variable: 'password' }, anchor: await anchor(4, { x: 500, y: 600 }) },
      { id: 'pause', type: 'wait', params: { ms: 5 } },
      { id: 'down', type: 'scroll', params: { dy: -3 } },
    ],
    // written out of order on purpose: the plan follows the edges
    edges: [
      { from: 'open', to: 'ipp' }, { from: 'ipp', to: 'save' }, { from: 'save', to: 'read' }, { from: 'read', to: 'decide' },
      { from: 'decide', to: 'note' }, { from: 'note', to: 'pwd' }, { from: 'pwd', to: 'pause' }, { from: 'pause', to: 'down' },
    ],
  })
  t.equal(wf.status, 201, JSON.stringify(wf.json))
  const agentToken = await stack.token('agent', 'poste-12')
  const created = await stack.call(BOOTSTRAP, 'POST', '/api/v1/replays', {
    workflow_id: wf.json.id, agent_id: 'poste-12', variables: { patient_ipp: '123456', password: 's3cr3t-Pa55' },
  })
  t.equal(created.status, 201, JSON.stringify(created.json))
  t.match(created.json, { status: 'running', agent_id: 'poste-12', workflow_version: 1, plan_length: 11 })

  const agent = new ScriptedAgent(stack, agentToken, created.json.session_id, 'poste-12')
  let seed = 10
  const end = await agent.run({ screenshot: () => screenshotBase64(seed++) })
  t.same(end, { action: null, done: true, status: 'succeeded', reason: null })

  const summary = agent.performed.map((a) => [a!.seq, a!.step_id, a!.type, a!.x ?? null, a!.y ?? null, a!.text ?? a!.keys ?? a!.ms ?? a!.dy ?? null])
  t.same(summary, [
    [1, 'open', 'click', 115, 58, null],
    [2, 'ipp', 'click', 315, 128, null],
    [3, 'ipp', 'type', null, null, 'IPP 123456'],
    [4, 'save', 'hotkey', null, null, ['ctrl', 's']],
    [7, 'note', 'type', null, null, 'Décision: ghs'],
    [8, 'pwd', 'click', 515, 608, null],
    [9, 'pwd', 'type', null, null, 's3cr3t-Pa55'],
    [10, 'pause', 'wait', null, null, 5],
    [11, 'down', 'scroll', null, null, -3],
  ], 'every client action once, in plan order, variables filled at delivery')
  const pwd = agent.performed.find((a) => a!.step_id === 'pwd' && a!.type === 'type')!
  t.equal(pwd.secret, true, 'the secret is flagged to the agent')
  t.match(agent.performed[0], { button: 'left', clicks: 1, resolution: { method: 'template', score: 0.97 } })
  t.same(jobs.filter((j) => j.startsWith('resolve')), ['resolve Ouvrir', 'resolve ', 'resolve ', 'resolve '], 'one resolve per anchored step')
  t.ok(jobs.includes('extract {"x":13,"y":202,"width":24,"height":12}'), 'extract_text reads the resolved area')

  const read = await stack.call(BOOTSTRAP, 'GET', `/api/v1/replays/${created.json.session_id}`)
  t.equal(read.status, 200)
  t.equal(read.json.status, 'succeeded')
  t.equal(read.json.variables.password, '••••••', 'secrets masked in reads')
  t.equal(read.json.variables.patient_ipp, '123456')
  t.match(read.json.variables.t2a, { final_decision: 'ghs', provider: 'scripted' }, 'the decision is a session variable')
  t.match(read.json.variables.dossier, /UHCD/)
  t.notMatch(JSON.stringify(read.json), /s3cr3t/, 'the secret appears nowhere in the session read')
  t.ok(read.json.steps.every((s: { state: string }) => s.state === 'done'))
  t.match(read.json.steps[0], { seq: 1, step_id: 'open', kind: 'click', hint: { x: 112, y: 56 }, x: 115, y: 58, resolution: { found: true, method: 'template', attempts: 1 }, result: { status: 'ok' } })
  t.match(read.json.steps[1], { step_id: 'ipp', pre_click: true })
})
