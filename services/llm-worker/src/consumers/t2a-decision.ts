import { UnrecoverableError } from 'bullmq'
import type { FastifyBaseLogger } from 'fastify'
import type { T2aDecisionResult } from '@rpa-vision/contracts'
import type { Db } from '@rpa-vision/db'
import type { TypedJob } from '@rpa-vision/queue'
import { decisionExists, decisionOfJob, inputSha256, storeDecision, storeFailure } from '../decisions/decision-store.js'
import { DecisionFailedError, runDecision, type Decider } from '@rpa-vision/t2a'

export interface DecisionJobDeps {
  db: Db
  decider: Decider
  log: FastifyBaseLogger
  /** the worker's timeout, for the message of a job that ran past it without a timeout of its own */
  timeoutMs: number
}

/** Who asked for a decision that came as a job without a row (a replay step). */
export const JOB_CREATOR = 'queue:llm.t2a_decision'

function abortReason(job: TypedJob<'llm.t2a_decision'>, signal: AbortSignal, timeoutMs: number): { message: string; timedOut: boolean } {
  const reason = signal.reason as unknown
  if (reason instanceof DOMException && reason.name === 'TimeoutError') {
    return { message: `${job.name} job ${job.id} did not finish within ${job.data.timeout_ms ?? timeoutMs} ms`, timedOut: true }
  }
  return { message: `${job.name} job ${job.id} was stopped: ${reason instanceof Error ? reason.message : String(reason)}`, timedOut: false }
}

/**
 * llm.t2a_decision: decides on the record, stores the decision with its evidence, returns it. A failure is stored
 * too, as the row's error once no retry of the job follows; a failure that asking again cannot mend fails the job
 * at once. A job cancelled at shutdown leaves its row pending for the retry.
 */
export async function t2aDecisionJob(job: TypedJob<'llm.t2a_decision'>, signal: AbortSignal, deps: DecisionJobDeps): Promise<T2aDecisionResult> {
  const { db, decider, log } = deps
  const { record_text: recordText, stay } = job.data
  const input = { recordText, stay, provider: decider.provider, createdBy: JOB_CREATOR }
  let id = job.data.decision_id
  if (id === undefined) id = await decisionOfJob(db, job.id!, input)
  else if (!(await decisionExists(db, id))) throw new UnrecoverableError(`decision ${id} does not exist`)
  const context = { decision_id: id, job: job.id, input_sha256: inputSha256(recordText), provider: decider.provider }
  const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1)

  try {
    const { decision, evidence } = await runDecision(decider, recordText, stay, signal)
    await storeDecision(db, id, evidence, decision)
    log.info({ ...context, model: evidence.model, attempts: evidence.attempts, final_decision: decision.final_decision, flags: decision.flags }, 't2a decision stored')
    return { ...decision, id, provider: decider.provider, model: evidence.model, attempts: evidence.attempts }
  } catch (err) {
    if (err instanceof DecisionFailedError) {
      await storeFailure(db, id, err.message, err.final || lastAttempt, err.evidence)
      // the reason may quote a fragment of the model's answer: not at warn level
      log.warn({ ...context, attempts: err.evidence.attempts, final: err.final }, 't2a decision failed')
      log.debug({ ...context, reason: err.message }, 't2a decision failure reason')
      throw err.final ? new UnrecoverableError(err.message) : new Error(err.message)
    }
    if (!signal.aborted) throw err
    const { message, timedOut } = abortReason(job, signal, deps.timeoutMs)
    if (timedOut) {
      await storeFailure(db, id, message, lastAttempt)
      log.warn(context, 't2a decision timed out')
    }
    throw new Error(message)
  }
}
