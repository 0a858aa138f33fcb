import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { openDb, pingDb, sql } from '@rpa-vision/db'
import { createTestDatabase, freePort, TEST_PG_URL } from '../../test/helpers/index.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))


/** `pnpm start` as the README runs it, but node directly so that a signal reaches it (STACK.md). */
function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--conditions=@rpa-vision/source', '--import', 'tsx', 'scripts/start.ts'], {
    cwd: ROOT,
    env: { ...process.env, LOG_FORMAT: 'json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stdout.on('data', (d) => (out += d))
  child.stderr.on('data', (d) => (err += d))
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
  return { child, exited, out: () => out, err: () => err }
}

function databaseUrl(name: string): string {
  const u = new URL(TEST_PG_URL)
  u.pathname = `/${name}`
  return u.toString()
}

async function dropDatabase(name: string): Promise<void> {
  const admin = openDb({ url: TEST_PG_URL, max: 1 })
  await admin.db.execute(sql.raw(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))
  await admin.close()
}

t.test('an unreachable Redis is named by its variable; the database was created first', async (t) => {
  const name = `rpa_t_start_${randomBytes(4).toString('hex')}`
  t.teardown(() => dropDatabase(name))
  const run = start({ DATABASE_URL: databaseUrl(name), REDIS_URL: `redis://127.0.0.1:${await freePort()}` })
  t.equal(await run.exited, 1)
  t.match(run.out(), `created the database of ${databaseUrl(name)}`)
  t.match(run.err(), /Redis is not reachable at redis:\/\/127\.0\.0\.1:\d+ \(REDIS_URL\): connect ECONNREFUSED/)
  const created = openDb({ url: databaseUrl(name), max: 1 })
  await t.resolves(pingDb(created.db))
  await created.close()
})

t.test('an unreachable PostgreSQL is named by its variable, password hidden', async (t) => {
  const run = start({ DATABASE_URL: `postgres://postgres:hunter2@127.0.0.1:${await freePort()}/rpa` })
  t.equal(await run.exited, 1)
  t.match(run.err(), /PostgreSQL is not reachable at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/rpa \(DATABASE_URL\)/)
  t.notMatch(run.err(), /hunter2/)
})

t.test('every service starts, answers through the gateway, and a SIGTERM stops them all', async (t) => {
  const db = await createTestDatabase({ migrate: false })
  t.teardown(() => db.drop())
  const [gatewayPort, workflowsPort, visionPort, replayPort, llmPort] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()]
  const run = start({
    DATABASE_URL: db.url, GATEWAY_PORT: String(gatewayPort), WORKFLOWS_PORT: String(workflowsPort), VISION_PORT: String(visionPort),
    REPLAY_PORT: String(replayPort), LLM_WORKER_PORT: String(llmPort), LLM_PROVIDER: 'rules', REPLAY_SECRET_KEY: Buffer.alloc(32, 1).toString('base64'), RPA_API_TOKEN: '',
  })
  while (!/ready: /.test(run.out())) {
    if (run.child.exitCode !== null) throw new Error(`start exited: ${run.out()}${run.err()}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  t.match(run.out(), /^\[start\] +starting workflows$/m)
  t.match(run.out(), /^\[workflows\] /m)
  t.match(run.out(), /^\[gateway\] +/m)
  t.match(run.out(), /^\[start\] +vision-worker is up/m)
  const token = /export RPA_TOKEN=(rpa_\S+)/.exec(run.out())?.[1]
  t.ok(token, 'a generated admin token is printed')
  const res = await fetch(`http://127.0.0.1:${gatewayPort}/api/v1/workflows`, { headers: { authorization: `Bearer ${token}` } })
  t.equal(res.status, 200, 'the printed token works, and the gateway reaches workflows with the shared secret')
  t.same(await res.json(), { items: [], total: 0 })
  t.match(run.out(), /^\[start\] +replay is up/m)
  const replays = await fetch(`http://127.0.0.1:${gatewayPort}/api/v1/replays`, { headers: { authorization: `Bearer ${token}` } })
  t.equal(replays.status, 200, 'the gateway reaches the replay service too')
  t.same(await replays.json(), { items: [], total: 0 })
  t.match(run.out(), /^\[start\] +llm-worker is up/m)
  const asked = await fetch(`http://127.0.0.1:${gatewayPort}/api/v1/t2a/decisions`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ record_text: 'Admis en UHCD pour surveillance.' }),
  })
  t.equal(asked.status, 202, 'the gateway reaches the llm worker')
  const ready = await fetch(`http://127.0.0.1:${gatewayPort}/ready`, { headers: { authorization: `Bearer ${token}` } })
  t.match(await ready.json(), { checks: { llm: 'ok' } })

  run.child.kill('SIGTERM')
  t.equal(await run.exited, 0)
  t.match(run.out(), /SIGTERM: stopping every service/)
  for (const port of [gatewayPort, workflowsPort, visionPort, llmPort]) {
    await t.rejects(fetch(`http://127.0.0.1:${port}/health`), `nothing listens on ${port} any more`)
  }
})

t.test('a service that dies takes the others down, and start exits non-zero', async (t) => {
  const db = await createTestDatabase({ migrate: false })
  t.teardown(() => db.drop())
  const taken = createServer((socket) => socket.destroy()).listen(0, '127.0.0.1')
  await new Promise((resolve) => taken.once('listening', resolve))
  t.teardown(() => new Promise((resolve) => taken.close(resolve)))
  const gatewayPort = (taken.address() as { port: number }).port
  const workflowsPort = await freePort()
  const run = start({ DATABASE_URL: db.url, GATEWAY_PORT: String(gatewayPort), WORKFLOWS_PORT: String(workflowsPort), RPA_API_TOKEN: 'x' })
  t.equal(await run.exited, 1)
  t.match(run.out(), /^\[start\] +workflows is up/m)
  t.match(run.out() + run.err(), /EADDRINUSE/)
  t.match(run.out(), /^\[start\] +gateway exited \(code 1\); stopping the others$/m)
  await t.rejects(fetch(`http://127.0.0.1:${workflowsPort}/health`), 'workflows was stopped')
})
