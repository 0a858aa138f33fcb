import { OllamaClient, OpenAiClient, type ChatModel, type OutputCheck } from '../src/llm/index.js'

export const API_KEY = 'sk-test-7c1f0e9a2b'

export const SCHEMA = {
  type: 'object',
  properties: { decision: { type: 'string', enum: ['GHS', 'FORFAIT_URGENCES', 'A_REVOIR'] } },
  required: ['decision'],
  additionalProperties: false,
}

export const VALID = '{"decision":"GHS"}'
export const INVALID = 'Voici ma réponse : GHS'

export interface Protocol {
  name: 'ollama' | 'openai'
  chatPath: string
  client(serverUrl: string, opts?: { timeoutMs?: number; apiKey?: string }): ChatModel
}

/** Both protocols, each pointed at the scripted stand-in for a model the way a deployment would point it at a server. */
export const PROTOCOLS: Protocol[] = [
  {
    name: 'ollama',
    chatPath: '/api/chat',
    client: (url, o = {}) => new OllamaClient({ baseUrl: url, model: 'qwen-test', timeoutMs: o.timeoutMs ?? 300, apiKey: o.apiKey }),
  },
  {
    name: 'openai',
    chatPath: '/v1/chat/completions',
    client: (url, o = {}) => new OpenAiClient({ baseUrl: `${url}/v1`, model: 'gpt-test', timeoutMs: o.timeoutMs ?? 300, apiKey: o.apiKey ?? API_KEY }),
  },
]

export function validateDecision(text: string): OutputCheck<{ decision: string }> {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return { ok: false, error: 'not JSON' }
  }
  const decision = (parsed as { decision?: unknown } | null)?.decision
  return typeof decision === 'string' ? { ok: true, value: { decision } } : { ok: false, error: 'decision is missing' }
}

/** The rejection of a promise that must reject (fails the test with a clear message when it resolves). */
export async function rejectionOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p
  } catch (err) {
    return err
  }
  throw new Error('expected a rejection, got a value')
}

export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5))
}
