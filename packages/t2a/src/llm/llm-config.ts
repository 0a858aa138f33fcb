import { LlmConfigError } from './errors.js'

export type LlmProvider = 'ollama' | 'openai' | 'rules'

/** Where and how to ask a model; `rules` needs no model, so it carries nothing else. */
export type LlmConfig = RulesLlmConfig | ModelLlmConfig

export interface RulesLlmConfig {
  provider: 'rules'
}

export interface ModelLlmConfig {
  provider: 'ollama' | 'openai'
  /** Ollama: the server root (http://127.0.0.1:11434); OpenAI-compatible: the API root, /v1 included */
  baseUrl: string
  model: string
  /** sent as a Bearer token when set */
  apiKey?: string
  /** per call, each attempt on its own */
  timeoutMs: number
  /** attempts per question, the first included */
  maxAttempts: number
}

export const DEFAULT_OLLAMA_BASE_URL = 'http://127.0.0.1:11434'
export const DEFAULT_LLM_TIMEOUT_MS = 60_000
export const DEFAULT_LLM_MAX_ATTEMPTS = 3

type Env = Record<string, string | undefined>

const PROVIDERS: readonly LlmProvider[] = ['ollama', 'openai', 'rules']

function read(env: Env, name: string): string | undefined {
  const v = env[name]?.trim()
  return v === undefined || v === '' ? undefined : v
}

function positiveInt(env: Env, name: string, fallback: number): number {
  const v = read(env, name)
  if (v === undefined) return fallback
  const n = Number(v)
  if (!Number.isInteger(n) || n < 1) throw new LlmConfigError(`${name} must be an integer ≥ 1, got "${v}"`)
  return n
}

function httpUrl(name: string, v: string): string {
  let url: URL
  try {
    url = new URL(v)
  } catch {
    throw new LlmConfigError(`${name} must be an http(s) URL, got "${v}"`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new LlmConfigError(`${name} must be an http(s) URL, got "${v}"`)
  return v.replace(/\/+$/, '')
}

/** The LLM settings from LLM_* variables (pure: packages/config passes process.env). */
export function llmConfigFromEnv(env: Env): LlmConfig {
  const provider = read(env, 'LLM_PROVIDER') ?? 'rules'
  if (!PROVIDERS.includes(provider as LlmProvider)) {
    throw new LlmConfigError(`LLM_PROVIDER must be one of ${PROVIDERS.join(', ')}, got "${provider}"`)
  }
  if (provider === 'rules') return { provider }

  const rawBaseUrl = read(env, 'LLM_BASE_URL') ?? (provider === 'ollama' ? DEFAULT_OLLAMA_BASE_URL : undefined)
  if (rawBaseUrl === undefined) throw new LlmConfigError(`LLM_BASE_URL is required when LLM_PROVIDER=${provider} (the API root, e.g. https://api.example.com/v1)`)
  const model = read(env, 'LLM_MODEL')
  if (model === undefined) throw new LlmConfigError(`LLM_MODEL is required when LLM_PROVIDER=${provider}`)
  const apiKey = read(env, 'LLM_API_KEY')
  return {
    provider: provider as ModelLlmConfig['provider'],
    baseUrl: httpUrl('LLM_BASE_URL', rawBaseUrl),
    model,
    ...(apiKey === undefined ? {} : { apiKey }),
    timeoutMs: positiveInt(env, 'LLM_TIMEOUT_MS', DEFAULT_LLM_TIMEOUT_MS),
    maxAttempts: positiveInt(env, 'LLM_MAX_ATTEMPTS', DEFAULT_LLM_MAX_ATTEMPTS),
  }
}
