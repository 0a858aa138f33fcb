import type { Anchor, Edge, Node, Workflow, WorkflowSummary } from '@rpa-vision/contracts'
import type { schema } from '@rpa-vision/db'

type WorkflowRow = typeof schema.workflows.$inferSelect
type NodeRow = typeof schema.nodes.$inferSelect
type AnchorRow = typeof schema.anchors.$inferSelect
type EdgeRow = typeof schema.edges.$inferSelect

export interface AnchorWithImage {
  anchor: AnchorRow
  width: number
  height: number
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null)

export function toAnchor({ anchor: a, width, height }: AnchorWithImage): Anchor {
  return {
    id: a.id,
    image_sha256: a.imageSha256,
    image_url: `/api/v1/anchors/${a.id}/image`,
    image_width: width,
    image_height: height,
    bbox: { x: a.bboxX, y: a.bboxY, width: a.bboxWidth, height: a.bboxHeight },
    screen: { width: a.screenWidth, height: a.screenHeight, scale: a.screenScale },
    target_text: a.targetText,
    ocr_description: a.ocrDescription,
    screenshot_sha256: a.screenshotSha256,
  }
}

function head(w: WorkflowRow) {
  return {
    id: w.id,
    name: w.name,
    description: w.description,
    source: w.source,
    review_status: w.reviewStatus,
    review_feedback: w.reviewFeedback,
    reviewed_at: iso(w.reviewedAt),
    version: w.version,
    created_at: w.createdAt.toISOString(),
    updated_at: w.updatedAt.toISOString(),
  }
}

export function toSummary(w: WorkflowRow, nodeCount: number): WorkflowSummary {
  return { ...head(w), node_count: nodeCount }
}

export function toWorkflow(w: WorkflowRow, nodes: NodeRow[], edges: EdgeRow[], anchors: AnchorWithImage[]): Workflow {
  const byNode = new Map(anchors.map((a) => [a.anchor.nodeId, a]))
  const outNodes: Node[] = nodes.map((n) => {
    const a = byNode.get(n.nodeId)
    return { id: n.nodeId, type: n.type, label: n.label, params: n.params, anchor: a ? toAnchor(a) : null }
  })
  const outEdges: Edge[] = edges.map((e) => ({ from: e.fromNode, to: e.toNode }))
  return { ...head(w), nodes: outNodes, edges: outEdges }
}
