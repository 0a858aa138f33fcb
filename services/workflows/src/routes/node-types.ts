import { NODE_TYPES, NodeTypeList } from '@rpa-vision/contracts'
import type { App } from '@rpa-vision/http'

const catalogue: NodeTypeList = {
  items: NODE_TYPES.map((n) => ({ type: n.type, label: n.label, description: n.description, anchor: n.anchor, params_schema: n.params })),
}

export async function nodeTypeRoutes(app: App): Promise<void> {
  app.get('/api/v1/node-types', { schema: { response: { 200: NodeTypeList } } }, async () => catalogue)
}
