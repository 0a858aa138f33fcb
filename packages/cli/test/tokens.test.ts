import t from 'tap'
import { readCliConfig } from '@rpa-vision/config'
import { createClient, createToken } from '../src/index.js'
import { capture, rpa } from './helpers/io.js'
import { startStubGateway } from './helpers/stub-gateway.js'

const stub = await startStubGateway()
t.teardown(() => stub.close())

t.test('tokens create prints the token once, with its id', async (t) => {
  const r = await rpa(stub, 'tokens', 'create', '--name', 'recorder', '--role', 'agent', '--agent-id', 'pc-12')
  t.equal(r.code, 0)
  t.equal(r.err, '')
  t.same(stub.lastBody, { name: 'recorder', role: 'agent', agent_id: 'pc-12' })
  const [id] = [...stub.tokens.keys()].slice(-1)
  t.match(r.out, new RegExp(`created agent token "recorder" with id ${id}`))
  t.match(r.out, /shown only this once/)
  t.match(r.out, /^ {2}rpa_[0-9a-f]{24}$/m)
})

t.test('tokens create --json prints the API answer', async (t) => {
  const r = await rpa(stub, 'tokens', 'create', '--name', 'alice', '--role', 'author', '--json')
  t.equal(r.code, 0)
  t.match(JSON.parse(r.out), { id: String, token: /^rpa_/, name: 'alice', role: 'author', agent_id: null })
})

t.test('tokens create checks its arguments before calling the API', async (t) => {
  stub.lastBody = undefined
  for (const [argv, message] of [
    [['--role', 'author'], /--name is required/],
    [['--name', 'x'], /--role is required/],
    [['--name', 'x', '--role', 'root'], /--role must be one of admin, author, agent; got "root"/],
    [['--name', 'x', '--role', 'agent'], /needs --agent-id/],
    [['--name', 'x', '--role', 'author', '--agent-id', 'a'], /only applies to --role agent/],
    [['--name', 'x', '--role', 'author', '--colour', 'red'], /Unknown option '--colour'/],
  ] as const) {
    const r = await rpa(stub, 'tokens', 'create', ...argv)
    t.equal(r.code, 2, argv.join(' '))
    t.match(r.err, message)
    t.match(r.err, /^usage: rpa tokens create --name NAME/m)
    t.equal(r.out, '')
  }
  t.equal(stub.lastBody, undefined, 'no request was made')
})

t.test('tokens list prints a table, or JSON', async (t) => {
  const r = await rpa(stub, 'tokens', 'list')
  t.equal(r.code, 0)
  const lines = r.out.trimEnd().split('\n')
  t.match(lines[0], /^ID\s+NAME\s+ROLE\s+AGENT\s+CREATED \(UTC\)\s+LAST USED\s+REVOKED$/)
  t.equal(lines.length, 1 + stub.tokens.size)
  t.match(r.out, /recorder\s+agent\s+pc-12\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+-\s+-/)
  const j = await rpa(stub, 'tokens', 'list', '--json')
  t.equal(JSON.parse(j.out).items.length, stub.tokens.size)
})

t.test('tokens revoke, then revoking again reports the envelope', async (t) => {
  const [id] = [...stub.tokens.keys()]
  const r = await rpa(stub, 'tokens', 'revoke', id!)
  t.equal(r.code, 0)
  t.equal(r.out, `revoked token ${id}\n`)
  t.ok(stub.tokens.get(id!)!.revoked_at)
  const again = await rpa(stub, 'tokens', 'revoke', id!)
  t.equal(again.code, 1)
  t.equal(again.err, 'error NOT_FOUND: token not found\n')
  t.equal(again.out, '')
  const bad = await rpa(stub, 'tokens', 'revoke', 'not-a-uuid')
  t.equal(bad.code, 1)
  t.match(bad.err, /^error VALIDATION_ERROR: params\.id must match format "uuid"\n$/)
  const none = await rpa(stub, 'tokens', 'revoke')
  t.equal(none.code, 2)
  t.match(none.err, /expected one token ID, got 0/)
})

t.test('a command is a function of (args, {config, env, client, out, err})', async (t) => {
  const out = capture()
  const err = capture()
  const config = readCliConfig({ RPA_URL: stub.url, RPA_TOKEN: stub.token })
  await createToken(['--name', 'direct', '--role', 'admin'], { config, env: {}, client: createClient({ url: stub.url, token: stub.token }), out, err })
  t.match(out.text, /created admin token "direct"/)
  t.equal(err.text, '')
})
