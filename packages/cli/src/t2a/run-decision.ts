import { randomUUID } from 'node:crypto'
import type { T2aDecision, VerifiedDecision } from '@rpa-vision/contracts'
import {
  askModel, buildPrompt, createChatModel, decideByRules, decideFromModelOutput, LlmNoValidAnswerError, MODEL_OUTPUT_JSON_SCHEMA,
  parseModelOutput, type LlmConfig,
} from '@rpa-vision/t2a'

export interface DecisionInput {
  recordText: string
  stay?: Record<string, unknown>
}

/** The decision as GET /api/v1/t2a/decisions/:id shows it, and, when it failed, the error's code. */
export interface DecisionRun {
  decision: T2aDecision
  errorCode?: string
}

function done(head: Omit<T2aDecision, 'status' | 'error' | keyof VerifiedDecision | 'finished_at'>, verified: VerifiedDecision): T2aDecision {
  return {
    id: head.id, status: 'done', error: null, ...verified, provider: head.provider, model: head.model, attempts: head.attempts,
    created_at: head.created_at, finished_at: new Date().toISOString(),
  }
}

/**
 * One decision in this process, as the LLM worker makes it: the rules provider (no model, 0 attempts), or the configured
 * model asked with the decision prompt until its answer follows the output contract, then every quotation verified and
 * the final decision computed in code. A model that never answers validly gives a decision with status `error`; only a
 * bug throws.
 */
export async function runDecision(config: LlmConfig, input: DecisionInput): Promise<DecisionRun> {
  const id = randomUUID()
  const created_at = new Date().toISOString()
  if (config.provider === 'rules') {
    const { decision } = decideByRules(input.recordText)
    return { decision: done({ id, provider: 'rules', model: null, attempts: 0, created_at }, decision) }
  }

  const model = createChatModel(config)
  try {
    const prompt = buildPrompt(input.recordText, input.stay ? { stay: input.stay } : {})
    const answer = await askModel(
      model,
      { system: prompt.system, user: prompt.user, schema: MODEL_OUTPUT_JSON_SCHEMA },
      { validate: parseModelOutput, maxAttempts: config.maxAttempts },
    )
    const verified = decideFromModelOutput(input.recordText, answer.value)
    return { decision: done({ id, provider: config.provider, model: answer.model || config.model, attempts: answer.attempts, created_at }, verified) }
  } catch (err) {
    if (!(err instanceof LlmNoValidAnswerError)) throw err
    const decision: T2aDecision = {
      id, status: 'error', error: err.message, final_decision: null, decision_reason: null, model_decision: null, criteria: [],
      reserve_hospitaliere: null, flags: [], provider: config.provider, model: config.model, attempts: err.attempts,
      created_at, finished_at: new Date().toISOString(),
    }
    return { decision, errorCode: err.code }
  } finally {
    await model.close()
  }
}
