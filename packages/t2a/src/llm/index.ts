export { askModel, type AskOptions, type ModelAnswer, type OutputCheck } from './ask-with-retries.js'
export { DEFAULT_SCHEMA_NAME, type ChatModel, type ChatRequest, type ChatResult, type ChatUsage } from './chat-model.js'
export { createChatModel } from './create-chat-model.js'
export { LlmConfigError, LlmError, LlmNoValidAnswerError, LlmRequestError, LlmTimeoutError, LlmUnavailableError } from './errors.js'
export {
  DEFAULT_LLM_MAX_ATTEMPTS, DEFAULT_LLM_TIMEOUT_MS, DEFAULT_OLLAMA_BASE_URL, llmConfigFromEnv,
  type LlmConfig, type LlmProvider, type ModelLlmConfig, type RulesLlmConfig,
} from './llm-config.js'
export { OllamaClient, type OllamaClientOptions } from './ollama-client.js'
export { OpenAiClient, type OpenAiClientOptions } from './openai-client.js'
export {
  startScriptedModelServer, type RecordedRequest, type Script, type ScriptedModelServer, type ScriptedModelServerOptions, type ScriptStep,
} from './scripted-model-server.js'
