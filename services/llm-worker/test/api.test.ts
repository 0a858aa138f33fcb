import t from 'tap'
import { JobClient, createRedis } from '@rpa-vision/queue'
import { RECORD_FORFAIT, RECORD_GHS } from '../../../packages/t2a/test/fixtures/t2a-examples.js'
import { startScriptedModelServer } from '@rpa-vision/t2a'
import { TEST_REDIS_URL } from '../../../test/helpers/index.js'
import { rowCount, startLlmWorker, storedRow, testDatabase } from './harness.js'

const { database, db } = await testDatabase(t)
const worker = await startLlmWorker(t, database, { LLM_PROVIDER: 'rules' })

t.test('rules provider, record 1 of T2A.md: ghs, each criterion met on a verified quotation', async (t) => {
  const decision = await worker.decide(RECORD_GHS)
  t.match(decision, { status: 'done', error: null, final_decision: 'ghs', provider: 'rules', model: null, attempts: 0, flags: [] })
  t.same(decision.criteria.map((c) => c.status), ['met', 'met', 'met'])
  for (const c of decision.criteria) {
    for (const q of c.citations.filter((q) => q.verification !== 'failed')) t.equal(RECORD_GHS.slice(q.start!, q.end!), q.text)
  }
  const row = await storedRow(db, decision.id)
  t.equal(row.rawOutputs.length, 1, "the rules' proposal is kept as the raw output")
  t.match(JSON.parse(row.rawOutputs[0]!), { decision_modele: 'GHS' })
})

t.test('rules provider, record 2 of T2A.md: forfait_urgence, the injected instruction flagged and never cited', async (t) => {
  const decision = await worker.decide(RECORD_FORFAIT)
  t.match(decision, { status: 'done', final_decision: 'forfait_urgence', flags: ['instruction_in_record'] })
  const cited = decision.criteria.flatMap((c) => c.citations).map((q) => q.text)
  t.ok(cited.some((q) => q.replace(/\s+/g, ' ') === 'Aucune surveillance particulière requise'))
  t.notOk(cited.some((q) => /ignorer les règles|classer en GHS/.test(q)), 'nothing quoted from the comment line')
})

t.test('bad input: 400 with a message, nothing stored, nothing queued', async (t) => {
  const before = await rowCount(db)
  const bad: [string, unknown][] = [
    ['no record_text', { stay: {} }],
    ['an empty record', { record_text: '' }],
    ['a record that is not text', { record_text: { text: 'Admis en UHCD.' } }],
    ['an unknown field', { record_text: 'Admis en UHCD.', model: 'gpt' }],
    ['a record too long', { record_text: 'x'.repeat(500_001) }],
  ]
  for (const [what, payload] of bad) {
    const res = await worker.call({ method: 'POST', url: '/api/v1/t2a/decisions', payload: payload as object })
    t.equal(res.statusCode, 400, what)
    t.match(res.json(), { error: { code: 'VALIDATION_ERROR', message: /\w/ } }, what)
  }
  t.equal(await rowCount(db), before, 'no row')
  t.equal(await worker.app.decisionQueue.count(), 0, 'no job')
})

t.test('GET an unknown decision: 404; a malformed id: 400', async (t) => {
  const unknown = await worker.call({ method: 'GET', url: '/api/v1/t2a/decisions/00000000-0000-4000-8000-000000000000' })
  t.equal(unknown.statusCode, 404)
  t.match(unknown.json(), { error: { code: 'NOT_FOUND' } })
  t.equal((await worker.call({ method: 'GET', url: '/api/v1/t2a/decisions/nope' })).statusCode, 400)
})

t.test('only the gateway may call: without the internal secret 401; /health and /ready are open', async (t) => {
  const res = await worker.app.inject({ method: 'POST', url: '/api/v1/t2a/decisions', payload: { record_text: RECORD_GHS } })
  t.equal(res.statusCode, 401)
  t.equal((await worker.app.inject({ method: 'GET', url: '/health' })).statusCode, 200)
  const ready = await worker.app.inject({ method: 'GET', url: '/ready' })
  t.same(ready.json(), { status: 'ready', checks: { postgres: 'ok', redis: 'ok', consumer: 'ok' } })
})

t.test("a job without a decision_id (a replay step) gets a row of its own; a job past its own timeout_ms fails saying so", async (t) => {
  const model = await startScriptedModelServer(() => ({ hang: true }))
  t.teardown(() => model.close())
  const slow = await startLlmWorker(t, database, { LLM_PROVIDER: 'ollama', LLM_BASE_URL: model.url, LLM_MODEL: 'm', LLM_TIMEOUT_MS: '60000' })
  const connection = createRedis(TEST_REDIS_URL)
  const jobs = new JobClient({ connection, prefix: slow.prefix }, () => createRedis(TEST_REDIS_URL))
  t.teardown(async () => {
    await jobs.close()
    connection.disconnect()
  })
  const started = Date.now()
  await t.rejects(
    jobs.run('llm.t2a_decision', { record_text: RECORD_GHS, timeout_ms: 300 }, { jobId: 'step-timeout', attempts: 1, timeoutMs: 10_000 }),
    /llm\.t2a_decision job step-timeout did not finish within 300 ms/,
  )
  t.ok(Date.now() - started < 5000, 'no hang')
  const [row] = (await db.query.t2aDecisions.findMany()).filter((r) => r.jobId === 'step-timeout')
  t.match(row, { status: 'error', error: /did not finish within 300 ms/, createdBy: 'queue:llm.t2a_decision', provider: 'ollama' })

  const rules = new JobClient({ connection, prefix: worker.prefix }, () => createRedis(TEST_REDIS_URL))
  t.teardown(() => rules.close())
  const result = await rules.run('llm.t2a_decision', { record_text: RECORD_GHS }, { jobId: 'step-ok', timeoutMs: 10_000 })
  t.match(result, { final_decision: 'ghs', provider: 'rules', attempts: 0 })
  t.match(await storedRow(db, result.id), { status: 'done', jobId: 'step-ok' })
})
