import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { request } from 'undici'
import { INTERNAL_SECRET_HEADER } from '@rpa-vision/contracts'
import { createTestDatabase, freePort } from '../../../test/helpers/index.js'
import { sampleWorkflow, SECRET } from './harness.js'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const database = await createTestDatabase({ migrate: false })
t.teardown(() => database.drop())


const port = await freePort()
const base = `http://127.0.0.1:${port}`
const headers = { [INTERNAL_SECRET_HEADER]: SECRET, 'content-type': 'application/json' }

/** The real process, as `pnpm start` runs it. */
async function startService(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--conditions=@rpa-vision/source', '--import', 'tsx', 'services/workflows/src/main.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: database.url, INTERNAL_SECRET: SECRET, WORKFLOWS_PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  for (let i = 0; i < 200; i++) {
    const ok = await request(`${base}/health`).then((r) => r.body.text().then(() => r.statusCode === 200), () => false)
    if (ok) return child
    await new Promise((r) => setTimeout(r, 100))
  }
  child.kill('SIGKILL')
  throw new Error('workflows service did not start')
}

async function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  const exited = once(child, 'exit')
  child.kill(signal)
  await exited
}

async function call(method: 'GET' | 'POST', path: string, body?: unknown) {
  const res = await request(`${base}${path}`, { method, headers, ...(body ? { body: JSON.stringify(body) } : {}) })
  return { status: res.statusCode, json: (await res.body.json()) as Record<string, any> }
}

t.test('a workflow service killed in the middle of writes loses nothing committed and keeps nothing half-written', async (t) => {
  let child = await startService()
  const body = await sampleWorkflow()
  const committed = (await call('POST', '/api/v1/workflows', body)).json

  // Four writers in a loop; the process is killed (SIGKILL, no graceful close) once some writes are acknowledged,
  // so others are in flight at that moment.
  const answered: Record<string, any>[] = []
  let sent = 0
  let killed = false
  const writer = async () => {
    while (!killed) {
      const res = await call('POST', '/api/v1/workflows', { ...body, name: `burst ${sent++}` }).catch(() => null)
      if (res?.status === 201) answered.push(res.json)
    }
  }
  const writers = Array.from({ length: 4 }, writer)
  while (answered.length < 8) await new Promise((r) => setTimeout(r, 5))
  killed = true
  await stop(child, 'SIGKILL')
  await Promise.all(writers)
  const acknowledged = answered.length

  child = await startService()
  t.teardown(() => stop(child, 'SIGTERM'))
  t.same((await call('GET', `/api/v1/workflows/${committed.id}`)).json, committed, 'committed before the kill: unchanged')
  for (const wf of answered) {
    t.same((await call('GET', `/api/v1/workflows/${wf.id}`)).json, wf, `${wf.name}: acknowledged, so kept`)
  }
  const list = (await call('GET', '/api/v1/workflows?limit=500')).json
  t.ok(list.total >= 1 + answered.length)
  for (const item of list.items) {
    const wf = (await call('GET', `/api/v1/workflows/${item.id}`)).json
    t.equal(wf.nodes.length, 4, `${wf.name}: whole graph`)
    t.equal(wf.edges.length, 3)
    t.equal(wf.nodes.filter((n: { anchor: unknown }) => n.anchor).length, 3)
  }
  t.ok(sent > acknowledged, 'some writes were in flight at the kill')
  t.comment(`${acknowledged} of ${sent} writes acknowledged before the kill; ${list.total - 1} stored`)
})
