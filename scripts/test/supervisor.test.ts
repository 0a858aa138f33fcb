import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { freePort } from '../../test/helpers/ports.js'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { createTagger } from '../lib/prefix.js'
import type { ServiceSpec } from '../lib/services.js'
import { STOP_GRACE_MS, Supervisor } from '../lib/supervisor.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const dir = await mkdtemp(join(tmpdir(), 'rpa-supervisor-'))
t.teardown(() => rm(dir, { recursive: true, force: true }))

/** A stand-in service: serves /health on PORT_<NAME>, says hello on both streams, and behaves as MODE tells. */
const FAKE = `
import http from 'node:http'
const name = process.argv[2]
const mode = process.env['MODE_' + name] ?? 'steady'
if (mode !== 'silent') {
  const server = http.createServer((req, res) => res.end('ok')).listen(Number(process.env['PORT_' + name]), '127.0.0.1')
  process.on('SIGTERM', () => {
    console.log('got SIGTERM')
    if (mode !== 'stubborn') server.close(() => process.exit(0))
  })
} else setInterval(() => {}, 1000)
console.log('hello from ' + name + '\\nsecond line')
console.error('a warning')
if (mode === 'crash') setTimeout(() => process.exit(3), 300)
`


function sink() {
  let text = ''
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk)
      done()
    },
  })
  return { stream, text: () => text }
}

async function fakeServices(modes: Record<string, string>) {
  const env: Record<string, string | undefined> = { ...process.env }
  const specs: ServiceSpec[] = []
  for (const [name, mode] of Object.entries(modes)) {
    const entry = join(dir, `${name}.mjs`)
    await writeFile(entry, FAKE.replace("process.argv[2]", JSON.stringify(name)))
    env[`PORT_${name}`] = String(await freePort())
    env[`MODE_${name}`] = mode
    specs.push({ name, entry, healthUrl: (e) => `http://127.0.0.1:${e[`PORT_${name}`]}/health` })
  }
  const out = sink()
  const err = sink()
  const exits: [string, number | null, string | null][] = []
  const supervisor = new Supervisor({
    root: ROOT, env, out: out.stream, err: err.stream, tagger: createTagger(Object.keys(modes), false), healthTimeoutMs: 1500,
    onUnexpectedExit: (name, code, signal) => exits.push([name, code, signal]),
  })
  return { specs, supervisor, out, err, exits }
}

t.test('starts services in order, tags each line, stops them all with SIGTERM', async (t) => {
  const { specs, supervisor, out, err, exits } = await fakeServices({ alpha: 'steady', 'beta-long': 'steady' })
  for (const spec of specs) await supervisor.start(spec)
  await supervisor.stopAll()
  await supervisor.stopped
  t.match(out.text(), /^\[alpha\]     hello from alpha\n/m)
  t.match(out.text(), /^\[alpha\]     second line$/m)
  t.match(out.text(), /^\[beta-long\] hello from beta-long$/m)
  t.match(out.text(), /^\[beta-long\] got SIGTERM$/m)
  t.match(err.text(), /^\[alpha\]     a warning$/m)
  t.same(exits, [], 'a requested stop is not reported as a crash')
})

t.test('a service that exits by itself is reported', async (t) => {
  const { specs, supervisor, exits } = await fakeServices({ steady: 'steady', crashing: 'crash' })
  for (const spec of specs) await supervisor.start(spec)
  while (!exits.length) await new Promise((resolve) => setTimeout(resolve, 50))
  t.same(exits, [['crashing', 3, null]])
  await supervisor.stopAll()
})

t.test('a service that never answers its health URL fails to start', async (t) => {
  const { specs, supervisor } = await fakeServices({ silent: 'silent' })
  await t.rejects(supervisor.start(specs[0]!), /health did not answer 200 within 1.5 s/)
  await supervisor.stopAll()
})

t.test('a service that ignores SIGTERM is killed after the grace period', async (t) => {
  const { specs, supervisor, out } = await fakeServices({ stubborn: 'stubborn' })
  await supervisor.start(specs[0]!)
  const started = Date.now()
  await supervisor.stopAll()
  const took = Date.now() - started
  t.ok(took >= STOP_GRACE_MS - 100 && took < STOP_GRACE_MS + 3000, `stopped after ${took} ms`)
  t.match(out.text(), /got SIGTERM/)
})
