import type { AnchorInput, Edge, NodeInput } from '@rpa-vision/contracts'
import type { RecordedSecret } from './learn-secrets.js'
import type { ClickAt, LearnedStep } from './learn-steps.js'

export interface LearnedGraph {
  nodes: NodeInput[]
  edges: Edge[]
  /** the values of the type_secret steps, to be sealed: never in a node */
  secrets: RecordedSecret[]
}

const SCROLL_LIMIT = 100
const LABEL_TEXT = 60
/** A node's label, at most (the workflow schema's limit). */
const LABEL_MAX = 200

function quoted(text: string): string {
  return `"${text.length > LABEL_TEXT ? `${text.slice(0, LABEL_TEXT - 1)}…` : text}"`
}

/** Whole notches, at least one when the wheel moved at all, within what a scroll node takes. */
function notches(total: number): number {
  const n = Math.round(total)
  const moved = n === 0 && Math.abs(total) > 0.01 ? Math.sign(total) : n
  return Math.max(-SCROLL_LIMIT, Math.min(SCROLL_LIMIT, moved))
}

/** A variable name from the field's name ("Mot de passe" → mot_de_passe), else secret_N; unique in the workflow. */
export function secretVariable(fieldName: string | undefined, used: Set<string>): string {
  let base = (fieldName ?? '')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase()
    .slice(0, 56)
  if (/^\d/.test(base)) base = `_${base}`
  let name = base
  for (let n = base ? 2 : 1; !name || used.has(name); n++) name = base ? `${base}_${n}` : `secret_${n}`
  used.add(name)
  return name
}

function clickNode(click: ClickAt): Pick<NodeInput, 'type' | 'label'> {
  const { button, clicks } = click.event
  if (button === 'right') return { type: 'right_click_anchor', label: 'Right-click' }
  if ((clicks ?? 1) >= 2) return { type: 'double_click_anchor', label: 'Double-click' }
  return { type: 'click_anchor', label: 'Click' }
}

/** The label with a warning for the reviewer after it, within the schema's limit (the label cut, never the warning). */
function warned(label: string, warning: string | undefined): string {
  if (!warning) return label
  const tail = ` — ${warning}`
  return label.length + tail.length <= LABEL_MAX ? `${label}${tail}` : `${label.slice(0, LABEL_MAX - tail.length - 1)}…${tail}`
}

/**
 * The workflow of the steps: one node per step (n1, n2…) chained by edges in order, each click's anchor taken from
 * `anchorOf` (keyed by the click's index in the trace), and its label followed by what `warningOf` says of that
 * click's anchor (an anchor that still looks like other places).
 */
export function toLearnedGraph(
  steps: readonly LearnedStep[],
  anchorOf: (click: ClickAt) => AnchorInput,
  warningOf: (click: ClickAt) => string | undefined = () => undefined,
): LearnedGraph {
  const nodes: NodeInput[] = []
  const secrets: RecordedSecret[] = []
  const used = new Set<string>()
  const add = (node: Omit<NodeInput, 'id'>, click?: ClickAt) =>
    nodes.push({ id: `n${nodes.length + 1}`, ...node, ...(click && node.label ? { label: warned(node.label, warningOf(click)) } : {}) })
  const anchored = (click: ClickAt | undefined) => (click ? { anchor: anchorOf(click) } : {})
  const on = (anchor: AnchorInput | undefined) => (anchor?.target_text ? ` ${quoted(anchor.target_text)}` : '')

  for (const step of steps) {
    switch (step.kind) {
      case 'click': {
        const anchor = anchorOf(step.click)
        const { type, label } = clickNode(step.click)
        add({ type, label: `${label}${on(anchor) || ` at (${Math.round(step.click.event.x)}, ${Math.round(step.click.event.y)})`}`, params: {}, anchor }, step.click)
        break
      }
      case 'type': {
        if (step.secret) {
          const variable = secretVariable(step.fieldName, used)
          secrets.push({ variable, value: step.text })
          add({ type: 'type_secret', label: `Type the secret ${variable}`, params: { variable }, ...anchored(step.click) }, step.click)
        } else {
          const target = anchored(step.click)
          add({ type: 'type_text', label: `Type ${quoted(step.text)}${step.fieldName ? ` into ${step.fieldName}` : ''}`, params: { text: step.text }, ...target }, step.click)
        }
        break
      }
      case 'hotkey':
        add({ type: 'hotkey', label: `Press ${step.keys.join('+')}`, params: { keys: step.keys } })
        break
      case 'scroll': {
        const dx = notches(step.dx)
        const dy = notches(step.dy)
        if (dx === 0 && dy === 0) break
        add({ type: 'scroll', label: `Scroll ${dy ? `${dy > 0 ? 'down' : 'up'} ${Math.abs(dy)}` : `${dx > 0 ? 'right' : 'left'} ${Math.abs(dx)}`}`, params: { ...(dx ? { dx } : {}), dy } })
        break
      }
    }
  }
  const edges = nodes.slice(1).map((n, i) => ({ from: nodes[i]!.id, to: n.id }))
  return { nodes, edges, secrets }
}
