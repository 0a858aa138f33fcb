import {
  ConflictError, NotFoundError, type Edge, type ListWorkflowsQuery, type NodeInput,
  type ReviewBody, type ReviewStatus, type Source, type Workflow, type WorkflowList,
} from '@rpa-vision/contracts'
import { and, asc, count, desc, eq, ilike, inArray, recordAudit, schema, sql, type Db, type DbOrTx } from '@rpa-vision/db'
import { prepareAnchorImages, storeAnchorImages, type PreparedImages } from './anchor-images.js'
import { validateWorkflowGraph } from './validate-graph.js'
import { toSummary, toWorkflow } from './workflow-rows.js'

const { workflows, nodes, edges, anchors, images } = schema

export interface Actor {
  id: string
  requestId: string
}

export interface GraphInput {
  name: string
  description?: string | null | undefined
  nodes: NodeInput[]
  edges: Edge[]
}

/** Validates the graph and decodes its images: all the slow or failing work, done before a transaction. */
export async function prepareGraph(input: GraphInput, maxPixels: number): Promise<PreparedImages> {
  validateWorkflowGraph(input.nodes, input.edges)
  return prepareAnchorImages(input.nodes, maxPixels)
}

/** The anchor columns of a node whose images were prepared. */
function anchorRow(node: NodeInput, prepared: PreparedImages) {
  const a = node.anchor!
  const refs = prepared.byNode.get(node.id)!
  return {
    nodeId: node.id,
    imageSha256: refs.imageSha256,
    screenshotSha256: refs.screenshotSha256,
    bboxX: a.bbox.x,
    bboxY: a.bbox.y,
    bboxWidth: a.bbox.width,
    bboxHeight: a.bbox.height,
    screenWidth: a.screen.width,
    screenHeight: a.screen.height,
    screenScale: a.screen.scale ?? 1,
    targetText: a.target_text ?? null,
    ocrDescription: a.ocr_description ?? null,
  }
}

async function insertGraph(tx: DbOrTx, workflowId: string, input: GraphInput, prepared: PreparedImages): Promise<void> {
  await storeAnchorImages(tx, prepared)
  await tx.insert(nodes).values(
    input.nodes.map((n, position) => ({ workflowId, nodeId: n.id, position, type: n.type, label: n.label ?? null, params: n.params ?? {} })),
  )
  if (input.edges.length) {
    await tx.insert(edges).values(input.edges.map((e, position) => ({ workflowId, fromNode: e.from, toNode: e.to, position })))
  }
  const anchored = input.nodes.filter((n) => n.anchor)
  if (anchored.length) {
    await tx.insert(anchors).values(
      anchored.map((n) => ({ workflowId, ...anchorRow(n, prepared) })),
    )
  }
}

export async function createWorkflow(
  db: Db,
  input: GraphInput & { source: Source },
  prepared: PreparedImages,
  actor: Actor,
  /** more rows that belong to the new workflow, written in the same transaction (a learned workflow's sealed secrets) */
  alongside?: (tx: DbOrTx, workflowId: string) => Promise<void>,
): Promise<string> {
  const reviewStatus: ReviewStatus = input.source === 'manual' ? 'not_required' : 'pending'
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(workflows)
      .values({ name: input.name, description: input.description ?? null, source: input.source, reviewStatus, createdBy: actor.id })
      .returning({ id: workflows.id })
    await insertGraph(tx, row!.id, input, prepared)
    await alongside?.(tx, row!.id)
    await recordAudit(tx, {
      actor: actor.id, requestId: actor.requestId, action: 'workflow.create', targetType: 'workflow', targetId: row!.id,
      details: { source: input.source, nodes: input.nodes.length },
    })
    return row!.id
  })
}

export async function readWorkflow(db: DbOrTx, id: string): Promise<Workflow> {
  const [w] = await db.select().from(workflows).where(eq(workflows.id, id)).limit(1)
  if (!w) throw new NotFoundError(`workflow ${id}`)
  const [nodeRows, edgeRows, anchorRows] = await Promise.all([
    db.select().from(nodes).where(eq(nodes.workflowId, id)).orderBy(asc(nodes.position)),
    db.select().from(edges).where(eq(edges.workflowId, id)).orderBy(asc(edges.position)),
    db
      .select({ anchor: anchors, width: images.width, height: images.height })
      .from(anchors)
      .innerJoin(images, eq(images.sha256, anchors.imageSha256))
      .where(eq(anchors.workflowId, id)),
  ])
  return toWorkflow(w, nodeRows, edgeRows, anchorRows)
}

export async function listWorkflows(db: Db, q: ListWorkflowsQuery): Promise<WorkflowList> {
  const where = and(
    q.source ? eq(workflows.source, q.source) : undefined,
    q.review_status ? eq(workflows.reviewStatus, q.review_status) : undefined,
    q.q ? ilike(workflows.name, `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) : undefined,
  )
  const [rows, [total]] = await Promise.all([
    db.select().from(workflows).where(where).orderBy(desc(workflows.updatedAt), asc(workflows.id)).limit(q.limit).offset(q.offset),
    db.select({ total: count() }).from(workflows).where(where),
  ])
  // Count nodes for this page only, not for every workflow stored.
  const counts = rows.length
    ? await db
        .select({ workflowId: nodes.workflowId, n: count() })
        .from(nodes)
        .where(inArray(nodes.workflowId, rows.map((r) => r.id)))
        .groupBy(nodes.workflowId)
    : []
  const byId = new Map(counts.map((c) => [c.workflowId, c.n]))
  return { items: rows.map((w) => toSummary(w, byId.get(w.id) ?? 0)), total: total!.total }
}

/**
 * Moves a workflow from `version` to `version + 1` under a row lock: of two writers holding the same version,
 * the second finds the version changed and gets 409.
 */
async function bumpVersion(tx: DbOrTx, id: string, version: number | undefined, set: Partial<typeof workflows.$inferInsert>): Promise<number> {
  const cond = version === undefined ? eq(workflows.id, id) : and(eq(workflows.id, id), eq(workflows.version, version))
  const [row] = await tx
    .update(workflows)
    .set({ ...set, version: sql`${workflows.version} + 1`, updatedAt: sql`now()` })
    .where(cond)
    .returning({ version: workflows.version })
  if (row) return row.version
  const [current] = await tx.select({ version: workflows.version }).from(workflows).where(eq(workflows.id, id)).limit(1)
  if (!current) throw new NotFoundError(`workflow ${id}`)
  throw new ConflictError(
    `workflow ${id} is at version ${current.version}, not ${version}: read it again and re-apply your change`,
    'VERSION_CONFLICT',
  )
}

export async function replaceWorkflow(db: Db, id: string, version: number, input: GraphInput, prepared: PreparedImages, actor: Actor): Promise<void> {
  await db.transaction(async (tx) => {
    const newVersion = await bumpVersion(tx, id, version, { name: input.name, description: input.description ?? null })
    await tx.delete(nodes).where(eq(nodes.workflowId, id)) // edges and anchors follow by cascade
    await insertGraph(tx, id, input, prepared)
    await recordAudit(tx, {
      actor: actor.id, requestId: actor.requestId, action: 'workflow.replace', targetType: 'workflow', targetId: id,
      details: { version: newVersion, nodes: input.nodes.length },
    })
  })
}

export async function deleteWorkflow(db: Db, id: string, actor: Actor): Promise<void> {
  await db.transaction(async (tx) => {
    const gone = await tx.delete(workflows).where(eq(workflows.id, id)).returning({ name: workflows.name })
    if (!gone.length) throw new NotFoundError(`workflow ${id}`)
    await recordAudit(tx, { actor: actor.id, requestId: actor.requestId, action: 'workflow.delete', targetType: 'workflow', targetId: id })
  })
}

export async function reviewWorkflow(db: Db, id: string, review: ReviewBody, actor: Actor): Promise<void> {
  await db.transaction(async (tx) => {
    await bumpVersion(tx, id, undefined, {
      reviewStatus: review.status,
      reviewFeedback: review.feedback ?? null,
      reviewedAt: sql`now()` as unknown as Date,
      reviewedBy: actor.id,
    })
    await recordAudit(tx, {
      actor: actor.id, requestId: actor.requestId, action: 'workflow.review', targetType: 'workflow', targetId: id,
      details: { status: review.status },
    })
  })
}

/** Replaces one node's anchor; the node must exist and its type must take an anchor. */
export async function setNodeAnchor(
  db: Db,
  id: string,
  nodeId: string,
  version: number | undefined,
  node: NodeInput,
  prepared: PreparedImages,
  actor: Actor,
): Promise<void> {
  await db.transaction(async (tx) => {
    const newVersion = await bumpVersion(tx, id, version, {})
    await storeAnchorImages(tx, prepared)
    const row = anchorRow(node, prepared)
    await tx.delete(anchors).where(and(eq(anchors.workflowId, id), eq(anchors.nodeId, nodeId)))
    await tx.insert(anchors).values({ workflowId: id, ...row })
    await recordAudit(tx, {
      actor: actor.id, requestId: actor.requestId, action: 'anchor.upload', targetType: 'workflow', targetId: id,
      details: { node: nodeId, version: newVersion, image: row.imageSha256 },
    })
  })
}

export async function readNode(db: Db, id: string, nodeId: string): Promise<NodeInput> {
  const [n] = await db.select().from(nodes).where(and(eq(nodes.workflowId, id), eq(nodes.nodeId, nodeId))).limit(1)
  if (!n) {
    const [w] = await db.select({ id: workflows.id }).from(workflows).where(eq(workflows.id, id)).limit(1)
    throw new NotFoundError(w ? `node "${nodeId}" of workflow ${id}` : `workflow ${id}`)
  }
  return { id: n.nodeId, type: n.type as NodeInput['type'], params: n.params }
}
