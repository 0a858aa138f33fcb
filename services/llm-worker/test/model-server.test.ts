// The worker against a scripted stand-in for a model (not a model): a real HTTP server speaking Ollama's and the
// OpenAI-compatible protocols, answering each chat request from a script.
import { createHash } from 'node:crypto'
import t from 'tap'
import { startScriptedModelServer, type Script, type ScriptedModelServer } from '@rpa-vision/t2a'
import { modelOutput } from '../../../packages/t2a/test/model-outputs.js'
import { RECORD_GHS } from '../../../packages/t2a/test/fixtures/t2a-examples.js'
import { startLlmWorker, storedRow, testDatabase, type Teardown } from './harness.js'

const VALID = JSON.stringify(modelOutput())
const INVALID = 'Voici ma réponse : GHS'

interface Protocol {
  name: 'ollama' | 'openai'
  chatPath: string
  baseUrl(server: ScriptedModelServer): string
}

const PROTOCOLS: Protocol[] = [
  { name: 'ollama', chatPath: '/api/chat', baseUrl: (s) => s.url },
  { name: 'openai', chatPath: '/v1/chat/completions', baseUrl: (s) => `${s.url}/v1` },
]

const { database, db } = await testDatabase(t)

async function withModel(t: Teardown, protocol: Protocol, script: Script, env: Record<string, string> = {}) {
  const server = await startScriptedModelServer(script)
  t.teardown(() => server.close())
  const worker = await startLlmWorker(t, database, {
    LLM_PROVIDER: protocol.name, LLM_BASE_URL: protocol.baseUrl(server), LLM_MODEL: `${protocol.name}-test-model`,
    LLM_API_KEY: 'sk-test-key', LLM_TIMEOUT_MS: '2000', LLM_MAX_ATTEMPTS: '3', ...env,
  })
  return { server, worker }
}

for (const protocol of PROTOCOLS) {
  t.test(`${protocol.name}: a valid answer is verified, decided in code and stored with its raw output (1 attempt)`, async (t) => {
    const { server, worker } = await withModel(t, protocol, [{ reply: VALID }])
    const decision = await worker.decide(RECORD_GHS, { unite: 'UHCD' })
    t.match(decision, { status: 'done', error: null, final_decision: 'ghs', model_decision: 'ghs', provider: protocol.name, model: `${protocol.name}-test-model`, attempts: 1 })
    t.equal(decision.criteria.length, 3)
    for (const criterion of decision.criteria) {
      t.equal(criterion.status, 'met', `criterion ${criterion.id}`)
      const [citation] = criterion.citations
      t.equal(citation!.verification, 'exact')
      t.equal(RECORD_GHS.slice(citation!.start!, citation!.end!), citation!.text, 'the offsets point at the quotation in the record')
    }
    const row = await storedRow(db, decision.id)
    t.same(row.rawOutputs, [VALID], 'the raw model output is kept')
    t.equal(row.latenciesMs.length, 1)
    t.equal(row.recordText, RECORD_GHS)
    t.equal(row.inputSha256, createHash('sha256').update(RECORD_GHS).digest('hex'))
    t.same(row.stay, { unite: 'UHCD' })
    t.equal(row.createdBy, 'author-1')

    const [sent] = server.chatRequests()
    t.equal(sent!.path, protocol.chatPath)
    t.match(sent!.headers.authorization, 'Bearer sk-test-key')
    const body = JSON.stringify(sent!.body)
    t.ok(body.includes('Paracétamol 1 g IV'), 'the record is in the request')
    t.ok(body.includes('preuve_critere1') && body.includes('decision_modele'), 'the output contract is sent as the JSON schema')
  })

  t.test(`${protocol.name}: an invalid answer, then a valid one: done with 2 attempts, both raw outputs kept`, async (t) => {
    const { server, worker } = await withModel(t, protocol, [{ reply: INVALID }, { reply: VALID }])
    const decision = await worker.decide(RECORD_GHS)
    t.match(decision, { status: 'done', final_decision: 'ghs', attempts: 2 })
    t.same((await storedRow(db, decision.id)).rawOutputs, [INVALID, VALID])
    t.equal(server.chatRequests().length, 2)
  })

  t.test(`${protocol.name}: always invalid: error with a clean reason and the attempt count; asked no more than LLM_MAX_ATTEMPTS times`, async (t) => {
    const { server, worker } = await withModel(t, protocol, () => ({ reply: INVALID }))
    const decision = await worker.decide(RECORD_GHS)
    t.match(decision, { status: 'error', final_decision: null, criteria: [], attempts: 3, provider: protocol.name })
    t.match(decision.error, /^no valid answer from the model after 3 attempts: invalid output: the answer is not JSON/)
    t.ok(decision.finished_at)
    t.same((await storedRow(db, decision.id)).rawOutputs, [INVALID, INVALID, INVALID])
    await new Promise((r) => setTimeout(r, 700))
    t.equal(server.chatRequests().length, 3, 'the job is not retried: asking again cannot help')
  })

  t.test(`${protocol.name}: a model slower than LLM_TIMEOUT_MS: error after the job's retries, no hang`, async (t) => {
    const { server, worker } = await withModel(t, protocol, () => ({ reply: VALID, delayMs: 10_000 }), { LLM_TIMEOUT_MS: '300', LLM_MAX_ATTEMPTS: '2' })
    const started = Date.now()
    const decision = await worker.decide(RECORD_GHS)
    t.match(decision, { status: 'error', attempts: 2 })
    t.match(decision.error, /^no valid answer from the model after 2 attempts: .*within 300 ms/)
    t.ok(Date.now() - started < 10_000, `settled in ${Date.now() - started} ms, before the model would have answered`)
    t.equal(server.chatRequests().length, 6, 'a timeout may pass: the job is retried (3 attempts × 2 calls)')
  })

  t.test(`${protocol.name}: a server answering 500: error naming it after bounded retries`, async (t) => {
    const { server, worker } = await withModel(t, protocol, () => ({ status: 500 }), { LLM_MAX_ATTEMPTS: '2' })
    const decision = await worker.decide(RECORD_GHS)
    t.match(decision, { status: 'error', attempts: 2, final_decision: null })
    t.match(decision.error, /^no valid answer from the model after 2 attempts: .*500/)
    t.same((await storedRow(db, decision.id)).rawOutputs, [], 'no answer, no raw output')
    t.equal(server.chatRequests().length, 6)
  })

  t.test(`${protocol.name}: a request the server refuses (400) is not asked again`, async (t) => {
    const { server, worker } = await withModel(t, protocol, () => ({ status: 400 }))
    const decision = await worker.decide(RECORD_GHS)
    t.match(decision, { status: 'error', attempts: 1 })
    t.match(decision.error, /^no valid answer from the model after 1 attempt: .*400/)
    await new Promise((r) => setTimeout(r, 700))
    t.equal(server.chatRequests().length, 1)
  })
}
