import t from 'tap'
import { WebSocket } from 'undici'
import { replayEventsChannel, type ReplayEvent } from '@rpa-vision/contracts'
import { createRedis } from '@rpa-vision/queue'
import { TEST_REDIS_URL } from '../../../test/helpers/index.js'
import { anchor, BOOTSTRAP, createWorkflow, movedResolver, scriptedWorker, screenshotBase64, ScriptedAgent, startSession, startStack, waitUntil } from './harness.js'

t.test('every state change is published on Redis, with no secret and no patient text', async (t) => {
  const stack = await startStack(t)
  const events: ReplayEvent[] = []
  const raw: string[] = []
  const sub = createRedis(TEST_REDIS_URL)
  t.teardown(() => sub.disconnect())
  await sub.subscribe(replayEventsChannel(stack.prefix))
  sub.on('message', (_channel, message: string) => {
    raw.push(message)
    events.push(JSON.parse(message) as ReplayEvent)
  })
  scriptedWorker(t, stack, 'vision.resolve', async (job) => movedResolver(job.data))
  scriptedWorker(t, stack, 'vision.extract_text', async () => ({ text: 'Mme DUPONT Jeanne, douleur thoracique', words: [] }))
  const wf = await createWorkflow(stack, {
    name: 'Connexion',
    nodes: [
      { id: 'login', type: 'type_secret', params: { variable: 'password' }, anchor: await anchor(1, { x: 10, y: 10 }) },
      { id: 'read', type: 'extract_text', params: { variable: 'dossier', region: { x: 0, y: 0, width: 64, height: 48 } } },
    ],
    edges: [{ from: 'login', to: 'read' }],
  })
  const session = await startSession(stack, wf, 'poste-7', { password: 'Tr0ub4dor&3' })
  let seed = 1
  const end = await new ScriptedAgent(stack, BOOTSTRAP, session, 'poste-7').run({ screenshot: () => screenshotBase64(seed++) })
  t.match(end, { status: 'succeeded' })
  await waitUntil('replay.finished', async () => events.some((e) => e.type === 'replay.finished'))

  const mine = events.filter((e) => e.session_id === session)
  t.same(mine.map((e) => `${e.type}${e.seq ? ` ${e.seq}` : ''}`), [
    'replay.started', 'step.started 1',
    'step.resolved 1', 'action.leased 1', 'action.result 1', 'step.started 2',
    'action.leased 2', 'action.result 2', 'step.started 3',
    'step.completed 3', 'replay.finished',
  ])
  t.ok(mine.every((e) => e.agent_id === 'poste-7' && e.workflow_id === wf), 'each event names its agent (the gateway filters on it) and workflow')
  t.match(mine.find((e) => e.type === 'step.completed'), { step_id: 'read', data: { variable: 'dossier', chars: 37 } })
  t.match(mine.find((e) => e.type === 'replay.finished'), { data: { status: 'succeeded', reason: null } })
  t.notMatch(raw.join('\n'), /Tr0ub4dor/, 'the secret is in no event')
  t.notMatch(raw.join('\n'), /DUPONT|thoracique/, 'nor the text read from the screen')
})

t.test('the gateway streams the replay service events to WebSocket clients: an agent token sees its own sessions only', async (t) => {
  const stack = await startStack(t)
  const wf = await createWorkflow(stack, { name: 'Un', nodes: [{ id: 'k', type: 'hotkey', params: { keys: ['f1'] } }], edges: [] })
  const ws = stack.base.replace('http', 'ws')
  const listen = (token: string) => {
    const received: Record<string, unknown>[] = []
    const socket = new WebSocket(`${ws}/api/v1/events?token=${token}`)
    socket.addEventListener('message', (e) => received.push(JSON.parse(String(e.data)) as Record<string, unknown>))
    t.teardown(() => socket.close())
    return received
  }
  const mineToken = await stack.token('agent', 'poste-1')
  const mine = listen(mineToken)
  const all = listen(BOOTSTRAP)
  await waitUntil('both sockets to be subscribed', async () => mine.length > 0 && all.length > 0)
  const other = await startSession(stack, wf, 'poste-2')
  const own = await startSession(stack, wf, 'poste-1')
  for (const [session, agentId] of [[other, 'poste-2'], [own, 'poste-1']] as const) {
    await new ScriptedAgent(stack, BOOTSTRAP, session, agentId).run({ screenshot: async () => '' })
  }
  await waitUntil('the events to arrive', async () => mine.some((e) => e.type === 'replay.finished') && all.filter((e) => e.type === 'replay.finished').length === 2)
  t.ok(mine.slice(1).every((e) => e.session_id === own), 'the agent saw only its own session')
  t.same(mine.slice(1).map((e) => e.type), ['replay.started', 'step.started', 'action.leased', 'action.result', 'replay.finished'])
  t.same(new Set(all.slice(1).map((e) => e.session_id)), new Set([own, other]), 'the admin saw both')
})
