import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { HELP, runCli } from '../src/index.js'
import { capture, rpa } from './helpers/io.js'
import { startStubGateway } from './helpers/stub-gateway.js'

const stub = await startStubGateway()
t.teardown(() => stub.close())

async function run(argv: string[], env: Record<string, string | undefined>) {
  const out = capture()
  const err = capture()
  const code = await runCli(argv, { env, out, err })
  return { code, out: out.text, err: err.text }
}

t.test('help, and no command at all, print the usage', async (t) => {
  for (const argv of [['help'], [], ['--help']]) {
    const r = await run(argv, {})
    t.equal(r.code, 0)
    t.equal(r.out, `${HELP}\n`)
  }
  const sub = await run(['workflows', 'export', '--help'], {})
  t.equal(sub.code, 0)
  t.match(sub.out, /^usage: rpa workflows export ID/m)
})

t.test('an unknown command is a usage error (exit 2)', async (t) => {
  const r = await run(['workflow', 'list'], {})
  t.equal(r.code, 2)
  t.match(r.err, /^error USAGE: unknown command "workflow list"\n/)
  t.equal(r.out, '')
})

t.test('a missing RPA_TOKEN is named, after the command line is checked', async (t) => {
  const r = await run(['tokens', 'list'], { RPA_URL: stub.url })
  t.equal(r.code, 1)
  t.match(r.err, /^error NO_TOKEN: RPA_TOKEN is not set/)
  const usage = await run(['tokens', 'revoke'], { RPA_URL: stub.url })
  t.equal(usage.code, 2)
})

t.test('a bad RPA_URL is a configuration error', async (t) => {
  const r = await run(['tokens', 'list'], { RPA_URL: 'localhost:8080', RPA_TOKEN: 'x' })
  t.equal(r.code, 1)
  t.match(r.err, /^error CONFIG: RPA_URL must be an http\(s\) URL/)
})

t.test('the gateway refusing the token: its envelope, on stderr, exit 1', async (t) => {
  const r = await rpa({ url: stub.url, token: 'wrong' }, 'workflows', 'list')
  t.equal(r.code, 1)
  t.equal(r.err, 'error UNAUTHORIZED: a valid bearer token is required\n')
  t.equal(r.out, '')
})

t.test('an answer that is not an envelope still gives one line', async (t) => {
  stub.failNext = { status: 502, contentType: 'text/html', body: '<html><body>Bad Gateway</body></html>' }
  const r = await rpa(stub, 'tokens', 'list')
  t.equal(r.code, 1)
  t.equal(r.err, 'error HTTP_502: <html><body>Bad Gateway</body></html>\n')
  stub.failNext = { status: 200, contentType: 'text/plain', body: 'hello' }
  const odd = await rpa(stub, 'tokens', 'list')
  t.equal(odd.code, 1)
  t.match(odd.err, /^error BAD_RESPONSE: GET \/api\/v1\/tokens answered 200 with a body that is not JSON/)
})

t.test('an unreachable gateway says where it looked', async (t) => {
  const closed = await startStubGateway()
  await closed.close()
  const r = await rpa(closed, 'tokens', 'list')
  t.equal(r.code, 1)
  t.match(r.err, new RegExp(`^error UNREACHABLE: cannot reach the gateway at ${closed.url} \\(ECONNREFUSED\\)`))
})

t.test('as a process (pnpm rpa runs this entry): output, exit code', async (t) => {
  const main = fileURLToPath(new URL('../src/main.ts', import.meta.url))
  const child = spawn(process.execPath, ['--conditions=@rpa-vision/source', '--import', 'tsx', main, 'tokens', 'list', '--json'], {
    env: { ...process.env, RPA_URL: stub.url, RPA_TOKEN: stub.token },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout.on('data', (d) => (out += d))
  const code = await new Promise((resolve) => child.on('close', resolve))
  t.equal(code, 0)
  t.same(JSON.parse(out), { items: [] })
  const bad = spawn(process.execPath, ['--conditions=@rpa-vision/source', '--import', 'tsx', main, 'tokens', 'create'], {
    env: { ...process.env, RPA_TOKEN: stub.token },
    stdio: 'ignore',
  })
  t.equal(await new Promise((resolve) => bad.on('close', resolve)), 2)
})
