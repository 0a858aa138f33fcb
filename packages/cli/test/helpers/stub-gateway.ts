import { randomBytes, randomUUID } from 'node:crypto'
import {
  CreateTokenBody, IdParams, ListWorkflowsQuery, NotFoundError, UnauthorizedError, WorkflowBundle,
  type TokenInfo, type Workflow, type WorkflowSummary,
} from '@rpa-vision/contracts'
import { createServer } from '@rpa-vision/http'

/** A stand-in for the gateway: the public routes the CLI uses, with the contract's schemas and error envelope. */
export interface StubGateway {
  url: string
  token: string
  tokens: Map<string, TokenInfo>
  workflows: Map<string, { summary: WorkflowSummary; bundle: WorkflowBundle }>
  /** the next request gets this raw answer instead (a proxy's error page, say) */
  failNext: { status: number; contentType: string; body: string } | undefined
  lastBody: unknown
  lastQuery: Record<string, unknown>
  close(): Promise<void>
}

function summaryOf(id: string, bundle: WorkflowBundle, source: WorkflowSummary['source'], review: WorkflowSummary['review_status']): WorkflowSummary {
  const now = new Date().toISOString()
  return {
    id, name: bundle.workflow.name, description: bundle.workflow.description ?? null, source, review_status: review,
    review_feedback: null, reviewed_at: null, version: 1, created_at: now, updated_at: now, node_count: bundle.workflow.nodes.length,
  }
}

export async function startStubGateway(seed: WorkflowBundle[] = []): Promise<StubGateway> {
  const app = createServer({ service: 'stub-gateway', log: false })
  const stub: StubGateway = {
    url: '',
    token: `rpa_${randomBytes(12).toString('hex')}`,
    tokens: new Map(),
    workflows: new Map(),
    failNext: undefined,
    lastBody: undefined,
    lastQuery: {},
    close: () => app.close(),
  }
  for (const bundle of seed) {
    const id = randomUUID()
    stub.workflows.set(id, { summary: summaryOf(id, bundle, 'manual', 'not_required'), bundle })
  }

  app.addHook('onRequest', async (req, reply) => {
    const fail = stub.failNext
    if (fail) {
      stub.failNext = undefined
      return reply.status(fail.status).header('content-type', fail.contentType).send(fail.body)
    }
    if (req.headers.authorization !== `Bearer ${stub.token}`) throw new UnauthorizedError()
  })
  app.addHook('preHandler', async (req) => {
    stub.lastBody = req.body
    stub.lastQuery = req.query as Record<string, unknown>
  })

  app.post('/api/v1/tokens', { schema: { body: CreateTokenBody } }, async (req, reply) => {
    const id = randomUUID()
    const info: TokenInfo = {
      id, name: req.body.name, role: req.body.role, agent_id: req.body.agent_id ?? null,
      created_at: new Date().toISOString(), revoked_at: null, last_used_at: null,
    }
    stub.tokens.set(id, info)
    return reply.status(201).send({ id, token: `rpa_${randomBytes(12).toString('hex')}`, name: info.name, role: info.role, agent_id: info.agent_id })
  })
  app.get('/api/v1/tokens', async () => ({ items: [...stub.tokens.values()] }))
  app.delete('/api/v1/tokens/:id', { schema: { params: IdParams } }, async (req, reply) => {
    const info = stub.tokens.get(req.params.id)
    if (!info || info.revoked_at) throw new NotFoundError('token')
    info.revoked_at = new Date().toISOString()
    return reply.status(204).send()
  })

  app.get('/api/v1/workflows', { schema: { querystring: ListWorkflowsQuery } }, async (req) => {
    const { source, review_status: review, q, limit, offset } = req.query
    const all = [...stub.workflows.values()].map((w) => w.summary).filter((s) =>
      (!source || s.source === source) && (!review || s.review_status === review) && (!q || s.name.toLowerCase().includes(q.toLowerCase())))
    return { items: all.slice(offset, offset + limit), total: all.length }
  })
  app.get('/api/v1/workflows/:id/export', { schema: { params: IdParams } }, async (req) => {
    const w = stub.workflows.get(req.params.id)
    if (!w) throw new NotFoundError('workflow')
    return { ...w.bundle, exported_at: new Date().toISOString() }
  })
  app.post('/api/v1/workflows/import', { schema: { body: WorkflowBundle } }, async (req, reply) => {
    const id = randomUUID()
    const summary = summaryOf(id, req.body, 'import', 'pending')
    stub.workflows.set(id, { summary, bundle: req.body })
    const { node_count: _, ...head } = summary
    const workflow: Workflow = {
      ...head,
      nodes: req.body.workflow.nodes.map((n) => ({ id: n.id, type: n.type, label: n.label ?? null, params: n.params ?? {}, anchor: null })),
      edges: req.body.workflow.edges,
    }
    return reply.status(201).send(workflow)
  })

  stub.url = await app.listen({ port: 0, host: '127.0.0.1' })
  return stub
}
