import { randomUUID } from 'node:crypto'
import type { T2aDecision, VerifiedDecision } from '@rpa-vision/contracts'
import { createChatModel, deciderFor, DecisionFailedError, runDecision as decideWith, type LlmConfig } from '@rpa-vision/t2a'

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
 * One decision in this process, exactly as the LLM worker makes it (packages/t2a runDecision): the rules provider
 * (no model, 0 attempts), or the configured model asked until its answer follows the output contract, then every
 * quotation verified and the final decision computed in code. A model that never answers validly gives a decision
 * with status `error`; only a bug throws.
 */
export async function runDecision(config: LlmConfig, input: DecisionInput): Promise<DecisionRun> {
  const id = randomUUID()
  const created_at = new Date().toISOString()
  const model = config.provider === 'rules' ? undefined : createChatModel(config)
  try {
    const { decision, evidence } = await decideWith(deciderFor(config, model), input.recordText, input.stay, new AbortController().signal)
    const provider = config.provider
    return { decision: done({ id, provider, model: evidence.model ?? (provider === 'rules' ? null : config.model), attempts: evidence.attempts, created_at }, decision) }
  } catch (err) {
    if (!(err instanceof DecisionFailedError)) throw err
    const cause = err.cause as { code?: string } | undefined
    const decision: T2aDecision = {
      id, status: 'error', error: err.message, final_decision: null, decision_reason: null, model_decision: null, criteria: [],
      reserve_hospitaliere: null, flags: [], provider: config.provider, model: config.provider === 'rules' ? null : config.model,
      attempts: err.evidence.attempts, created_at, finished_at: new Date().toISOString(),
    }
    return { decision, ...(cause?.code ? { errorCode: cause.code } : {}) }
  } finally {
    await model?.close()
  }
}
