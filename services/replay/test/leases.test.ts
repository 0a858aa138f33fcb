import t from 'tap'
import pg from 'pg'
import { BOOTSTRAP, screenshotBase64, ScriptedAgent, startSession, startStack, waitUntil, type Stack } from './harness.js'

/** Three non-anchored steps: no job is involved, only leases and results. */
async function typingWorkflow(stack: Stack): Promise<string> {
  const res = await stack.call(BOOTSTRAP, 'POST', '/api/v1/workflows', {
    name: 'Saisie',
    nodes: [
      { id: 'a', type: 'type_text', params: { text: 'un' } },
      { id: 'b', type: 'hotkey', params: { keys: ['tab'] } },
      { id: 'c', type: 'type_text', params: { text: 'trois' } },
    ],
    edges: [{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }],
  })
  if (res.status !== 201) throw new Error(JSON.stringify(res.json))
  return res.json.id
}

t.test('lease expiry offers the same seq again; results are idempotent; out of order, unknown and foreign results are refused', async (t) => {
  const stack = await startStack(t, { replayEnv: { REPLAY_LEASE_MS: '400' } })
  const wf = await typingWorkflow(stack)
  const token = await stack.token('agent', 'poste-1')
  const session = await startSession(stack, wf, 'poste-1')
  const agent = new ScriptedAgent(stack, token, session, 'poste-1')

  const first = await agent.poll()
  t.match(first.json, { action: { seq: 1, step_id: 'a', type: 'type', text: 'un' }, server_busy: false })
  const again = await agent.poll()
  t.match(again.json, { action: null, server_busy: true, waiting_for: 'result' }, 'while leased, not offered to anyone')
  t.ok(again.json.retry_after_ms > 0 && again.json.retry_after_ms <= 400)

  const early = await agent.result(2)
  t.equal(early.status, 409, 'a result for a seq not delivered yet')
  t.match(early.json.error, { code: 'NOT_DELIVERED', message: /seq 2 has not been delivered yet; the current action is seq 1/ })
  const unknown = await agent.result(99)
  t.equal(unknown.status, 404)
  t.match(unknown.json.error.message, /seq 99 .*plan has 3 actions/)

  await waitUntil('the lease to expire', async () => (await agent.poll()).json.action?.seq === 1)
  const read = await stack.call(BOOTSTRAP, 'GET', `/api/v1/replays/${session}`)
  t.equal(read.json.steps[0].lease_count, 2, 'offered again with the same seq after the lease ran out')

  const ok = await agent.result(1)
  t.same(ok.json, { recorded: true, duplicate: false })
  const dup = await agent.result(1, 'failed', undefined, 'changed my mind')
  t.same(dup.json, { recorded: true, duplicate: true }, 'a repeat, even a different one, changes nothing')
  const after = await stack.call(BOOTSTRAP, 'GET', `/api/v1/replays/${session}`)
  t.match(after.json.steps[0], { state: 'done', result: { status: 'ok', error: null } })
  t.equal(after.json.status, 'running')
  t.equal(after.json.cursor, 2)

  const otherToken = await stack.token('agent', 'poste-2')
  const intruder = new ScriptedAgent(stack, otherToken, session, 'poste-2')
  const stolenPoll = await intruder.poll()
  t.equal(stolenPoll.status, 403, "an agent token cannot poll another agent's session")
  t.match(stolenPoll.json.error, { code: 'FORBIDDEN', message: /belongs to another agent/ })
  const pretend = await new ScriptedAgent(stack, otherToken, session, 'poste-1').poll()
  t.equal(pretend.status, 403, 'nor by claiming its agent_id')
  const stolenResult = await intruder.result(2)
  t.equal(stolenResult.status, 403, "nor post its results")
  const wrongId = await new ScriptedAgent(stack, BOOTSTRAP, session, 'poste-9').poll()
  t.equal(wrongId.status, 403, 'the agent_id of a poll must be the session agent, whatever the token')
  const author = await stack.token('author')
  t.equal((await stack.call(author, 'POST', '/api/v1/replay/next', { session_id: session, agent_id: 'poste-1' })).status, 200, 'an author may drive a session (tests, demos)')

  const end = await agent.run({ screenshot: async () => '' })
  t.match(end, { done: true, status: 'succeeded' })
  t.same(agent.performed.map((a) => a!.seq), [2, 3])
})

t.test('bad input is refused with a message and changes nothing', async (t) => {
  const stack = await startStack(t)
  const wf = await typingWorkflow(stack)
  const session = await startSession(stack, wf, 'poste-1')
  const agent = new ScriptedAgent(stack, BOOTSTRAP, session, 'poste-1')
  const notImage = await stack.call(BOOTSTRAP, 'POST', '/api/v1/replay/next', { session_id: session, agent_id: 'poste-1', screenshot: Buffer.from('not an image at all').toString('base64') })
  t.equal(notImage.status, 400)
  t.match(notImage.json.error, { code: 'INVALID_IMAGE', message: /screenshot/ })
  const missing = await stack.call(BOOTSTRAP, 'POST', '/api/v1/replay/next', { agent_id: 'poste-1' })
  t.equal(missing.status, 400)
  t.match(missing.json.error.message, /session_id/)
  const badSeq = await stack.call(BOOTSTRAP, 'POST', '/api/v1/replay/result', { session_id: session, seq: 0, status: 'ok' })
  t.equal(badSeq.status, 400)
  const badStatus = await stack.call(BOOTSTRAP, 'POST', '/api/v1/replay/result', { session_id: session, seq: 1, status: 'done' })
  t.equal(badStatus.status, 400)
  const nobody = await stack.call(BOOTSTRAP, 'POST', '/api/v1/replay/next', { session_id: '00000000-0000-4000-8000-000000000000', agent_id: 'poste-1' })
  t.equal(nobody.status, 404)
  t.match(nobody.json.error.message, /replay session .* not found/)

  const leased = await agent.poll()
  t.equal(leased.json.action?.seq, 1)
  const badShot = await stack.call(BOOTSTRAP, 'POST', '/api/v1/replay/result', { session_id: session, seq: 1, status: 'ok', screenshot: 'AAAAAAAAAAAA' })
  t.equal(badShot.status, 400, 'a result with a broken screenshot is refused whole')
  const read = await stack.call(BOOTSTRAP, 'GET', `/api/v1/replays/${session}`)
  t.match(read.json.steps[0], { state: 'leased', result: null }, '… and not recorded')
  const db = new pg.Client({ connectionString: stack.database.url })
  await db.connect()
  t.teardown(() => db.end())
  t.equal((await db.query('SELECT count(*)::int AS n FROM images')).rows[0].n, 0, 'no image stored by refused requests')
  t.same((await agent.result(1, 'ok', await screenshotBase64(3))).json, { recorded: true, duplicate: false })
  t.equal((await db.query('SELECT count(*)::int AS n FROM images WHERE expires_at IS NOT NULL')).rows[0].n, 1, 'the screenshot is stored once, by hash, as a transient image')
})

t.test('an action the agent reports failed fails the session with its reason', async (t) => {
  const stack = await startStack(t)
  const wf = await typingWorkflow(stack)
  const session = await startSession(stack, wf, 'poste-1')
  const agent = new ScriptedAgent(stack, BOOTSTRAP, session, 'poste-1')
  t.equal((await agent.poll()).json.action?.seq, 1)
  t.same((await agent.result(1, 'failed', undefined, 'the field is read-only')).json, { recorded: true, duplicate: false })
  const end = await agent.poll()
  t.same(end.json, { action: null, done: true, status: 'failed', reason: 'step a (type_text, seq 1) failed: the agent reported a failure: the field is read-only' })
  const read = await stack.call(BOOTSTRAP, 'GET', `/api/v1/replays/${session}`)
  t.match(read.json.steps, [{ state: 'failed', result: { status: 'failed', error: 'the field is read-only' } }, { state: 'waiting' }, { state: 'waiting' }])
})

t.test('an agent that stops polling: its session fails with the reason', async (t) => {
  const stack = await startStack(t, { replayEnv: { REPLAY_AGENT_TIMEOUT_MS: '1000' } })
  const wf = await typingWorkflow(stack)
  const session = await startSession(stack, wf, 'poste-1')
  const agent = new ScriptedAgent(stack, BOOTSTRAP, session, 'poste-1')
  t.equal((await agent.poll()).json.action?.seq, 1)
  await waitUntil('the session to fail', async () => (await stack.call(BOOTSTRAP, 'GET', `/api/v1/replays/${session}`)).json.status === 'failed')
  const read = await stack.call(BOOTSTRAP, 'GET', `/api/v1/replays/${session}`)
  t.match(read.json.reason, /agent "poste-1" has not polled since .* \(timeout 1000 ms\)/)
  t.equal(read.json.steps[0].state, 'cancelled', 'the leased action can no longer be performed')
  t.same((await agent.result(1)).json, { recorded: true, duplicate: false }, 'a late result is still kept for the record')
  t.match((await agent.poll()).json, { done: true, status: 'failed' })
})
