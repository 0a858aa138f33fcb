import t from 'tap'
import { createChatModel, llmConfigFromEnv, LlmConfigError, OllamaClient, OpenAiClient } from '../src/llm/index.js'

t.test('without LLM_PROVIDER the provider is the rules heuristic, which needs nothing else', async (t) => {
  t.same(llmConfigFromEnv({}), { provider: 'rules' })
  t.same(llmConfigFromEnv({ LLM_PROVIDER: 'rules', LLM_TIMEOUT_MS: 'ignored' }), { provider: 'rules' })
})

t.test('ollama: defaults for the local server, the timeout and the attempts', async (t) => {
  t.same(llmConfigFromEnv({ LLM_PROVIDER: 'ollama', LLM_MODEL: 'qwen2.5:7b' }), {
    provider: 'ollama', baseUrl: 'http://127.0.0.1:11434', model: 'qwen2.5:7b', timeoutMs: 60_000, maxAttempts: 3,
  })
})

t.test('openai: every variable read, the trailing slash of the base URL dropped', async (t) => {
  const env = {
    LLM_PROVIDER: 'openai', LLM_BASE_URL: 'https://llm.example.org/v1/', LLM_MODEL: 'gpt-4o-mini',
    LLM_API_KEY: 'sk-secret', LLM_TIMEOUT_MS: '30000', LLM_MAX_ATTEMPTS: '2',
  }
  t.same(llmConfigFromEnv(env), {
    provider: 'openai', baseUrl: 'https://llm.example.org/v1', model: 'gpt-4o-mini', apiKey: 'sk-secret', timeoutMs: 30_000, maxAttempts: 2,
  })
})

t.test('a missing or malformed variable is named in the error, and the API key never appears', async (t) => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ LLM_PROVIDER: 'claude' }, /^LLM_PROVIDER must be one of ollama, openai, rules, got "claude"$/],
    [{ LLM_PROVIDER: 'openai', LLM_MODEL: 'm' }, /^LLM_BASE_URL is required when LLM_PROVIDER=openai/],
    [{ LLM_PROVIDER: 'ollama' }, /^LLM_MODEL is required when LLM_PROVIDER=ollama$/],
    [{ LLM_PROVIDER: 'ollama', LLM_MODEL: 'm', LLM_BASE_URL: 'ftp://host' }, /^LLM_BASE_URL must be an http\(s\) URL/],
    [{ LLM_PROVIDER: 'ollama', LLM_MODEL: 'm', LLM_BASE_URL: 'localhost 11434' }, /^LLM_BASE_URL must be an http\(s\) URL/],
    [{ LLM_PROVIDER: 'ollama', LLM_MODEL: 'm', LLM_TIMEOUT_MS: '60s' }, /^LLM_TIMEOUT_MS must be an integer ≥ 1, got "60s"$/],
    [{ LLM_PROVIDER: 'ollama', LLM_MODEL: 'm', LLM_MAX_ATTEMPTS: '0' }, /^LLM_MAX_ATTEMPTS must be an integer ≥ 1, got "0"$/],
  ]
  for (const [env, message] of cases) {
    let error: unknown
    try {
      llmConfigFromEnv({ ...env, LLM_API_KEY: 'sk-never-shown' })
    } catch (err) {
      error = err
    }
    t.ok(error instanceof LlmConfigError, JSON.stringify(env))
    t.match((error as Error).message, message)
    t.notMatch((error as Error).message, 'sk-never-shown')
  }
})

t.test('createChatModel builds the client of the configured protocol', async (t) => {
  const common = { baseUrl: 'http://127.0.0.1:9', model: 'm', timeoutMs: 1000, maxAttempts: 1 }
  const ollama = createChatModel({ provider: 'ollama', ...common })
  const openai = createChatModel({ provider: 'openai', ...common })
  t.ok(ollama instanceof OllamaClient)
  t.ok(openai instanceof OpenAiClient)
  t.equal(openai.model, 'm')
  await Promise.all([ollama.close(), openai.close()])
})
