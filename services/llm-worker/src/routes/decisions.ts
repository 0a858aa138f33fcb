import { CreateT2aDecisionBody, CreateT2aDecisionResponse, IdParams, NotFoundError, T2aDecision } from '@rpa-vision/contracts'
import { recordAudit } from '@rpa-vision/db'
import type { App } from '@rpa-vision/http'
import { createPendingDecision, inputSha256, readDecision, storeFailure } from '../decisions/decision-store.js'

/** T2A decisions: asked (a row, then a job), and read back once the consumer has stored them. */
export async function decisionRoutes(app: App): Promise<void> {
  app.post('/api/v1/t2a/decisions', { schema: { body: CreateT2aDecisionBody, response: { 202: CreateT2aDecisionResponse } } }, async (req, reply) => {
    const { record_text: recordText, stay } = req.body
    const id = await createPendingDecision(app.db, { recordText, stay, provider: app.decider.provider, createdBy: req.principal.id })
    try {
      await app.decisionQueue.add('llm.t2a_decision', { record_text: recordText, ...(stay ? { stay } : {}), decision_id: id }, { jobId: id })
    } catch (err) {
      await storeFailure(app.db, id, `the decision could not be queued: ${(err as Error).message}`, true)
      throw err
    }
    await recordAudit(app.db, {
      actor: req.principal.id, action: 't2a_decision.create', targetType: 't2a_decision', targetId: id, requestId: req.id,
      details: { input_sha256: inputSha256(recordText), provider: app.decider.provider },
    })
    return reply.status(202).send({ id, status: 'pending' as const })
  })

  app.get('/api/v1/t2a/decisions/:id', { schema: { params: IdParams, response: { 200: T2aDecision } } }, async (req) => {
    const decision = await readDecision(app.db, req.params.id)
    if (!decision) throw new NotFoundError(`t2a decision ${req.params.id}`)
    return decision
  })
}
