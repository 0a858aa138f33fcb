import { BadRequestError, type Node, type Workflow } from '@rpa-vision/contracts'
import type { ActionSpec, AnchorRef, PlannedAction } from './plan.js'
import { placeholderNames } from './placeholders.js'

export interface CompiledPlan {
  actions: PlannedAction[]
  /** variables a type_secret step types: kept encrypted, masked in every read */
  secretNames: string[]
}

/** Topological order; among nodes ready at the same time, the one written first in the workflow goes first. */
export function orderNodes(workflow: Pick<Workflow, 'nodes' | 'edges'>): Node[] {
  const index = new Map(workflow.nodes.map((n, i) => [n.id, i]))
  const indegree = workflow.nodes.map(() => 0)
  const next = workflow.nodes.map(() => [] as number[])
  for (const e of workflow.edges) {
    const from = index.get(e.from)
    const to = index.get(e.to)
    if (from === undefined || to === undefined) throw new BadRequestError(`edge ${e.from} → ${e.to} names a node the workflow does not have`)
    next[from]!.push(to)
    indegree[to]!++
  }
  const ready = indegree.flatMap((d, i) => (d === 0 ? [i] : []))
  const order: Node[] = []
  while (ready.length > 0) {
    ready.sort((a, b) => a - b)
    const i = ready.shift()!
    order.push(workflow.nodes[i]!)
    for (const j of next[i]!) if (--indegree[j]! === 0) ready.push(j)
  }
  if (order.length !== workflow.nodes.length) throw new BadRequestError('the workflow graph has a cycle: it cannot be replayed in order')
  return order
}

function anchorRef(node: Node): AnchorRef | undefined {
  const a = node.anchor
  if (!a) return undefined
  return {
    image_sha256: a.image_sha256,
    bbox: a.bbox,
    screen: a.screen,
    ...(a.target_text ? { target_text: a.target_text } : {}),
    ...(a.screenshot_sha256 ? { screenshot_sha256: a.screenshot_sha256 } : {}),
  }
}

function targeting(node: Node, defaultTimeoutMs: number): ActionSpec {
  const anchor = anchorRef(node)
  if (!anchor) return {}
  const p = node.params as { visual_mode?: ActionSpec['visual_mode']; timeout_ms?: number }
  const { x, y, width, height } = anchor.bbox
  return {
    anchor,
    hint: { x: Math.round(x + width / 2), y: Math.round(y + height / 2) },
    visual_mode: p.visual_mode ?? 'auto',
    timeout_ms: p.timeout_ms ?? defaultTimeoutMs,
  }
}

interface CompileOptions {
  /** names of the variables given when the session starts */
  provided: ReadonlySet<string>
  stepTimeoutMs: number
  jobTimeoutMs: number
}

/** Turns each node into the concrete actions an agent or a worker performs, and checks every variable is set before use. */
export function compilePlan(workflow: Pick<Workflow, 'nodes' | 'edges'>, opts: CompileOptions): CompiledPlan {
  const actions: Omit<PlannedAction, 'seq'>[] = []
  const known = new Set(opts.provided)
  const secretNames = new Set<string>()
  for (const node of workflow.nodes) {
    if (node.type === 'type_secret') secretNames.add(String((node.params as { variable: string }).variable))
  }
  const needs = (node: Node, name: string, what: string) => {
    if (!known.has(name)) {
      throw new BadRequestError(`step ${node.id} (${node.type}) uses ${what} "${name}", which is neither given in variables nor set by an earlier step`)
    }
  }
  const needsText = (node: Node, text: string) => {
    for (const name of placeholderNames(text)) needs(node, name, 'the variable')
  }
  const add = (node: Node, kind: PlannedAction['kind'], spec: ActionSpec) => actions.push({ stepId: node.id, stepType: node.type, kind, spec })
  const isSecretText = (text: string) => placeholderNames(text).some((n) => secretNames.has(n))

  for (const node of orderNodes(workflow)) {
    const p = node.params as Record<string, unknown>
    const target = targeting(node, opts.stepTimeoutMs)
    switch (node.type) {
      case 'click_anchor':
        add(node, 'click', { button: 'left', clicks: 1, ...target })
        break
      case 'double_click_anchor':
        add(node, 'click', { button: 'left', clicks: 2, ...target })
        break
      case 'right_click_anchor':
        add(node, 'click', { button: 'right', clicks: 1, ...target })
        break
      case 'type_text':
      case 'type_secret': {
        const text = node.type === 'type_secret' ? `{{${String(p.variable)}}}` : String(p.text)
        needsText(node, text)
        if (target.anchor) add(node, 'click', { button: 'left', clicks: 1, pre_click: true, ...target })
        add(node, 'type', { text, ...(node.type === 'type_secret' || isSecretText(text) ? { secret: true } : {}) })
        break
      }
      case 'hotkey':
        add(node, 'hotkey', { keys: p.keys as string[] })
        break
      case 'scroll':
        add(node, 'scroll', { dx: (p.dx as number | undefined) ?? 0, dy: p.dy as number, ...target })
        break
      case 'wait':
        add(node, 'wait', { ms: p.ms as number })
        break
      case 'wait_for_anchor':
        add(node, 'wait_for_anchor', target)
        break
      case 'extract_text': {
        const variable = String(p.variable)
        add(node, 'extract_text', {
          ...target,
          variable,
          ...(p.region ? { region: p.region as ActionSpec['region'] } : {}),
          retries: (p.retries as number | undefined) ?? 2,
          job_timeout_ms: (p.timeout_ms as number | undefined) ?? opts.jobTimeoutMs,
        })
        known.add(variable)
        break
      }
      case 't2a_decision': {
        const input = String(p.input)
        needs(node, input, 'the input variable')
        const variable = String(p.variable)
        add(node, 't2a_decision', {
          input,
          variable,
          retries: (p.retries as number | undefined) ?? 2,
          job_timeout_ms: (p.timeout_ms as number | undefined) ?? opts.jobTimeoutMs,
        })
        known.add(variable)
        break
      }
      default:
        throw new BadRequestError(`step ${node.id} has the type "${node.type}", which this replay service cannot run`)
    }
  }
  for (const name of secretNames) {
    if (!opts.provided.has(name)) throw new BadRequestError(`the secret variable "${name}" (of a type_secret step) must be given in variables`)
  }
  return { actions: actions.map((a, i) => ({ seq: i + 1, ...a })), secretNames: [...secretNames].sort() }
}
