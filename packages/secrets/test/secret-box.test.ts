import t from 'tap'
import { openSecret, openSecrets, parseSecretKey, recordedSecretContext, sealSecret, sealSecrets, SecretsUnavailableError } from '../src/index.js'

const key = parseSecretKey(Buffer.alloc(32, 7).toString('base64'))
const WF = '6f1c2b9e-0d1a-4c3b-9a8e-2b7d5e4f1a00'

t.test('one recorded value: sealed bound to its workflow and variable, opened only there', async (t) => {
  const context = recordedSecretContext(WF, 'password')
  const sealed = sealSecret(key, 'Pa55-éàü ✓', context)
  t.match(sealed, /^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'v1.<iv>.<tag>.<ciphertext>')
  t.notMatch(sealed, /Pa55/)
  t.equal(openSecret(key, sealed, context), 'Pa55-éàü ✓', 'round trip')
  t.not(sealSecret(key, 'Pa55-éàü ✓', context), sealed, 'a random IV each time')
  t.throws(() => openSecret(key, sealed, recordedSecretContext(WF, 'pin')), SecretsUnavailableError, 'moved to another variable: refused')
  t.throws(() => openSecret(key, sealed, recordedSecretContext('00000000-0000-4000-8000-000000000000', 'password')), SecretsUnavailableError, 'moved to another workflow: refused')
  t.throws(() => openSecret(parseSecretKey(Buffer.alloc(32, 8).toString('base64')), sealed, context), { message: /not the key they were sealed with/ }, 'another key: refused, saying so')
  t.throws(() => openSecret(undefined, sealed, context), { message: /REPLAY_SECRET_KEY is not set/ }, 'no key: refused, saying so')
  t.equal(openSecret(key, sealSecret(key, '', context), context), '', 'an empty value round-trips')
})

t.test('a record of values (a session) and a single value do not open as each other', async (t) => {
  const record = sealSecrets(key, { password: 'x' })
  t.same(openSecrets(key, record), { password: 'x' })
  t.throws(() => openSecret(key, record, recordedSecretContext(WF, 'password')), SecretsUnavailableError, 'no context was bound to the record')
})
