import { usageOf, type ChatModel, type ChatRequest, type ChatResult } from './chat-model.js'
import { LlmUnavailableError } from './errors.js'
import { ModelHttp } from './model-http.js'

export interface OllamaClientOptions {
  /** the server root, e.g. http://127.0.0.1:11434 */
  baseUrl: string
  model: string
  /** for a remote Ollama behind an authenticating proxy; sent as a Bearer token */
  apiKey?: string
  timeoutMs: number
}

interface OllamaChatResponse {
  model?: string
  message?: { content?: unknown }
  done_reason?: string
  prompt_eval_count?: number
  eval_count?: number
}

/** Ollama's native chat API (POST /api/chat), the answer constrained by the `format` JSON schema (Ollama ≥ 0.5). */
export class OllamaClient implements ChatModel {
  readonly provider = 'ollama'
  readonly model: string
  private readonly http: ModelHttp

  constructor(opts: OllamaClientOptions) {
    this.model = opts.model
    this.http = new ModelHttp({ ...opts, label: 'ollama' })
  }

  async chat(req: ChatRequest): Promise<ChatResult> {
    const { json, latencyMs } = await this.http.call({
      method: 'POST',
      path: '/api/chat',
      signal: req.signal,
      body: {
        model: this.model,
        messages: [
          { role: 'system', content: req.system },
          { role: 'user', content: req.user },
        ],
        stream: false,
        format: req.schema,
        options: { temperature: 0 },
      },
    })
    const answer = json as OllamaChatResponse
    const text = answer.message?.content
    if (typeof text !== 'string') throw new LlmUnavailableError(`the ollama server answered /api/chat without message.content`)
    return {
      text,
      model: answer.model ?? this.model,
      latencyMs,
      usage: usageOf(answer.prompt_eval_count, answer.eval_count),
      finishReason: answer.done_reason,
    }
  }

  async listModels(signal?: AbortSignal): Promise<string[]> {
    const { json } = await this.http.call({ method: 'GET', path: '/api/tags', signal })
    const models = (json as { models?: { name?: unknown }[] }).models
    if (!Array.isArray(models)) throw new LlmUnavailableError('the ollama server answered /api/tags without a models list')
    return models.map((m) => m.name).filter((n): n is string => typeof n === 'string')
  }

  close(): Promise<void> {
    return this.http.close()
  }
}
