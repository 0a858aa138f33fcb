import t, { type Test } from 'tap'
import {
  LlmRequestError, LlmTimeoutError, LlmUnavailableError, startScriptedModelServer, type Script,
} from '../src/llm/index.js'
import { API_KEY, PROTOCOLS, rejectionOf, SCHEMA, until, VALID } from './llm-helpers.js'

// Every server here is a scripted stand-in for a model, not a model: it answers from its script and records requests.
async function serve(t: Test, script: Script) {
  const server = await startScriptedModelServer(script)
  t.teardown(() => server.close())
  return server
}

for (const p of PROTOCOLS) {
  t.test(`${p.name}: one chat request`, async (t) => {
    t.test('carries the system and user turns, the JSON schema in the structured-output field and temperature 0', async (t) => {
      const server = await serve(t, [{ reply: VALID }])
      const client = p.client(server.url)
      t.teardown(() => client.close())
      const result = await client.chat({ system: 'Tu es médecin DIM.', user: '<<<dossier>>>', schema: SCHEMA, schemaName: 'preuves_uhcd' })

      t.equal(result.text, VALID)
      t.equal(result.model, client.model)
      t.ok(result.latencyMs >= 0)
      t.ok(result.usage?.promptTokens !== undefined && result.usage.completionTokens !== undefined)
      t.equal(result.finishReason, 'stop')

      const [req] = server.chatRequests()
      t.equal(req!.path, p.chatPath)
      const body = req!.body as Record<string, unknown>
      t.same(body.messages, [
        { role: 'system', content: 'Tu es médecin DIM.' },
        { role: 'user', content: '<<<dossier>>>' },
      ])
      t.equal(body.model, client.model)
      t.equal(body.stream, false)
      t.notOk('tools' in body, 'the model gets no tools')
      if (p.name === 'ollama') {
        t.same(body.format, SCHEMA)
        t.same(body.options, { temperature: 0 })
        t.equal(req!.headers.authorization, undefined, 'no key configured, none sent')
      } else {
        t.same(body.response_format, { type: 'json_schema', json_schema: { name: 'preuves_uhcd', schema: SCHEMA, strict: true } })
        t.equal(body.temperature, 0)
        t.equal(req!.headers.authorization, `Bearer ${API_KEY}`)
      }
    })

    t.test('lists the served models (the health check)', async (t) => {
      const server = await serve(t, [])
      const client = p.client(server.url)
      t.teardown(() => client.close())
      t.same(await client.listModels(), ['scripted-model'])
      t.equal(server.requests[0]!.path, p.name === 'ollama' ? '/api/tags' : '/v1/models')
    })

    t.test('a 4xx is a non-retryable LlmRequestError with the server message, the API key blanked out', async (t) => {
      const echo = p.name === 'ollama' ? { error: `unauthorized: bad key ${API_KEY}` } : { error: { message: `Incorrect API key provided: ${API_KEY}`, type: 'invalid_request_error' } }
      const server = await serve(t, [{ status: 401, body: echo }, { status: 400 }])
      const client = p.client(server.url, { apiKey: API_KEY })
      t.teardown(() => client.close())

      const unauthorized = await rejectionOf(client.chat({ system: 's', user: 'u', schema: SCHEMA }))
      t.ok(unauthorized instanceof LlmRequestError)
      const e = unauthorized as LlmRequestError
      t.equal(e.status, 401)
      t.equal(e.retryable, false)
      t.match(e.serverMessage, /\[api key\]/)
      t.notMatch(e.message, API_KEY)
      t.notMatch(e.serverMessage, API_KEY)
      t.match(e.message, `answered 401 to POST ${p.chatPath}`)

      const bad = (await rejectionOf(client.chat({ system: 's', user: 'u', schema: SCHEMA }))) as LlmRequestError
      t.ok(bad instanceof LlmRequestError)
      t.match(bad.message, /answered 400 .*: scripted failure 400$/)
    })

    t.test('a 5xx, a 429 and a 200 that is not JSON are retryable LlmUnavailableErrors', async (t) => {
      const server = await serve(t, [{ status: 503 }, { status: 429 }, { status: 200, body: '<html>proxy</html>' }])
      const client = p.client(server.url)
      t.teardown(() => client.close())
      for (const status of [503, 429, 200]) {
        const err = await rejectionOf(client.chat({ system: 's', user: 'u', schema: SCHEMA }))
        t.ok(err instanceof LlmUnavailableError, String(status))
        t.equal((err as LlmUnavailableError).status, status)
        t.equal((err as LlmUnavailableError).retryable, true)
      }
    })

    t.test('an answer slower than the per-call timeout is an LlmTimeoutError', async (t) => {
      const server = await serve(t, [{ reply: VALID, delayMs: 5000 }, { hang: true }])
      const client = p.client(server.url, { timeoutMs: 200 })
      t.teardown(() => client.close())
      for (let i = 0; i < 2; i++) {
        const err = await rejectionOf(client.chat({ system: 's', user: 'u', schema: SCHEMA }))
        t.ok(err instanceof LlmTimeoutError)
        t.equal((err as LlmTimeoutError).timeoutMs, 200)
        t.equal((err as LlmTimeoutError).retryable, true)
      }
    })

    t.test('a server that is not there is an LlmUnavailableError', async (t) => {
      const gone = await startScriptedModelServer([])
      await gone.close()
      const client = p.client(gone.url)
      t.teardown(() => client.close())
      const err = await rejectionOf(client.chat({ system: 's', user: 'u', schema: SCHEMA }))
      t.ok(err instanceof LlmUnavailableError)
      t.match((err as Error).message, /could not be reached .*ECONNREFUSED/)
    })

    t.test("the caller's abort rejects with its reason while the server hangs", async (t) => {
      const server = await serve(t, [{ hang: true }])
      const client = p.client(server.url, { timeoutMs: 60_000 })
      t.teardown(() => client.close())
      const controller = new AbortController()
      const call = rejectionOf(client.chat({ system: 's', user: 'u', schema: SCHEMA, signal: controller.signal }))
      await until(() => server.chatRequests().length === 1)
      controller.abort()
      const err = await call
      t.equal((err as Error).name, 'AbortError')
    })
  })
}
