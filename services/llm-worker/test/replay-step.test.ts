import t from 'tap'
import { openDb } from '@rpa-vision/db'
import { RECORD_GHS } from '../../../packages/t2a/test/fixtures/t2a-examples.js'
import { BOOTSTRAP, createWorkflow, readSession, ScriptedAgent, startSession, startStack } from '../../replay/test/harness.js'
import { startLlmWorker, storedRow } from './harness.js'

t.test("end to end: a replay's t2a_decision step answered by the real LLM worker (rules), the decision typed by the next step", async (t) => {
  const stack = await startStack(t)
  await startLlmWorker(t, stack.database, { LLM_PROVIDER: 'rules' }, stack.prefix)
  const wf = await createWorkflow(stack, {
    name: 'Codage UHCD',
    nodes: [
      { id: 'decide', type: 't2a_decision', params: { input: 'dossier', variable: 't2a' } },
      { id: 'write', type: 'type_text', params: { text: '{{t2a.final_decision}}' } },
    ],
    edges: [{ from: 'decide', to: 'write' }],
  })
  const session = await startSession(stack, wf, 'poste-1', { dossier: RECORD_GHS })
  const agent = new ScriptedAgent(stack, BOOTSTRAP, session, 'poste-1')
  const end = await agent.run({ screenshot: async () => '' })
  t.match(end, { done: true, status: 'succeeded' })
  t.same(agent.performed.map((a) => a!.text), ['ghs'], 'the next step typed the final decision')

  const read = await readSession(stack, session)
  const decision = read.variables.t2a
  t.match(decision, { final_decision: 'ghs', provider: 'rules', attempts: 0, flags: [] })
  t.equal(decision.criteria.length, 3)
  const handle = openDb({ url: stack.database.url, max: 1 })
  t.teardown(() => handle.close())
  const row = await storedRow(handle.db, decision.id)
  t.match(row, { status: 'done', recordText: RECORD_GHS, createdBy: 'queue:llm.t2a_decision' })
  t.ok(row.jobId, 'the row is tied to the step job')
  t.same(row.result, Object.fromEntries(Object.entries(decision).filter(([k]) => !['id', 'provider', 'model', 'attempts'].includes(k))))
})
