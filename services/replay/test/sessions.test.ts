import t from 'tap'
import pg from 'pg'
import type { CreatedToken, Role } from '@rpa-vision/contracts'
import { anchor, BOOTSTRAP, startStack, type Stack } from './harness.js'

const UNKNOWN = '00000000-0000-4000-8000-000000000000'
type Asserts = Pick<typeof t, 'equal' | 'match'>

async function createWorkflow(stack: Stack, body: Record<string, unknown>): Promise<{ id: string; version: number }> {
  const res = await stack.call(BOOTSTRAP, 'POST', '/api/v1/workflows', body)
  if (res.status !== 201) throw new Error(`create workflow: ${res.status} ${JSON.stringify(res.json)}`)
  return res.json
}

/** Non-anchored first step: the session starts ready, no job is ever enqueued. */
function typing(name: string, text = 'bonjour'): Record<string, unknown> {
  return {
    name,
    nodes: [
      { id: 'hello', type: 'type_text', params: { text } },
      { id: 'save', type: 'hotkey', params: { keys: ['ctrl', 's'] } },
    ],
    edges: [{ from: 'hello', to: 'save' }],
  }
}

/** A token whose id is known: that id is the principal id the services see. */
async function tokenWithId(stack: Stack, role: Role, agentId?: string): Promise<CreatedToken> {
  const res = await stack.call<CreatedToken>(BOOTSTRAP, 'POST', '/api/v1/tokens', { name: `${role} ${agentId ?? ''}`.trim(), role, ...(agentId ? { agent_id: agentId } : {}) })
  if (res.status !== 201) throw new Error(`token: ${res.status} ${JSON.stringify(res.json)}`)
  return res.json
}

async function start(stack: Stack, workflowId: string, agentId: string, variables?: Record<string, string>, token = BOOTSTRAP): Promise<string> {
  const res = await stack.call(token, 'POST', '/api/v1/replays', { workflow_id: workflowId, agent_id: agentId, ...(variables ? { variables } : {}) })
  if (res.status !== 201) throw new Error(`start replay: ${res.status} ${JSON.stringify(res.json)}`)
  return res.json.session_id
}

async function sql(t: { teardown(fn: () => unknown): void }, stack: Stack): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: stack.database.url })
  await client.connect()
  t.teardown(() => client.end())
  return client
}

t.test('POST /api/v1/replays: shape, validation, review gate, agent tokens', async (t) => {
  const stack = await startStack(t)
  const wf = await createWorkflow(stack, {
    name: 'Admission',
    nodes: [
      { id: 'ipp', type: 'type_text', params: { text: 'IPP {{patient_ipp}}' } },
      { id: 'tab', type: 'hotkey', params: { keys: ['tab'] } },
      { id: 'ok', type: 'click_anchor', anchor: await anchor(1, { x: 100, y: 50 }, 'OK') },
      { id: 'name', type: 'type_text', params: { text: '{{nom}}' }, anchor: await anchor(2, { x: 200, y: 80 }) },
    ],
    edges: [{ from: 'ipp', to: 'tab' }, { from: 'tab', to: 'ok' }, { from: 'ok', to: 'name' }],
  })

  await t.test('201 with the session head', async (t) => {
    const res = await stack.call(BOOTSTRAP, 'POST', '/api/v1/replays', { workflow_id: wf.id, agent_id: 'poste-1', variables: { patient_ipp: '42', nom: 'Dupont' } })
    t.equal(res.status, 201, JSON.stringify(res.json))
    t.same(Object.keys(res.json).sort(), ['agent_id', 'plan_length', 'session_id', 'status', 'workflow_id', 'workflow_version'], 'exactly the documented fields')
    t.match(res.json, { session_id: /^[0-9a-f-]{36}$/, status: 'running', workflow_id: wf.id, workflow_version: 1, agent_id: 'poste-1', plan_length: 5 },
      'plan_length counts the pre-click of the anchored type_text')
    const read = await stack.call(BOOTSTRAP, 'GET', `/api/v1/replays/${res.json.session_id}`)
    t.equal(read.status, 200)
    t.match(read.json, { session_id: res.json.session_id, status: 'running', cursor: 1, plan_length: 5, workflow_name: 'Admission', created_by: 'bootstrap', reason: null, finished_at: null })
    t.same(read.json.variables, { patient_ipp: '42', nom: 'Dupont' })
    t.same(read.json.steps.map((s: { seq: number; step_id: string; kind: string; pre_click: boolean }) => [s.seq, s.step_id, s.kind, s.pre_click]), [
      [1, 'ipp', 'type', false], [2, 'tab', 'hotkey', false], [3, 'ok', 'click', false], [4, 'name', 'click', true], [5, 'name', 'type', false],
    ], 'the compiled plan')
    t.equal(read.json.steps[0].state, 'ready', 'a non-anchored first step is ready at once')
    t.equal(read.json.steps[0].text, 'IPP {{patient_ipp}}', 'reads show the template, not the filled text')
  })

  await t.test('an unknown workflow is 404 with the envelope', async (t) => {
    const res = await stack.call(BOOTSTRAP, 'POST', '/api/v1/replays', { workflow_id: UNKNOWN, agent_id: 'poste-1' })
    t.equal(res.status, 404)
    t.match(res.json, { error: { code: 'NOT_FOUND', message: new RegExp(`workflow ${UNKNOWN}`) } })
  })

  await t.test('a missing variable is 400 naming the step and the variable', async (t) => {
    const res = await stack.call(BOOTSTRAP, 'POST', '/api/v1/replays', { workflow_id: wf.id, agent_id: 'poste-1', variables: { patient_ipp: '42' } })
    t.equal(res.status, 400)
    t.match(res.json, { error: { code: 'BAD_REQUEST', message: /step name \(type_text\).*"nom"/ } })
    const none = await stack.call(BOOTSTRAP, 'POST', '/api/v1/replays', { workflow_id: wf.id, agent_id: 'poste-1' })
    t.equal(none.status, 400)
    t.match(none.json.error.message, /step ipp .*"patient_ipp"/, 'the first step that needs one is named')
  })

  await t.test('malformed bodies are 400', async (t) => {
    const badName = await stack.call(BOOTSTRAP, 'POST', '/api/v1/replays', { workflow_id: wf.id, agent_id: 'poste-1', variables: { patient_ipp: '1', nom: 'x', 'mot-de-passe': 'x' } })
    t.equal(badName.status, 400, 'a variable name with a dash')
    t.match(badName.json.error.message, /"mot-de-passe" is not a variable name/)
    const digit = await stack.call(BOOTSTRAP, 'POST', '/api/v1/replays', { workflow_id: wf.id, agent_id: 'poste-1', variables: { patient_ipp: '1', nom: 'x', '1st': 'x' } })
    t.equal(digit.status, 400, 'a variable name starting with a digit')
    t.match(digit.json.error.message, /"1st"/)
    const unknownField = await stack.call(BOOTSTRAP, 'POST', '/api/v1/replays', { workflow_id: wf.id, agent_id: 'poste-1', variables: { patient_ipp: '1', nom: 'x' }, priority: 'high' })
    t.equal(unknownField.status, 400, 'an unknown field')
    t.match(unknownField.json, { error: { code: 'VALIDATION_ERROR', message: /priority|additional/ } })
    const noAgent = await stack.call(BOOTSTRAP, 'POST', '/api/v1/replays', { workflow_id: wf.id })
    t.equal(noAgent.status, 400, 'no agent_id')
    const badId = await stack.call(BOOTSTRAP, 'POST', '/api/v1/replays', { workflow_id: 'not-a-uuid', agent_id: 'poste-1' })
    t.equal(badId.status, 400, 'a workflow_id that is not a uuid')
    const badAgent = await stack.call(BOOTSTRAP, 'POST', '/api/v1/replays', { workflow_id: wf.id, agent_id: 'poste 1/../x' })
    t.equal(badAgent.status, 400, 'an agent_id outside the allowed characters')
    const notString = await stack.call(BOOTSTRAP, 'POST', '/api/v1/replays', { workflow_id: wf.id, agent_id: 'poste-1', variables: { patient_ipp: { nested: true }, nom: 'x' } })
    t.equal(notString.status, 400, 'a variable value that is not a string')
    const list = await stack.call(BOOTSTRAP, 'GET', `/api/v1/replays?workflow_id=${wf.id}`)
    t.equal(list.json.total, 1, 'none of the refused requests stored a session')
  })

  await t.test('agent tokens start replays only for their own agent_id', async (t) => {
    const agent = await stack.token('agent', 'poste-7')
    const other = await stack.call(agent, 'POST', '/api/v1/replays', { workflow_id: wf.id, agent_id: 'poste-8', variables: { patient_ipp: '1', nom: 'x' } })
    t.equal(other.status, 403)
    t.match(other.json, { error: { code: 'FORBIDDEN', message: /"poste-7".*"poste-8"/ } })
    const own = await stack.call(agent, 'POST', '/api/v1/replays', { workflow_id: wf.id, agent_id: 'poste-7', variables: { patient_ipp: '1', nom: 'x' } })
    t.equal(own.status, 201, JSON.stringify(own.json))
    t.match(own.json, { status: 'running', agent_id: 'poste-7' })
    const author = await stack.token('author')
    const byAuthor = await stack.call(author, 'POST', '/api/v1/replays', { workflow_id: wf.id, agent_id: 'poste-9', variables: { patient_ipp: '1', nom: 'x' } })
    t.equal(byAuthor.status, 201, 'an author may start a replay for any agent')
  })
})

t.test('learned and imported workflows replay only once approved', async (t) => {
  const stack = await startStack(t)
  const notApproved = async (t: Asserts, id: string, status: string) => {
    const res = await stack.call(BOOTSTRAP, 'POST', '/api/v1/replays', { workflow_id: id, agent_id: 'poste-1' })
    t.equal(res.status, 409, `a ${status} workflow is refused`)
    t.match(res.json, { error: { code: 'WORKFLOW_NOT_APPROVED', message: new RegExp(`workflow ${id} is ${status}.*/review`) } })
  }
  const review = async (id: string, status: string) => {
    const res = await stack.call(BOOTSTRAP, 'POST', `/api/v1/workflows/${id}/review`, { status })
    if (res.status !== 200) throw new Error(`review: ${res.status} ${JSON.stringify(res.json)}`)
    return res.json
  }

  const learned = await createWorkflow(stack, { ...typing('Appris'), source: 'learned' })
  await notApproved(t, learned.id, 'pending')
  await review(learned.id, 'changes_requested')
  await notApproved(t, learned.id, 'changes requested')
  await review(learned.id, 'rejected')
  await notApproved(t, learned.id, 'rejected')
  const approved = await review(learned.id, 'approved')
  t.equal(approved.review_status, 'approved')
  const ok = await stack.call(BOOTSTRAP, 'POST', '/api/v1/replays', { workflow_id: learned.id, agent_id: 'poste-1' })
  t.equal(ok.status, 201, JSON.stringify(ok.json))
  t.equal(ok.json.workflow_version, approved.version, 'the replay snapshots the version the review wrote')

  const source = await createWorkflow(stack, typing('Source'))
  const bundle = await stack.call(BOOTSTRAP, 'GET', `/api/v1/workflows/${source.id}/export`)
  t.equal(bundle.status, 200)
  const imported = await stack.call(BOOTSTRAP, 'POST', '/api/v1/workflows/import', bundle.json)
  t.equal(imported.status, 201, JSON.stringify(imported.json))
  t.match(imported.json, { source: 'import', review_status: 'pending' })
  await notApproved(t, imported.json.id, 'pending')
  await review(imported.json.id, 'approved')
  t.equal((await stack.call(BOOTSTRAP, 'POST', '/api/v1/replays', { workflow_id: imported.json.id, agent_id: 'poste-1' })).status, 201, 'approved: 201')
  t.equal((await stack.call(BOOTSTRAP, 'POST', '/api/v1/replays', { workflow_id: source.id, agent_id: 'poste-1' })).status, 201, 'a manual workflow needs no review')

  const list = await stack.call(BOOTSTRAP, 'GET', '/api/v1/replays')
  t.equal(list.json.total, 3, 'the refused requests stored nothing')
})

t.test('secrets: without REPLAY_SECRET_KEY a type_secret workflow is refused and nothing is stored', async (t) => {
  const stack = await startStack(t, { replayEnv: { REPLAY_SECRET_KEY: '' } })
  const plain = await createWorkflow(stack, typing('Sans secret'))
  t.equal((await stack.call(BOOTSTRAP, 'POST', '/api/v1/replays', { workflow_id: plain.id, agent_id: 'poste-1' })).status, 201, 'a workflow without secrets still replays')
  const before = (await stack.call(BOOTSTRAP, 'GET', '/api/v1/replays')).json.total
  t.equal(before, 1)

  const wf = await createWorkflow(stack, {
    name: 'Connexion',
    nodes: [{ id: 'user', type: 'type_text', params: { text: 'dr.house' } }, { id: 'pwd', type: 'type_secret', params: { variable: 'password' } }],
    edges: [{ from: 'user', to: 'pwd' }],
  })
  const res = await stack.call(BOOTSTRAP, 'POST', '/api/v1/replays', { workflow_id: wf.id, agent_id: 'poste-1', variables: { password: 'N0-Key-S3cret' } })
  t.equal(res.status, 503)
  t.match(res.json, { error: { code: 'SECRETS_UNAVAILABLE', message: /REPLAY_SECRET_KEY/ } })
  t.equal((await stack.call(BOOTSTRAP, 'GET', '/api/v1/replays')).json.total, before, 'GET /api/v1/replays total unchanged')
  const db = await sql(t, stack)
  t.equal((await db.query('SELECT count(*)::int AS n FROM replay_sessions')).rows[0].n, 1, 'no session row')
  t.equal((await db.query(`SELECT count(*)::int AS n FROM replay_actions a JOIN replay_sessions s ON s.id = a.session_id WHERE s.workflow_id = $1`, [wf.id])).rows[0].n, 0, 'no action rows')
  t.equal((await db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'replay.create'`)).rows[0].n, 1, 'no audit row for the refused one')
})

t.test('secrets: with the key, the value is sealed in the database, masked in reads, delivered to the agent', async (t) => {
  const stack = await startStack(t)
  const SECRET = 'Tr3s-S3cret-Valu3!'
  const wf = await createWorkflow(stack, {
    name: 'Connexion',
    nodes: [
      { id: 'pwd', type: 'type_secret', params: { variable: 'password' } },
      { id: 'user', type: 'type_text', params: { text: 'user {{login}}' } },
    ],
    edges: [{ from: 'pwd', to: 'user' }],
  })
  const session = await start(stack, wf.id, 'poste-3', { password: SECRET, login: 'dr.house' })

  const db = await sql(t, stack)
  const row = (await db.query('SELECT s::text AS whole, secrets, secret_names, variables FROM replay_sessions s WHERE id = $1', [session])).rows[0]
  t.ok(row, 'the session row exists')
  t.notOk(row.whole.includes(SECRET), 'the secret appears in no column of replay_sessions')
  t.ok(row.whole.includes('dr.house'), 'a plain variable is stored as it is (the check looks at the right row)')
  t.match(row.secrets, /^v1\./, 'the secrets column holds the sealed value')
  t.same(row.secret_names, ['password'])
  t.same(row.variables, { login: 'dr.house' }, 'the secret is not among the plain variables')
  const actions = (await db.query('SELECT a::text AS whole FROM replay_actions a WHERE session_id = $1', [session])).rows
  t.equal(actions.length, 2)
  t.ok(actions.every((a: { whole: string }) => !a.whole.includes(SECRET)), 'nor in replay_actions')
  const audit = (await db.query('SELECT a::text AS whole FROM audit_log a')).rows
  t.ok(audit.length > 0 && audit.every((a: { whole: string }) => !a.whole.includes(SECRET)), 'nor in audit_log')

  const read = await stack.call(BOOTSTRAP, 'GET', `/api/v1/replays/${session}`)
  t.equal(read.status, 200)
  t.same(read.json.variables, { login: 'dr.house', password: '••••••' }, 'masked in GET')
  t.equal(read.json.steps[0].text, '{{password}}', 'the step shows the placeholder')
  t.notOk(JSON.stringify(read.json).includes(SECRET), 'the secret is nowhere in the read')
  const list = await stack.call(BOOTSTRAP, 'GET', '/api/v1/replays')
  t.notOk(JSON.stringify(list.json).includes(SECRET), 'nor in the list')

  const agent = await stack.token('agent', 'poste-3')
  const next = await stack.call(agent, 'POST', '/api/v1/replay/next', { session_id: session, agent_id: 'poste-3' })
  t.equal(next.status, 200, JSON.stringify(next.json))
  t.match(next.json, { action: { seq: 1, step_id: 'pwd', type: 'type', text: SECRET, secret: true } }, 'the agent gets the secret, flagged')
})

t.test('a running replay keeps its snapshot when the workflow changes', async (t) => {
  const stack = await startStack(t)
  const wf = await createWorkflow(stack, typing('Saisie', 'ancien texte'))
  const agent = await stack.token('agent', 'poste-5')
  const first = await stack.call(BOOTSTRAP, 'POST', '/api/v1/replays', { workflow_id: wf.id, agent_id: 'poste-5' })
  t.equal(first.status, 201)
  t.equal(first.json.workflow_version, 1)

  const put = await stack.call(BOOTSTRAP, 'PUT', `/api/v1/workflows/${wf.id}`, {
    version: 1, name: 'Saisie v2',
    nodes: [
      { id: 'hello', type: 'type_text', params: { text: 'nouveau texte' } },
      { id: 'save', type: 'hotkey', params: { keys: ['ctrl', 'shift', 's'] } },
      { id: 'wait', type: 'wait', params: { ms: 10 } },
    ],
    edges: [{ from: 'hello', to: 'save' }, { from: 'save', to: 'wait' }],
  })
  t.equal(put.status, 200, JSON.stringify(put.json))
  t.equal(put.json.version, 2)

  const old = await stack.call(BOOTSTRAP, 'GET', `/api/v1/replays/${first.json.session_id}`)
  t.match(old.json, { workflow_version: 1, workflow_name: 'Saisie', plan_length: 2 }, 'the running replay is still on version 1')
  t.equal(old.json.steps.length, 2)
  t.equal(old.json.steps[0].text, 'ancien texte', 'its plan has the old text')
  t.same(old.json.steps[1].keys, ['ctrl', 's'], 'and the old keys')
  const delivered = await stack.call(agent, 'POST', '/api/v1/replay/next', { session_id: first.json.session_id, agent_id: 'poste-5' })
  t.equal(delivered.status, 200, JSON.stringify(delivered.json))
  t.match(delivered.json, { action: { seq: 1, step_id: 'hello', type: 'type', text: 'ancien texte' } }, 'the agent types the old text')

  const second = await stack.call(BOOTSTRAP, 'POST', '/api/v1/replays', { workflow_id: wf.id, agent_id: 'poste-5' })
  t.equal(second.status, 201)
  t.match(second.json, { workflow_version: 2, plan_length: 3 }, 'a new replay gets version 2')
  const next2 = await stack.call(agent, 'POST', '/api/v1/replay/next', { session_id: second.json.session_id, agent_id: 'poste-5' })
  t.match(next2.json, { action: { seq: 1, type: 'type', text: 'nouveau texte' } }, 'and the new text')

  const del = await stack.call(BOOTSTRAP, 'DELETE', `/api/v1/workflows/${wf.id}`)
  t.equal(del.status, 204)
  const afterDelete = await stack.call(BOOTSTRAP, 'GET', `/api/v1/replays/${first.json.session_id}`)
  t.equal(afterDelete.status, 200, 'a replay outlives the deletion of its workflow')
  t.equal(afterDelete.json.steps[0].text, 'ancien texte')
  t.equal((await stack.call(BOOTSTRAP, 'POST', '/api/v1/replays', { workflow_id: wf.id, agent_id: 'poste-5' })).status, 404, 'but no new replay of it starts')
})

t.test('GET /api/v1/replays: filters, paging, newest first, agents see their own', async (t) => {
  const stack = await startStack(t)
  const w1 = await createWorkflow(stack, typing('W1'))
  const w2 = await createWorkflow(stack, typing('W2'))
  const s1 = await start(stack, w1.id, 'a1')
  const s2 = await start(stack, w1.id, 'a2')
  const s3 = await start(stack, w2.id, 'a1')
  const s4 = await start(stack, w2.id, 'a2')
  t.equal((await stack.call(BOOTSTRAP, 'POST', `/api/v1/replays/${s2}/cancel`)).status, 200)

  const ids = async (query: string, token = BOOTSTRAP) => {
    const res = await stack.call(token, 'GET', `/api/v1/replays${query}`)
    if (res.status !== 200) throw new Error(`list ${query}: ${res.status} ${JSON.stringify(res.json)}`)
    return { ids: res.json.items.map((i: { session_id: string }) => i.session_id), total: res.json.total }
  }
  t.same(await ids(''), { ids: [s4, s3, s2, s1], total: 4 }, 'all, newest first')
  t.same(await ids('?status=cancelled'), { ids: [s2], total: 1 }, 'status=cancelled')
  t.same(await ids('?status=running'), { ids: [s4, s3, s1], total: 3 }, 'status=running')
  t.same(await ids('?status=succeeded'), { ids: [], total: 0 }, 'status=succeeded')
  t.same(await ids('?agent_id=a1'), { ids: [s3, s1], total: 2 }, 'agent_id')
  t.same(await ids(`?workflow_id=${w2.id}`), { ids: [s4, s3], total: 2 }, 'workflow_id')
  t.same(await ids(`?workflow_id=${w1.id}&agent_id=a2&status=cancelled`), { ids: [s2], total: 1 }, 'filters combine')
  t.same(await ids(`?workflow_id=${w1.id}&agent_id=a2&status=running`), { ids: [], total: 0 }, 'filters combine (none match)')
  t.same(await ids('?limit=2'), { ids: [s4, s3], total: 4 }, 'limit: total still counts every match')
  t.same(await ids('?limit=2&offset=2'), { ids: [s2, s1], total: 4 }, 'offset')
  t.same(await ids('?limit=1&offset=3'), { ids: [s1], total: 4 }, 'the last page')
  t.same(await ids('?offset=10'), { ids: [], total: 4 }, 'past the end')

  const item = (await stack.call(BOOTSTRAP, 'GET', `/api/v1/replays?status=cancelled`)).json.items[0]
  t.match(item, { session_id: s2, workflow_id: w1.id, workflow_version: 1, workflow_name: 'W1', agent_id: 'a2', status: 'cancelled', reason: /cancelled by bootstrap/, plan_length: 2 })
  t.notOk('steps' in item || 'variables' in item, 'list items are summaries')

  for (const q of ['?limit=0', '?limit=501', '?offset=-1', '?status=paused', '?agent_id=a%20b', '?workflow_id=nope', '?color=blue']) {
    const res = await stack.call(BOOTSTRAP, 'GET', `/api/v1/replays${q}`)
    t.equal(res.status, 400, `${q} is refused`)
    t.equal(res.json?.error?.code, 'VALIDATION_ERROR', `${q}: the error envelope`)
  }

  const a1 = await stack.token('agent', 'a1')
  t.same(await ids('', a1), { ids: [s3, s1], total: 2 }, 'an agent token sees only its own sessions, without a filter')
  t.same(await ids('?agent_id=a2', a1), { ids: [], total: 0 }, 'asking for another agent gives an empty list')
  t.same(await ids(`?workflow_id=${w1.id}`, a1), { ids: [s1], total: 1 }, 'other filters still apply')
  t.same(await ids('?agent_id=a1&limit=1', a1), { ids: [s3], total: 2 }, 'paging applies to its own')
  const a3 = await stack.token('agent', 'a3')
  t.same(await ids('', a3), { ids: [], total: 0 }, 'an agent with no sessions sees none')
})

t.test('read and cancel', async (t) => {
  const stack = await startStack(t)
  const wf = await createWorkflow(stack, typing('Annulable'))
  const a1 = await tokenWithId(stack, 'agent', 'a1')
  const a2 = await tokenWithId(stack, 'agent', 'a2')
  const session = await start(stack, wf.id, 'a1')

  const foreign = await stack.call(a2.token, 'GET', `/api/v1/replays/${session}`)
  t.equal(foreign.status, 403, "another agent's token cannot read it")
  t.match(foreign.json, { error: { code: 'FORBIDDEN', message: /"a2"/ } })
  t.notOk(JSON.stringify(foreign.json).includes('bonjour'), 'the refusal leaks nothing of the session')
  const own = await stack.call(a1.token, 'GET', `/api/v1/replays/${session}`)
  t.equal(own.status, 200, 'its own agent can')
  t.equal(own.json.status, 'running')

  const unknown = await stack.call(BOOTSTRAP, 'GET', `/api/v1/replays/${UNKNOWN}`)
  t.equal(unknown.status, 404)
  t.match(unknown.json, { error: { code: 'NOT_FOUND', message: new RegExp(`replay session ${UNKNOWN}`) } })
  const bad = await stack.call(BOOTSTRAP, 'GET', '/api/v1/replays/not-a-uuid')
  t.equal(bad.status, 400)
  t.equal(bad.json?.error?.code, 'VALIDATION_ERROR')
  t.equal((await stack.call(BOOTSTRAP, 'POST', `/api/v1/replays/${UNKNOWN}/cancel`)).status, 404, 'cancelling an unknown session: 404')
  t.equal((await stack.call(BOOTSTRAP, 'POST', '/api/v1/replays/not-a-uuid/cancel')).status, 400, 'cancelling a malformed id: 400')

  const refused = await stack.call(a2.token, 'POST', `/api/v1/replays/${session}/cancel`)
  t.equal(refused.status, 403, "an agent cannot cancel another agent's session")
  t.equal((await stack.call(BOOTSTRAP, 'GET', `/api/v1/replays/${session}`)).json.status, 'running', 'and it is still running')

  const cancelled = await stack.call(a1.token, 'POST', `/api/v1/replays/${session}/cancel`)
  t.equal(cancelled.status, 200, JSON.stringify(cancelled.json))
  t.match(cancelled.json, { session_id: session, status: 'cancelled', reason: `cancelled by ${a1.id}` }, 'the reason names the canceller')
  t.ok(cancelled.json.finished_at, 'finished_at is set')
  t.equal(cancelled.json.steps[0].state, 'cancelled', 'the current action is cancelled')
  t.equal(cancelled.json.steps[1].state, 'waiting', 'later actions never started')

  const poll = await stack.call(a1.token, 'POST', '/api/v1/replay/next', { session_id: session, agent_id: 'a1' })
  t.equal(poll.status, 200)
  t.same(poll.json, { action: null, done: true, status: 'cancelled', reason: `cancelled by ${a1.id}` }, 'a poll afterwards says done')

  const twice = await stack.call(BOOTSTRAP, 'POST', `/api/v1/replays/${session}/cancel`)
  t.equal(twice.status, 200, 'cancelling twice is harmless')
  t.match(twice.json, { status: 'cancelled', reason: `cancelled by ${a1.id}` }, 'still cancelled, by the first canceller')
  t.equal(twice.json.finished_at, cancelled.json.finished_at, 'finished_at unchanged')

  const other = await start(stack, wf.id, 'a2')
  const byAdmin = await stack.call(BOOTSTRAP, 'POST', `/api/v1/replays/${other}/cancel`)
  t.match(byAdmin.json, { status: 'cancelled', reason: 'cancelled by bootstrap' }, 'an admin may cancel any session')
})

t.test('the audit log records replay.create and replay.cancel, without variable values', async (t) => {
  const stack = await startStack(t)
  const wf = await createWorkflow(stack, {
    name: 'Audit',
    nodes: [{ id: 'ipp', type: 'type_text', params: { text: 'IPP {{patient_ipp}}' } }, { id: 'pwd', type: 'type_secret', params: { variable: 'password' } }],
    edges: [{ from: 'ipp', to: 'pwd' }],
  })
  const agent = await tokenWithId(stack, 'agent', 'poste-9')
  const cancelled = await start(stack, wf.id, 'poste-9', { patient_ipp: 'IPP-778899', password: 'Audit-S3cret' }, agent.token)
  const kept = await start(stack, wf.id, 'poste-9', { patient_ipp: 'IPP-112233', password: 'Audit-S3cret' })
  t.equal((await stack.call(agent.token, 'POST', `/api/v1/replays/${cancelled}/cancel`)).status, 200)
  t.equal((await stack.call(BOOTSTRAP, 'POST', `/api/v1/replays/${cancelled}/cancel`)).status, 200, 'a second cancel')

  const db = await sql(t, stack)
  const rows = (await db.query(`SELECT actor, action, target_id, request_id, details, a::text AS whole FROM audit_log a WHERE target_type = 'replay' ORDER BY id`)).rows
  t.same(rows.map((r: { action: string; target_id: string }) => [r.action, r.target_id]), [
    ['replay.create', cancelled], ['replay.create', kept], ['replay.cancel', cancelled],
  ], 'one create per session, one cancel (the second cancel changed nothing)')
  t.same(rows[0].details, { workflow_id: wf.id, workflow_version: 1, agent_id: 'poste-9', plan_length: 2 }, 'create details: no variables')
  t.equal(rows[0].actor, agent.id, 'the actor of the first create is the agent token')
  t.equal(rows[1].actor, 'bootstrap')
  t.equal(rows[2].actor, agent.id, 'the canceller')
  t.ok(rows.every((r: { request_id: string | null }) => typeof r.request_id === 'string' && r.request_id.length > 0), 'every row has its request id')
  for (const value of ['IPP-778899', 'IPP-112233', 'Audit-S3cret']) {
    t.notOk(rows.some((r: { whole: string }) => r.whole.includes(value)), `the value ${value} is in no audit row`)
  }
  t.notOk(rows.some((r: { details: Record<string, unknown> }) => 'variables' in r.details), 'no variables key in any details')
})
