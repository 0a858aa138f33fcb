import { DEFAULT_SCHEMA_NAME, usageOf, type ChatModel, type ChatRequest, type ChatResult } from './chat-model.js'
import { LlmUnavailableError } from './errors.js'
import { ModelHttp } from './model-http.js'

export interface OpenAiClientOptions {
  /** the API root, /v1 included, e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1 */
  baseUrl: string
  model: string
  /** sent as a Bearer token; local servers may need none */
  apiKey?: string
  timeoutMs: number
}

interface OpenAiChatResponse {
  model?: string
  choices?: { message?: { content?: unknown; refusal?: unknown }; finish_reason?: string }[]
  usage?: { prompt_tokens?: number; completion_tokens?: number }
}

/** An OpenAI-compatible chat completions API (POST {base}/chat/completions) in strict JSON-schema mode. */
export class OpenAiClient implements ChatModel {
  readonly provider = 'openai'
  readonly model: string
  private readonly http: ModelHttp

  constructor(opts: OpenAiClientOptions) {
    this.model = opts.model
    this.http = new ModelHttp({ ...opts, label: 'openai-compatible' })
  }

  async chat(req: ChatRequest): Promise<ChatResult> {
    const { json, latencyMs } = await this.http.call({
      method: 'POST',
      path: '/chat/completions',
      signal: req.signal,
      body: {
        model: this.model,
        messages: [
          { role: 'system', content: req.system },
          { role: 'user', content: req.user },
        ],
        temperature: 0,
        stream: false,
        response_format: {
          type: 'json_schema',
          json_schema: { name: req.schemaName ?? DEFAULT_SCHEMA_NAME, schema: req.schema, strict: true },
        },
      },
    })
    const answer = json as OpenAiChatResponse
    const choice = answer.choices?.[0]
    const { content, refusal } = choice?.message ?? {}
    // a refusal comes with null content: kept as the text, it fails validation and is stored as the raw output
    const text = typeof content === 'string' ? content : typeof refusal === 'string' ? refusal : undefined
    if (text === undefined) throw new LlmUnavailableError('the openai-compatible server answered /chat/completions without choices[0].message.content')
    return {
      text,
      model: answer.model ?? this.model,
      latencyMs,
      usage: usageOf(answer.usage?.prompt_tokens, answer.usage?.completion_tokens),
      finishReason: choice?.finish_reason,
    }
  }

  async listModels(signal?: AbortSignal): Promise<string[]> {
    const { json } = await this.http.call({ method: 'GET', path: '/models', signal })
    const data = (json as { data?: { id?: unknown }[] }).data
    if (!Array.isArray(data)) throw new LlmUnavailableError('the openai-compatible server answered /models without a data list')
    return data.map((m) => m.id).filter((id): id is string => typeof id === 'string')
  }

  close(): Promise<void> {
    return this.http.close()
  }
}
