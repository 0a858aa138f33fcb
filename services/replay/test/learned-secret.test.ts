import t from 'tap'
import type { LearnedEvent, NextResponse, Workflow } from '@rpa-vision/contracts'
import { BOOTSTRAP, startLearnStack, type LearnStack } from '../../workflows/test/learn-harness.js'

const RECORDED = 'Rec0rded-pw'
const SCREEN = { width: 320, height: 200, scale: 1 }

/** Typed into a password field, then Enter: no click, so learning needs no vision worker. */
const TRACE: LearnedEvent[] = [
  ...[...RECORDED].map((c, i): LearnedEvent => ({ type: 'key', key: c, text: c, secret: true, field_name: 'password', t_ms: i })),
  { type: 'key', key: 'Enter', secret: true, field_name: 'password', t_ms: 50 },
]

async function learnAndApprove(stack: LearnStack): Promise<Workflow> {
  const res = await stack.call<Workflow>(BOOTSTRAP, 'POST', '/api/v1/learned-workflows', { name: 'Mot de passe appris', screen: SCREEN, events: TRACE })
  if (res.status !== 201) throw new Error(`learn: ${res.status} ${JSON.stringify(res.json)}`)
  const approved = await stack.call(BOOTSTRAP, 'POST', `/api/v1/workflows/${res.json.id}/review`, { status: 'approved' })
  if (approved.status !== 200) throw new Error(`review: ${approved.status}`)
  return res.json
}

/** The first action the agent gets. */
async function firstAction(stack: LearnStack, session: string): Promise<NonNullable<NextResponse['action']>> {
  const res = await stack.call<NextResponse>(BOOTSTRAP, 'POST', '/api/v1/replay/next', { session_id: session, agent_id: 'poste-1' })
  if (!res.json.action) throw new Error(`no action: ${JSON.stringify(res.json)}`)
  return res.json.action
}

t.test('a session without the variable types the recorded value; a given variable wins; nothing shows it', async (t) => {
  const stack = await startLearnStack(t, { replay: {} })
  const wf = await learnAndApprove(stack)
  t.same(wf.nodes.map((n) => [n.type, n.params]), [['type_secret', { variable: 'password' }], ['hotkey', { keys: ['enter'] }]])

  const started = await stack.call(BOOTSTRAP, 'POST', '/api/v1/replays', { workflow_id: wf.id, agent_id: 'poste-1' })
  t.equal(started.status, 201, JSON.stringify(started.json))
  const action = await firstAction(stack, started.json.session_id)
  t.match(action, { type: 'type', text: RECORDED, secret: true }, 'the agent types the value recorded at learning time, flagged secret')
  const read = await stack.call(BOOTSTRAP, 'GET', `/api/v1/replays/${started.json.session_id}`)
  t.notOk(JSON.stringify(read.json).includes(RECORDED), 'the session read shows no secret')
  t.equal(read.json.variables.password, '••••••', 'masked')
  const row = await stack.sql.query('SELECT s::text AS whole FROM replay_sessions s WHERE id = $1', [started.json.session_id])
  t.notOk(row.rows[0].whole.includes(RECORDED), 'the session row holds it sealed only')

  const given = await stack.call(BOOTSTRAP, 'POST', '/api/v1/replays', { workflow_id: wf.id, agent_id: 'poste-1', variables: { password: 'given-pw' } })
  t.equal(given.status, 201)
  t.match(await firstAction(stack, given.json.session_id), { type: 'type', text: 'given-pw', secret: true }, 'a variable given at the start wins')
})

t.test('a manual workflow is not looked up: a missing secret is still a 400', async (t) => {
  const stack = await startLearnStack(t, { replay: {} })
  const created = await stack.call(BOOTSTRAP, 'POST', '/api/v1/workflows', { name: 'manuel', nodes: [{ id: 'n1', type: 'type_secret', params: { variable: 'password' } }], edges: [] })
  const res = await stack.call(BOOTSTRAP, 'POST', '/api/v1/replays', { workflow_id: created.json.id, agent_id: 'poste-1' })
  t.equal(res.status, 400)
  t.match(res.json.error.message, /uses the variable "password", which is neither given in variables nor set by an earlier step/)
})

t.test('a replay service without the key, or with another one, refuses with 503 SECRETS_UNAVAILABLE and starts nothing', async (t) => {
  for (const [what, key, message] of [
    ['no key', null, /REPLAY_SECRET_KEY is not set/],
    ['another key', Buffer.alloc(32, 3).toString('base64'), /not the key they were sealed with .*share one REPLAY_SECRET_KEY/],
  ] as const) {
    const stack = await startLearnStack(t, { replay: { secretKey: key } })
    const wf = await learnAndApprove(stack)
    const res = await stack.call(BOOTSTRAP, 'POST', '/api/v1/replays', { workflow_id: wf.id, agent_id: 'poste-1' })
    t.equal(res.status, 503, what)
    t.match(res.json, { error: { code: 'SECRETS_UNAVAILABLE', message } }, `${what}: ${res.json.error?.message}`)
    t.equal((await stack.sql.query('SELECT count(*)::int AS n FROM replay_sessions')).rows[0].n, 0, `${what}: no session`)
    const given = await stack.call(BOOTSTRAP, 'POST', '/api/v1/replays', { workflow_id: wf.id, agent_id: 'poste-1', variables: { password: 'x' } })
    t.equal(given.status, key === null ? 503 : 201, `${what}: given the variable, ${key === null ? 'still refused (it could not be kept encrypted)' : 'it starts'}`)
  }
})
