import { inspect } from 'node:util'
import t, { type Test } from 'tap'
import {
  askModel, LlmNoValidAnswerError, LlmRequestError, LlmTimeoutError, LlmUnavailableError, startScriptedModelServer, type ChatModel, type Script,
} from '../src/llm/index.js'
import { API_KEY, INVALID, PROTOCOLS, rejectionOf, SCHEMA, until, VALID, validateDecision as validate } from './llm-helpers.js'

const question = { system: 'Réponds en JSON.', user: '<<<dossier>>>', schema: SCHEMA }

// Every server here is a scripted stand-in for a model, not a model: it answers from its script and records requests.
async function setup(t: Test, p: (typeof PROTOCOLS)[number], script: Script, opts?: { timeoutMs?: number }) {
  const server = await startScriptedModelServer(script)
  const model = p.client(server.url, opts)
  t.teardown(async () => {
    await model.close()
    await server.close()
  })
  return { server, model }
}

async function noValidAnswer(t: Test, p: Promise<unknown>): Promise<LlmNoValidAnswerError> {
  const err = await rejectionOf(p)
  t.ok(err instanceof LlmNoValidAnswerError, `rejects with LlmNoValidAnswerError (got ${inspect(err)})`)
  return err as LlmNoValidAnswerError
}

for (const p of PROTOCOLS) {
  t.test(`${p.name}: askModel`, async (t) => {
    t.test('a valid answer at once: its value, 1 attempt', async (t) => {
      const { model } = await setup(t, p, [{ reply: VALID }])
      const answer = await askModel(model, question, { validate, maxAttempts: 3 })
      t.same(answer.value, { decision: 'GHS' })
      t.equal(answer.attempts, 1)
      t.same(answer.rawOutputs, [VALID])
      t.equal(answer.latencies.length, 1)
      t.equal(answer.model, model.model)
    })

    t.test('invalid then valid: 2 attempts, both raw outputs kept in order', async (t) => {
      const { model, server } = await setup(t, p, [{ reply: INVALID }, { reply: VALID }])
      const answer = await askModel(model, question, { validate, maxAttempts: 3 })
      t.same(answer.value, { decision: 'GHS' })
      t.equal(answer.attempts, 2)
      t.same(answer.rawOutputs, [INVALID, VALID])
      t.equal(answer.latencies.length, 2)
      t.equal(server.chatRequests().length, 2)
    })

    t.test('always invalid: a clean error with attempts = maxAttempts, every raw output and the last reason', async (t) => {
      const { server, model } = await setup(t, p, () => ({ reply: '{"decision": 3}' }))
      const err = await noValidAnswer(t, askModel(model, question, { validate, maxAttempts: 3 }))
      t.equal(err.attempts, 3)
      t.same(err.rawOutputs, ['{"decision": 3}', '{"decision": 3}', '{"decision": 3}'])
      t.equal(err.latencies.length, 3)
      t.equal(err.lastReason, 'invalid output: decision is missing')
      t.equal(err.message, 'no valid answer from the model after 3 attempts: invalid output: decision is missing')
      t.equal(err.code, 'LLM_NO_VALID_ANSWER')
      t.equal(server.chatRequests().length, 3)
    })

    t.test('slower than the timeout every time: maxAttempts timeouts, then the error (no hang)', async (t) => {
      const { server, model } = await setup(t, p, () => ({ reply: VALID, delayMs: 10_000 }), { timeoutMs: 300 })
      const err = await noValidAnswer(t, askModel(model, question, { validate, maxAttempts: 3, backoffMs: 10 }))
      t.equal(err.attempts, 3)
      t.ok(err.cause instanceof LlmTimeoutError)
      t.same(err.rawOutputs, [])
      t.equal(err.latencies.length, 3)
      t.equal(server.chatRequests().length, 3)
    })

    t.test('a hung server, then a valid answer: the timeout frees the attempt', async (t) => {
      const { model } = await setup(t, p, [{ hang: true }, { reply: VALID }], { timeoutMs: 300 })
      const answer = await askModel(model, question, { validate, maxAttempts: 3, backoffMs: 10 })
      t.equal(answer.attempts, 2)
      t.same(answer.rawOutputs, [VALID])
    })

    t.test('500s then success: retried with backoff, the HTTP failures counted as attempts', async (t) => {
      const { server, model } = await setup(t, p, [{ status: 500 }, { status: 502 }, { reply: VALID }])
      const answer = await askModel(model, question, { validate, maxAttempts: 3, backoffMs: 10 })
      t.same(answer.value, { decision: 'GHS' })
      t.equal(answer.attempts, 3)
      t.same(answer.rawOutputs, [VALID])
      t.equal(answer.latencies.length, 3)
      t.equal(server.chatRequests().length, 3)
    })

    t.test('500s to the end: the last server error is the reason and the cause', async (t) => {
      const { model } = await setup(t, p, () => ({ status: 500 }))
      const err = await noValidAnswer(t, askModel(model, question, { validate, maxAttempts: 2, backoffMs: 10 }))
      t.equal(err.attempts, 2)
      t.ok(err.cause instanceof LlmUnavailableError)
      t.match(err.lastReason, /answered 500/)
    })

    t.test('a 429 is retried (a rate limit passes)', async (t) => {
      const { model } = await setup(t, p, [{ status: 429 }, { reply: VALID }])
      const answer = await askModel(model, question, { validate, maxAttempts: 3, backoffMs: 10 })
      t.equal(answer.attempts, 2)
    })

    t.test('a 400 is not retried: the server sees exactly one request', async (t) => {
      const { server, model } = await setup(t, p, () => ({ status: 400 }))
      const err = await noValidAnswer(t, askModel(model, question, { validate, maxAttempts: 3, backoffMs: 10 }))
      t.equal(err.attempts, 1)
      t.ok(err.cause instanceof LlmRequestError)
      t.equal((err.cause as LlmRequestError).status, 400)
      t.equal(server.chatRequests().length, 1)
    })

    t.test('an invalid answer then a 400: the raw output is kept with the refusal', async (t) => {
      const { model } = await setup(t, p, [{ reply: INVALID }, { status: 400 }])
      const err = await noValidAnswer(t, askModel(model, question, { validate, maxAttempts: 3 }))
      t.equal(err.attempts, 2)
      t.same(err.rawOutputs, [INVALID])
    })

    t.test("an aborted caller signal stops a hanging call at once, with the signal's reason", async (t) => {
      // a long client timeout: only the abort can end this call
      const { server, model } = await setup(t, p, () => ({ hang: true }), { timeoutMs: 60_000 })
      const controller = new AbortController()
      const asked = rejectionOf(askModel(model, question, { validate, maxAttempts: 3, signal: controller.signal }))
      await until(() => server.chatRequests().length === 1)
      controller.abort()
      t.equal(((await asked) as Error).name, 'AbortError')
      t.equal(server.chatRequests().length, 1)
    })

    t.test('an abort during the backoff stops at once, no further request', async (t) => {
      const { server, model } = await setup(t, p, () => ({ status: 500 }))
      let settled = 0
      const counted: ChatModel = {
        provider: model.provider,
        model: model.model,
        chat: (req) => model.chat(req).finally(() => settled++),
        listModels: (signal) => model.listModels(signal),
        close: () => model.close(),
      }
      const controller = new AbortController()
      const reason = new Error('job cancelled')
      const asked = rejectionOf(askModel(counted, question, { validate, maxAttempts: 3, backoffMs: 60_000, signal: controller.signal }))
      await until(() => settled === 1)
      controller.abort(reason)
      t.equal(await asked, reason)
      t.equal(server.chatRequests().length, 1)
    })

    t.test('an already aborted signal sends nothing', async (t) => {
      const { server, model } = await setup(t, p, [{ reply: VALID }])
      const err = await rejectionOf(askModel(model, question, { validate, maxAttempts: 3, signal: AbortSignal.abort() }))
      t.equal((err as Error).name, 'AbortError')
      t.equal(server.requests.length, 0)
    })
  })
}

t.test('openai: the API key goes as a Bearer token and appears in no error, however the server words it', async (t) => {
  const p = PROTOCOLS.find((x) => x.name === 'openai')!
  const { server, model } = await setup(t, p, [
    { status: 503, body: `upstream rejected key ${API_KEY}` },
    { status: 401, body: { error: { message: `Incorrect API key provided: ${API_KEY}.`, type: 'invalid_request_error' } } },
  ])
  const err = await noValidAnswer(t, askModel(model, question, { validate, maxAttempts: 3, backoffMs: 10 }))
  t.same(server.chatRequests().map((r) => r.headers.authorization), [`Bearer ${API_KEY}`, `Bearer ${API_KEY}`])
  t.equal(err.attempts, 2)
  t.notMatch(inspect(err, { depth: 10 }), API_KEY)
  t.notMatch(JSON.stringify({ message: err.message, lastReason: err.lastReason }), API_KEY)
})

t.test('maxAttempts below 1 is a programming error', async (t) => {
  const p = PROTOCOLS[0]!
  const { server, model } = await setup(t, p, [])
  await t.rejects(askModel(model, question, { validate, maxAttempts: 0 }), RangeError)
  t.equal(server.requests.length, 0)
})
