import t from 'tap'
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
