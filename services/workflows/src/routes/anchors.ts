import { AnchorUploadBody, AnchorUploadParams, IdParams, NotFoundError, Workflow } from '@rpa-vision/contracts'
import { eq, getImage, schema } from '@rpa-vision/db'
import type { App } from '@rpa-vision/http'
import { prepareAnchorImages } from '../domain/anchor-images.js'
import { validateWorkflowGraph } from '../domain/validate-graph.js'
import { readNode, readWorkflow, setNodeAnchor } from '../domain/workflow-store.js'
import type { WorkflowsAppConfig } from '../config.js'
import { actorOf } from './actor.js'

export async function anchorRoutes(app: App, opts: { config: WorkflowsAppConfig }): Promise<void> {
  app.get('/api/v1/anchors/:id/image', { schema: { params: IdParams } }, async (req, reply) => {
    const [anchor] = await app.db
      .select({ sha256: schema.anchors.imageSha256 })
      .from(schema.anchors)
      .where(eq(schema.anchors.id, req.params.id))
      .limit(1)
    if (!anchor) throw new NotFoundError(`anchor ${req.params.id}`)
    const img = await getImage(app.db, anchor.sha256)
    if (!img) throw new NotFoundError(`image of anchor ${req.params.id}`)
    return reply
      .header('content-type', img.mime)
      .header('etag', `"${img.sha256}"`)
      .header('cache-control', 'private, max-age=31536000, immutable')
      .send(img.bytes)
  })

  app.put(
    '/api/v1/workflows/:id/nodes/:nodeId/anchor',
    { schema: { params: AnchorUploadParams, body: AnchorUploadBody, response: { 200: Workflow } } },
    async (req) => {
      const { id, nodeId } = req.params
      const { version, ...anchor } = req.body
      const node = { ...(await readNode(app.db, id, nodeId)), anchor }
      validateWorkflowGraph([node], [])
      const prepared = await prepareAnchorImages([node], opts.config.imageMaxPixels)
      await setNodeAnchor(app.db, id, nodeId, version, node, prepared, actorOf(req))
      return readWorkflow(app.db, id)
    },
  )
}
