/** One question to a model: the system and user turns, and the JSON schema its answer must follow. */
export interface ChatRequest {
  system: string
  user: string
  /** a JSON schema object, sent in the provider's structured-output field */
  schema: object
  /** the schema's name where the protocol asks for one (OpenAI: a-z, A-Z, 0-9, _ and -, at most 64) */
  schemaName?: string
  signal?: AbortSignal
}

export interface ChatUsage {
  promptTokens?: number
  completionTokens?: number
}

/** The model's answer as it came, unvalidated, with what the server said about it. */
export interface ChatResult {
  text: string
  /** the model the server says answered */
  model: string
  latencyMs: number
  usage?: ChatUsage
  /** why generation stopped (stop, length…), as the server reported it */
  finishReason?: string
}

/** A chat model behind an HTTP API: no tools, temperature 0, JSON-schema output. */
export interface ChatModel {
  readonly provider: 'ollama' | 'openai'
  /** the configured model name */
  readonly model: string
  /**
   * Rejects with LlmRequestError (4xx, not retryable), LlmUnavailableError or LlmTimeoutError (retryable),
   * or the caller's `signal.reason` once it aborts.
   */
  chat(req: ChatRequest): Promise<ChatResult>
  /** the models the server offers: a health check that also tells whether the configured model is there */
  listModels(signal?: AbortSignal): Promise<string[]>
  close(): Promise<void>
}

export const DEFAULT_SCHEMA_NAME = 'model_output'

/** Token counts when the server gave any (both protocols report them under their own names). */
export function usageOf(promptTokens: unknown, completionTokens: unknown): ChatUsage | undefined {
  const usage: ChatUsage = {}
  if (typeof promptTokens === 'number') usage.promptTokens = promptTokens
  if (typeof completionTokens === 'number') usage.completionTokens = completionTokens
  return Object.keys(usage).length ? usage : undefined
}
