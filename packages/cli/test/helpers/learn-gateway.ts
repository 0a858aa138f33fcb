import { LearnedWorkflowBody, type Workflow } from '@rpa-vision/contracts'
import { createServer } from '@rpa-vision/http'

export interface LearnGateway {
  url: string
  /** the bodies received, each checked against the contract's schema first */
  received: LearnedWorkflowBody[]
  close(): Promise<void>
}

export const LEARNED_ID = '00000000-0000-4000-8000-00000000000a'

/**
 * A stand-in gateway for POST /api/v1/learned-workflows: it checks the body against the contract, keeps it, and answers
 * a workflow pending review of two steps (type "dr.house" into the login, click "Se connecter"), named as asked.
 */
export async function startLearnGateway(): Promise<LearnGateway> {
  const app = createServer({ service: 'stub', log: false })
  const received: LearnedWorkflowBody[] = []
  app.post('/api/v1/learned-workflows', { schema: { body: LearnedWorkflowBody } }, async (req, reply) => {
    received.push(req.body)
    const now = new Date().toISOString()
    const anchor = {
      id: '00000000-0000-4000-8000-000000000001', image_sha256: 'a'.repeat(64), image_url: '/x', image_width: 406, image_height: 42,
      bbox: { x: 234, y: 154, width: 406, height: 42 }, screen: req.body.screen, target_text: null, ocr_description: null, screenshot_sha256: null,
    }
    const wf: Workflow = {
      id: LEARNED_ID, name: req.body.name, description: null, source: 'learned', review_status: 'pending', review_feedback: null,
      reviewed_at: null, version: 1, created_at: now, updated_at: now, edges: [{ from: 'n1', to: 'n2' }],
      nodes: [
        { id: 'n1', type: 'type_text', label: 'Type "dr.house" into login', params: { text: 'dr.house' }, anchor },
        { id: 'n2', type: 'click_anchor', label: 'Click "Se connecter"', params: {}, anchor: { ...anchor, bbox: { x: 59, y: 273, width: 154, height: 46 } } },
      ],
    }
    return reply.status(201).send(wf)
  })
  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  return { url, received, close: () => app.close() }
}
