import { Compile } from 'typebox/compile'
import { BadRequestError, NODE_TYPES, nodeTypeSpec, type Edge, type NodeInput, type NodeTypeSpec } from '@rpa-vision/contracts'

const paramValidators = new Map(NODE_TYPES.map((spec) => [spec.type, Compile(spec.params)]))

function describeParamError(e: { keyword: string; instancePath: string; params: Record<string, unknown>; message: string }): string {
  const field = `params${e.instancePath.replace(/\//g, '.')}`
  if (e.keyword === 'required') return `${field}.${(e.params.requiredProperties as string[]).join(', ')} is required`
  if (e.keyword === 'additionalProperties') return `${field} has unknown property "${(e.params.additionalProperties as string[])[0]}"`
  return `${field} ${e.message}`
}

function checkParams(node: NodeInput, spec: NodeTypeSpec): void {
  const validator = paramValidators.get(spec.type as never)!
  const params = node.params ?? {}
  if (validator.Check(params)) return
  // "schema is false" duplicates the additionalProperties error that follows it
  const errors = validator.Errors(params).filter((e) => e.keyword !== 'boolean')
  throw new BadRequestError(`node "${node.id}" (${node.type}): ${describeParamError(errors[0] as never)}`, 'INVALID_NODE')
}

function checkAnchor(node: NodeInput, spec: NodeTypeSpec): void {
  const where = `node "${node.id}" (${node.type})`
  const hasRegion = node.params?.region !== undefined
  if (spec.anchor === 'required' && !node.anchor) throw new BadRequestError(`${where} needs an anchor`, 'INVALID_NODE')
  if (spec.anchor === 'none' && node.anchor) throw new BadRequestError(`${where} takes no anchor`, 'INVALID_NODE')
  if (node.type === 'extract_text' && !node.anchor && !hasRegion) {
    throw new BadRequestError(`${where} needs an anchor or params.region to read`, 'INVALID_NODE')
  }
  const a = node.anchor
  if (!a) return
  if (!a.image === !a.image_sha256) {
    throw new BadRequestError(`${where}: exactly one of anchor.image and anchor.image_sha256 is required`, 'INVALID_NODE')
  }
  if (a.screenshot && a.screenshot_sha256) {
    throw new BadRequestError(`${where}: give anchor.screenshot or anchor.screenshot_sha256, not both`, 'INVALID_NODE')
  }
  const { bbox, screen } = a
  if (bbox.x + bbox.width > screen.width || bbox.y + bbox.height > screen.height) {
    throw new BadRequestError(
      `${where}: anchor.bbox (${bbox.x},${bbox.y} ${bbox.width}×${bbox.height}) lies outside the recorded screen ${screen.width}×${screen.height}`,
      'INVALID_NODE',
    )
  }
}

/** Kahn's algorithm; on a cycle, names the nodes that remain. */
function checkAcyclic(nodes: NodeInput[], edges: Edge[]): void {
  const indegree = new Map(nodes.map((n) => [n.id, 0]))
  const next = new Map<string, string[]>(nodes.map((n) => [n.id, []]))
  for (const e of edges) {
    indegree.set(e.to, indegree.get(e.to)! + 1)
    next.get(e.from)!.push(e.to)
  }
  const ready = [...indegree].filter(([, d]) => d === 0).map(([id]) => id)
  let seen = 0
  while (ready.length) {
    const id = ready.pop()!
    seen++
    for (const to of next.get(id)!) {
      const d = indegree.get(to)! - 1
      indegree.set(to, d)
      if (d === 0) ready.push(to)
    }
  }
  if (seen < nodes.length) {
    const stuck = [...indegree].filter(([, d]) => d > 0).map(([id]) => id)
    throw new BadRequestError(`the graph has a cycle among nodes ${stuck.map((s) => `"${s}"`).join(', ')}`, 'INVALID_GRAPH')
  }
}

/** Everything beyond JSON shape: unique ids, each node's params and anchor, edges between known nodes, no cycle. */
export function validateWorkflowGraph(nodes: NodeInput[], edges: Edge[]): void {
  if (nodes.length === 0) throw new BadRequestError('a workflow needs at least one node', 'INVALID_GRAPH')
  const ids = new Set<string>()
  for (const [i, node] of nodes.entries()) {
    if (ids.has(node.id)) throw new BadRequestError(`nodes[${i}].id "${node.id}" is used by another node`, 'INVALID_GRAPH')
    ids.add(node.id)
    const spec = nodeTypeSpec(node.type)
    if (!spec) throw new BadRequestError(`node "${node.id}": unknown type "${node.type}"`, 'INVALID_NODE')
    checkParams(node, spec)
    checkAnchor(node, spec)
  }
  const pairs = new Set<string>()
  for (const [i, e] of edges.entries()) {
    for (const end of ['from', 'to'] as const) {
      if (!ids.has(e[end])) throw new BadRequestError(`edges[${i}].${end} names unknown node "${e[end]}"`, 'INVALID_GRAPH')
    }
    if (e.from === e.to) throw new BadRequestError(`edges[${i}] links node "${e.from}" to itself`, 'INVALID_GRAPH')
    const key = `${e.from}\u0000${e.to}`
    if (pairs.has(key)) throw new BadRequestError(`edges[${i}] repeats the edge "${e.from}" → "${e.to}"`, 'INVALID_GRAPH')
    pairs.add(key)
  }
  checkAcyclic(nodes, edges)
}
