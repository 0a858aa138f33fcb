import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { readOrCreateKey } from '../lib/local-key.js'

t.test('the local replay key is made once, private, and read back on the next start', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'rpa-key-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const path = join(dir, 'nested', 'replay-secret.key')
  const first = await readOrCreateKey(path)
  t.equal(first.created, true)
  t.equal(Buffer.from(first.key, 'base64').length, 32, 'a 32-byte AES key')
  t.equal((await stat(path)).mode & 0o777, 0o600, 'readable by this user only')
  const second = await readOrCreateKey(path)
  t.same(second, { key: first.key, created: false }, 'the same key on the next start')
  t.equal((await readFile(path, 'utf8')).trim(), first.key)
})
