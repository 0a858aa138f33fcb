import type { VerifiedDecision } from '@rpa-vision/contracts'
import { buildPrompt, decideByRules, decideFromModelOutput, MODEL_OUTPUT_JSON_SCHEMA, parseModelOutput } from './core/index.js'
import { askModel, DEFAULT_SCHEMA_NAME, LlmNoValidAnswerError, type ChatModel, type LlmConfig } from './llm/index.js'

/** What asking took: kept with the decision (the model, every attempt's latency and raw output). */
export interface DecisionAttempts {
  model: string | null
  attempts: number
  latenciesMs: number[]
  rawOutputs: string[]
}

/** How decisions are made in this process: the rules heuristic, or a model behind its client. */
export type Decider = { provider: 'rules' } | { provider: 'ollama' | 'openai'; model: ChatModel; maxAttempts: number }

export function deciderFor(llm: LlmConfig, model: ChatModel | undefined): Decider {
  if (llm.provider === 'rules') return { provider: 'rules' }
  if (!model) throw new Error(`LLM_PROVIDER=${llm.provider} needs a chat model`)
  return { provider: llm.provider, model, maxAttempts: llm.maxAttempts }
}

/** A run that gave up: why, and every attempt it made (their raw outputs are kept with the decision). */
export class DecisionFailedError extends Error {
  override name = 'DecisionFailedError'
  constructor(
    message: string,
    readonly evidence: DecisionAttempts,
    /** asking again cannot help: the model gave no valid answer in all its attempts, or the server refused the request */
    readonly final: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

/**
 * One decision on a record: the provider proposes (the rules, or a model asked until its answer follows the output
 * contract), then packages/t2a verifies every quotation and computes the final decision in code.
 */
export async function runDecision(
  decider: Decider,
  recordText: string,
  stay: Record<string, unknown> | undefined,
  signal: AbortSignal,
): Promise<{ decision: VerifiedDecision; evidence: DecisionAttempts }> {
  if (decider.provider === 'rules') {
    const { output, decision } = decideByRules(recordText)
    // no model asked (0 attempts, as the CLI reports it); the rules' proposal is kept where a model's answer would be
    return { decision, evidence: { model: null, attempts: 0, latenciesMs: [], rawOutputs: [JSON.stringify(output)] } }
  }
  const prompt = buildPrompt(recordText, stay ? { stay } : {})
  try {
    const answer = await askModel(
      decider.model,
      { system: prompt.system, user: prompt.user, schema: MODEL_OUTPUT_JSON_SCHEMA, schemaName: DEFAULT_SCHEMA_NAME },
      { validate: parseModelOutput, maxAttempts: decider.maxAttempts, signal },
    )
    return {
      decision: decideFromModelOutput(recordText, answer.value),
      evidence: { model: answer.model, attempts: answer.attempts, latenciesMs: answer.latencies, rawOutputs: answer.rawOutputs },
    }
  } catch (err) {
    if (!(err instanceof LlmNoValidAnswerError)) throw err
    const evidence = { model: decider.model.model, attempts: err.attempts, latenciesMs: err.latencies, rawOutputs: err.rawOutputs }
    const cause = err.cause as { retryable?: boolean } | undefined
    throw new DecisionFailedError(err.message, evidence, cause === undefined || cause.retryable === false, { cause: err })
  }
}
