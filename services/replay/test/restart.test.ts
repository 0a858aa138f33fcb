import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { request } from 'undici'
import { INTERNAL_SECRET_HEADER, PRINCIPAL_ID_HEADER, PRINCIPAL_ROLE_HEADER } from '@rpa-vision/contracts'
import { readReplayConfig } from '@rpa-vision/config'
import { buildApp as buildReplay } from '../src/app.js'
import {
  anchor, BOOTSTRAP, createWorkflow, INTERNAL_SECRET, movedResolver, readSession, scriptedWorker, screenshotBase64, ScriptedAgent,
  scriptedDecision, startSession, startStack, waitUntil, type Stack,
} from './harness.js'

const root = fileURLToPath(new URL('../../../', import.meta.url))

function spawnTs(file: string, env: Record<string, string | undefined>): ChildProcess {
  return spawn(process.execPath, ['--conditions=@rpa-vision/source', '--import', 'tsx', file], {
    cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'],
  })
}

/** The replay service as `pnpm start` runs it: a process of its own, killed without warning. */
async function startReplayProcess(stack: Stack): Promise<ChildProcess> {
  const child = spawnTs('services/replay/src/main.ts', { ...stack.replayEnv(), LOG_LEVEL: 'warn' })
  for (let i = 0; i < 300; i++) {
    const up = await request(`http://127.0.0.1:${stack.replayPort}/health`).then((r) => r.body.text().then(() => r.statusCode === 200), () => false)
    if (up) return child
    await new Promise((r) => setTimeout(r, 100))
  }
  child.kill('SIGKILL')
  throw new Error('the replay service did not start')
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, 'exit')
  child.kill('SIGKILL')
  await exited
}

async function clickWorkflow(stack: Stack): Promise<string> {
  return createWorkflow(stack, {
    name: 'Trois clics',
    nodes: [
      { id: 'a', type: 'click_anchor', anchor: await anchor(1, { x: 10, y: 10 }) },
      { id: 'b', type: 'type_text', params: { text: 'bonjour' }, anchor: await anchor(2, { x: 100, y: 10 }) },
      { id: 'c', type: 'click_anchor', anchor: await anchor(3, { x: 200, y: 10 }) },
    ],
    edges: [{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }],
  })
}

t.test('the replay service killed between a lease and its result: after a restart the session completes, every step done once', async (t) => {
  const stack = await startStack(t, { startReplay: false })
  scriptedWorker(t, stack, 'vision.resolve', async (job) => movedResolver(job.data))
  let child = await startReplayProcess(stack)
  t.teardown(() => kill(child))
  const session = await startSession(stack, await clickWorkflow(stack), 'poste-1')
  const agent = new ScriptedAgent(stack, BOOTSTRAP, session, 'poste-1')
  let seed = 1
  let leased = (await agent.poll(await screenshotBase64(seed++))).json
  while (!leased.action || leased.action.type === 'screenshot') {
    await new Promise((r) => setTimeout(r, 20))
    leased = (await agent.poll(leased.action?.type === 'screenshot' ? await screenshotBase64(seed++) : undefined)).json
  }
  t.match(leased.action, { seq: 1, type: 'click' })
  agent.performedSeqs.add(1) // the agent clicked …
  await kill(child) // … and the service died before the result arrived

  const down = await agent.result(1, 'ok', await screenshotBase64(seed++))
  t.equal(down.status, 503, 'while it is down, the gateway says so')
  t.match(down.json.error, { code: 'UPSTREAM_UNAVAILABLE' })

  child = await startReplayProcess(stack)
  const again = await agent.result(1, 'ok', await screenshotBase64(seed++))
  t.same(again.json, { recorded: true, duplicate: false }, 'the re-sent result is recorded once')
  const end = await agent.run({ screenshot: () => screenshotBase64(seed++) })
  t.match(end, { done: true, status: 'succeeded' })
  t.same(agent.performed.map((a) => a!.seq), [2, 3, 4], 'the rest, each once')
  const read = await readSession(stack, session)
  t.same(read.steps.map((s: { state: string; result: { status: string } | null }) => [s.state, s.result?.status]), [['done', 'ok'], ['done', 'ok'], ['done', 'ok'], ['done', 'ok']])
  t.ok(read.steps.every((s: { lease_count: number }) => s.lease_count === 1), 'no action offered twice')
})

t.test('a worker killed mid-job: the job is taken up by another worker and its output applied once', async (t) => {
  const stack = await startStack(t)
  const wf = await createWorkflow(stack, {
    name: 'Décision',
    nodes: [
      { id: 'decide', type: 't2a_decision', params: { input: 'dossier', variable: 't2a', timeout_ms: 30_000 } },
      { id: 'write', type: 'type_text', params: { text: '{{t2a.final_decision}}' } },
    ],
    edges: [{ from: 'decide', to: 'write' }],
  })
  const stuck = spawnTs('services/replay/test/fixtures/stuck-worker.ts', { REDIS_URL: stack.replayEnv().REDIS_URL, QUEUE_PREFIX: stack.prefix })
  t.teardown(() => kill(stuck))
  let out = ''
  stuck.stdout!.on('data', (d: Buffer) => (out += d.toString()))
  await waitUntil('the stuck worker to be ready', async () => out.includes('ready'))
  const session = await startSession(stack, wf, 'poste-1', { dossier: 'Admis en UHCD' })
  await waitUntil('the stuck worker to take the job', async () => out.includes('started'))
  await kill(stuck)

  let runs = 0
  scriptedWorker(t, stack, 'llm.t2a_decision', async () => {
    runs++
    return scriptedDecision('ghs')
  }, { lockMs: 1000 })
  const agent = new ScriptedAgent(stack, BOOTSTRAP, session, 'poste-1')
  const end = await agent.run({ screenshot: async () => '', maxPolls: 20_000 })
  t.match(end, { done: true, status: 'succeeded' })
  t.equal(runs, 1, 'the stalled job ran again once, on the live worker')
  t.same(agent.performed.map((a) => a!.text), ['ghs'])
  const read = await readSession(stack, session)
  t.match(read.steps[0], { state: 'done', job_attempts: 1 })
})

t.test('two replay instances serve the same session: one lease per action, one result recorded', async (t) => {
  const stack = await startStack(t)
  const second = await buildReplay(readReplayConfig({ ...stack.replayEnv(), REPLAY_PORT: '0' }))
  const secondUrl = await second.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(() => second.close())
  const urls = [`http://127.0.0.1:${stack.replayPort}`, secondUrl]
  const wf = await createWorkflow(stack, {
    name: 'Deux', nodes: [{ id: 'a', type: 'hotkey', params: { keys: ['a'] } }, { id: 'b', type: 'hotkey', params: { keys: ['b'] } }], edges: [{ from: 'a', to: 'b' }],
  })
  const session = await startSession(stack, wf, 'poste-1')
  const direct = async (i: number, path: string, body: unknown) => {
    const res = await request(`${urls[i % 2]}${path}`, {
      method: 'POST', body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', [INTERNAL_SECRET_HEADER]: INTERNAL_SECRET, [PRINCIPAL_ID_HEADER]: 'tester', [PRINCIPAL_ROLE_HEADER]: 'admin' },
    })
    return (await res.body.json()) as any
  }
  const polls = await Promise.all(Array.from({ length: 30 }, (_, i) => direct(i, '/api/v1/replay/next', { session_id: session, agent_id: 'poste-1' })))
  const offered = polls.filter((p) => p.action)
  t.equal(offered.length, 1, '30 racing polls on two instances: one lease')
  t.equal(offered[0].action.seq, 1)
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) => direct(i, '/api/v1/replay/result', { session_id: session, seq: 1, status: 'ok' })))
  t.equal(results.filter((r) => r.duplicate === false).length, 1, '20 racing results on two instances: one recorded')
  t.equal(results.filter((r) => r.duplicate === true).length, 19)
  const next = await direct(1, '/api/v1/replay/next', { session_id: session, agent_id: 'poste-1' })
  t.match(next.action, { seq: 2, keys: ['b'] })
  const read = await readSession(stack, session)
  t.same(read.steps.map((s: { lease_count: number }) => s.lease_count), [1, 1])
})
