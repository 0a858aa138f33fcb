import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import t from 'tap'
import { freePort } from '../../../test/helpers/index.js'
import { BOOTSTRAP, createWorkflow, readSession, scriptedWorker, ScriptedAgent, startSession, startStack, waitUntil, scriptedDecision } from './harness.js'

/** A Redis of this test's own, without persistence: killing it loses every queued job, as a crash of an in-memory Redis does. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' })
  const { createConnection } = await import('node:net')
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const s = createConnection(port, '127.0.0.1', () => { s.end(); resolve(true) })
      s.on('error', () => resolve(false))
    })
    if (up) return child
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error('redis-server did not start')
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, 'exit')
  child.kill('SIGKILL')
  await exited
}

t.test('Redis killed while a server-side job runs: polls keep answering from PostgreSQL, the lost job is added again, the session completes', async (t) => {
  const port = await freePort()
  let redis = await startRedis(port)
  t.teardown(() => kill(redis))
  const stack = await startStack(t, { redisUrl: `redis://127.0.0.1:${port}` })
  let taken = 0
  let release: (() => void) | undefined
  scriptedWorker(t, stack, 'llm.t2a_decision', async () => {
    taken++
    if (taken === 1) await new Promise<void>((resolve) => (release = resolve))
    return scriptedDecision('forfait_urgence')
  })
  const wf = await createWorkflow(stack, {
    name: 'Décision',
    nodes: [
      { id: 'decide', type: 't2a_decision', params: { input: 'dossier', variable: 't2a', retries: 0 } },
      { id: 'write', type: 'type_text', params: { text: '{{t2a.final_decision}}' } },
    ],
    edges: [{ from: 'decide', to: 'write' }],
  })
  const session = await startSession(stack, wf, 'poste-1', { dossier: 'Admis en UHCD' })
  await waitUntil('the worker to take the job', async () => taken === 1)

  await kill(redis)
  const agent = new ScriptedAgent(stack, BOOTSTRAP, session, 'poste-1')
  const during = await Promise.all(Array.from({ length: 5 }, () => agent.poll()))
  t.ok(during.every((r) => r.status === 200 && r.json.server_busy === true), 'with Redis down, polls still answer server_busy')
  release!() // the first attempt ends, but its completion cannot reach the dead Redis

  redis = await startRedis(port)
  const end = await agent.run({ screenshot: async () => '', maxPolls: 20_000 })
  t.match(end, { done: true, status: 'succeeded' })
  t.equal(taken, 2, 'the job lost with Redis was added again and ran once more')
  t.same(agent.performed.map((a) => a!.text), ['forfait_urgence'])
  const read = await readSession(stack, session)
  t.match(read.steps, [{ state: 'done', job_attempts: 1 }, { state: 'done', lease_count: 1 }])
})
