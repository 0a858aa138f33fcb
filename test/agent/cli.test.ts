import { spawn } from 'node:child_process'
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { stateFilePath } from '@rpa-vision/agent'
import { runCli } from '../../packages/cli/src/index.js'
import { BOOTSTRAP, createWorkflow, readSession, scriptedWorker, startSession, startStack, waitUntil } from '../../services/replay/test/harness.js'
import { pageResolver, startTestPage } from './helpers/test-page.js'
import { FORM_CLICKS, FORM_VARIABLES, formWorkflow } from './helpers/workflows.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

async function rpa(env: Record<string, string>, ...argv: string[]) {
  let out = ''
  let err = ''
  const code = await runCli(argv, { env, out: { write: (c: string) => (out += c) }, err: { write: (c: string) => (err += c) } })
  return { code, out, err }
}

t.test('rpa agent replays a session on a browser page: one line per action, the status, exit 0', async (t) => {
  const stack = await startStack(t)
  scriptedWorker(t, stack, 'vision.resolve', async (job) => pageResolver(1.25)(job.data))
  const page = await startTestPage()
  t.teardown(() => page.close())
  const session = await startSession(stack, await formWorkflow(stack), 'poste-8', FORM_VARIABLES)
  const env = { RPA_URL: stack.base, RPA_TOKEN: await stack.token('agent', 'poste-8') }
  const stateDir = await mkdtemp(join(tmpdir(), 'agent-cli-'))

  const r = await rpa(env, 'agent', '--session', session, '--agent-id', 'poste-8', '--driver', 'browser', '--url', page.url,
    '--viewport', '1200x760', '--scale', '1.25', '--state-dir', stateDir)
  t.equal(r.code, 0, r.err)
  const lines = r.out.trimEnd().split('\n')
  t.equal(lines.length, 10)
  t.match(lines[0], /^seq +1 +open +click +template 0\.98 +\d+ ms +ok$/)
  t.match(lines[2], /^seq {3}3 {2}ipp +type +- +\d+ ms {2}ok$/)
  t.match(lines[3], /^seq {3}4 {2}save +hotkey +- +\d+ ms {2}ok$/)
  t.equal(lines[9], 'replay succeeded')
  t.notMatch(r.out, /s3cr3t|123456/, 'no typed text printed')
  t.equal(r.err, '')
  await waitUntil('the page to report every click', async () => page.clicks().length >= 4)
  t.same(page.clicks(), FORM_CLICKS)
  t.ok((await readFile(stateFilePath(stateDir, session), 'utf8')).includes('"performed"'))

  const again = await rpa(env, 'agent', '--session', session, '--agent-id', 'poste-8', '--driver', 'browser', '--url', page.url, '--state-dir', stateDir, '--json')
  t.equal(again.code, 0, 'a finished session: nothing to do')
  t.same(again.out.trimEnd().split('\n').map((l) => JSON.parse(l)), [{ event: 'end', status: 'succeeded', reason: null }])
})

t.test('rpa agent exits 1 unless the replay succeeded, 2 on a wrong command line', async (t) => {
  const stack = await startStack(t)
  const page = await startTestPage()
  t.teardown(() => page.close())
  const wf = await createWorkflow(stack, { name: 'Tab', nodes: [{ id: 'a', type: 'hotkey', params: { keys: ['tab'] } }], edges: [] })
  const session = await startSession(stack, wf, 'poste-9')
  t.equal((await stack.call(BOOTSTRAP, 'POST', `/api/v1/replays/${session}/cancel`, {})).status, 200)
  const env = { RPA_URL: stack.base, RPA_TOKEN: await stack.token('agent', 'poste-9') }
  const args = ['agent', '--session', session, '--agent-id', 'poste-9', '--driver', 'browser', '--url', page.url, '--state-dir', await mkdtemp(join(tmpdir(), 'agent-cli-'))]

  const cancelled = await rpa(env, ...args, '--json')
  t.equal(cancelled.code, 1)
  t.match(JSON.parse(cancelled.out.trim()), { event: 'end', status: 'cancelled' })
  t.match(cancelled.err, /^error REPLAY_CANCELLED: /)

  const foreign = await rpa({ ...env, RPA_TOKEN: await stack.token('agent', 'poste-2') }, ...args)
  t.equal(foreign.code, 1)
  t.match(foreign.out, /^replay error: the replay service refused the poll: 403 FORBIDDEN/)
  t.match(foreign.err, /error: the replay service refused the poll[\s\S]*^error FORBIDDEN: /m)

  t.match(await rpa(env, 'agent', '--session', session, '--agent-id', 'poste-9', '--driver', 'browser'), { code: 2, err: /--driver browser needs --url/ })
  t.match(await rpa(env, ...args, '--viewport', '1200'), { code: 2, err: /--viewport must be WIDTHxHEIGHT/ })
  t.match(await rpa(env, ...args, '--scale', '0'), { code: 2, err: /--scale must be a number above 0/ })
  t.match(await rpa(env, 'agent', '--session', session, '--agent-id', 'x', '--driver', 'robot'), { code: 2, err: /--driver must be browser or desktop; got "robot"/ })
})

t.test('SIGTERM stops rpa agent cleanly: the state file says what was done, and a restart finishes the replay', async (t) => {
  const stack = await startStack(t)
  const page = await startTestPage()
  t.teardown(() => page.close())
  const wf = await createWorkflow(stack, {
    name: 'Attente', nodes: [{ id: 'long', type: 'wait', params: { ms: 60_000 } }, { id: 'tab', type: 'hotkey', params: { keys: ['ctrl', 'k'] } }],
    edges: [{ from: 'long', to: 'tab' }],
  })
  const session = await startSession(stack, wf, 'poste-4')
  const stateDir = await mkdtemp(join(tmpdir(), 'agent-cli-'))
  const env = { ...process.env, RPA_URL: stack.base, RPA_TOKEN: await stack.token('agent', 'poste-4') }
  const argv = ['--conditions=@rpa-vision/source', '--import', 'tsx', 'packages/cli/src/main.ts', 'agent', '--session', session, '--agent-id', 'poste-4',
    '--driver', 'browser', '--url', page.url, '--state-dir', stateDir]

  const child = spawn(process.execPath, argv, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
  t.teardown(() => child.kill('SIGKILL'))
  let err = ''
  child.stderr.on('data', (c: Buffer) => (err += c.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
  const file = stateFilePath(stateDir, session)
  await waitUntil('the agent to start the wait', async () => (await readFile(file, 'utf8').catch(() => '')).includes('"performing"'), 30_000)
  child.kill('SIGTERM')
  t.equal(await exited, 1)
  t.match(err, /^error ABORTED: stopped before the replay finished; run it again with the same --state-dir to carry on$/m)
  const state = JSON.parse(await readFile(file, 'utf8'))
  t.match(state.actions, [{ seq: 1, step_id: 'long', state: 'performed', status: 'ok' }], 'the wait, cut short, written down as done')
  t.notOk(state.actions[0].reported_at)
  t.equal((await readSession(stack, session)).steps[0].state, 'leased', 'its result not sent')

  const restart = await rpa({ RPA_URL: env.RPA_URL, RPA_TOKEN: env.RPA_TOKEN }, 'agent', ...argv.slice(5))
  t.equal(restart.code, 0, restart.err)
  t.match(restart.out, /^seq {3}1 {2}long +wait +- +0 ms {2}ok \(performed before: result sent again\)$/m)
  t.match(restart.out, /^seq {3}2 {2}tab +hotkey/m)
  t.same(page.chords(), ['Control+k'])
})
