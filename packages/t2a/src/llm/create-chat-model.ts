import type { ChatModel } from './chat-model.js'
import type { ModelLlmConfig } from './llm-config.js'
import { OllamaClient } from './ollama-client.js'
import { OpenAiClient } from './openai-client.js'

/** The client for the configured provider (`rules` asks no model, so it has none). */
export function createChatModel(config: ModelLlmConfig): ChatModel {
  const { baseUrl, model, apiKey, timeoutMs } = config
  return config.provider === 'ollama'
    ? new OllamaClient({ baseUrl, model, apiKey, timeoutMs })
    : new OpenAiClient({ baseUrl, model, apiKey, timeoutMs })
}
