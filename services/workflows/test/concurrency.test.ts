import t from 'tap'
import { sampleWorkflow, startWorkflows } from './harness.js'

const h = await startWorkflows(t)

t.test('writers holding the same version: exactly one wins, the others get 409', async (t) => {
  const body = await sampleWorkflow()
  const wf = (await h.call({ method: 'POST', url: '/api/v1/workflows', payload: body })).json()
  const writers = 8
  const results = await Promise.all(
    Array.from({ length: writers }, (_, i) =>
      h.call({ method: 'PUT', url: `/api/v1/workflows/${wf.id}`, payload: { ...body, name: `writer ${i}`, version: 1 } }),
    ),
  )
  const codes = results.map((r) => r.statusCode).sort()
  t.same(codes, [200, ...Array(writers - 1).fill(409)])
  const winner = results.find((r) => r.statusCode === 200)!.json()
  const now = (await h.call({ method: 'GET', url: `/api/v1/workflows/${wf.id}` })).json()
  t.equal(now.version, 2)
  t.equal(now.name, winner.name, 'the stored workflow is the winner’s')
  t.equal(now.nodes.length, 4, 'one complete graph, not a mix')
  t.equal(now.edges.length, 3)
})

t.test('a review and an edit racing on the same version: one of them is refused', async (t) => {
  const body = await sampleWorkflow()
  const wf = (await h.call({ method: 'POST', url: '/api/v1/workflows', payload: body })).json()
  const [edit, upload] = await Promise.all([
    h.call({ method: 'PUT', url: `/api/v1/workflows/${wf.id}`, payload: { ...body, name: 'edited', version: 1 } }),
    h.call({ method: 'PUT', url: `/api/v1/workflows/${wf.id}/nodes/n1/anchor`, payload: { ...body.nodes[0]!.anchor, version: 1 } }),
  ])
  t.same([edit.statusCode, upload.statusCode].sort(), [200, 409])
})
