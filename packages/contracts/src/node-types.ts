import Type from 'typebox'
import { Rect } from './common.js'

/** Placeholders `{{name}}` in text params are filled from session variables at replay time. */
const VariableName = Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]{0,63}$', description: 'a session variable name' })
const TimeoutMs = Type.Integer({ minimum: 100, maximum: 600_000, description: 'how long to look for the target before the step fails' })
const VisualMode = Type.Union([Type.Literal('auto'), Type.Literal('template'), Type.Literal('text')], {
  description: 'how the anchor is found: template match, OCR text, or the whole resolve chain (auto)',
})
const Retries = Type.Integer({ minimum: 0, maximum: 10 })

const anchoredParams = Type.Object(
  { visual_mode: Type.Optional(VisualMode), timeout_ms: Type.Optional(TimeoutMs) },
  { additionalProperties: false },
)

export type AnchorRequirement = 'required' | 'optional' | 'none'

export interface NodeTypeSpec {
  type: string
  label: string
  description: string
  anchor: AnchorRequirement
  params: Type.TObject
}

export const NODE_TYPES = [
  { type: 'click_anchor', label: 'Click', description: 'Left-click the anchor.', anchor: 'required', params: anchoredParams },
  { type: 'double_click_anchor', label: 'Double-click', description: 'Double-click the anchor.', anchor: 'required', params: anchoredParams },
  { type: 'right_click_anchor', label: 'Right-click', description: 'Right-click the anchor.', anchor: 'required', params: anchoredParams },
  {
    type: 'type_text',
    label: 'Type text',
    description: 'Type text (with {{variable}} placeholders); with an anchor, click it first to give focus.',
    anchor: 'optional',
    params: Type.Object(
      { text: Type.String({ minLength: 1, maxLength: 10_000 }), visual_mode: Type.Optional(VisualMode), timeout_ms: Type.Optional(TimeoutMs) },
      { additionalProperties: false },
    ),
  },
  {
    type: 'type_secret',
    label: 'Type secret',
    description: 'Type the secret held by a session variable (never stored in the workflow); with an anchor, click it first.',
    anchor: 'optional',
    params: Type.Object(
      { variable: VariableName, visual_mode: Type.Optional(VisualMode), timeout_ms: Type.Optional(TimeoutMs) },
      { additionalProperties: false },
    ),
  },
  {
    type: 'hotkey',
    label: 'Hotkey',
    description: 'Press a key combination, e.g. ["ctrl", "s"].',
    anchor: 'none',
    params: Type.Object({ keys: Type.Array(Type.String({ minLength: 1, maxLength: 32 }), { minItems: 1, maxItems: 6 }) }, { additionalProperties: false }),
  },
  {
    type: 'scroll',
    label: 'Scroll',
    description: 'Scroll by dx/dy wheel steps (over the anchor when there is one).',
    anchor: 'optional',
    params: Type.Object(
      { dx: Type.Optional(Type.Integer({ minimum: -100, maximum: 100 })), dy: Type.Integer({ minimum: -100, maximum: 100 }) },
      { additionalProperties: false },
    ),
  },
  { type: 'wait_for_anchor', label: 'Wait for', description: 'Wait until the anchor is on screen.', anchor: 'required', params: anchoredParams },
  {
    type: 'wait',
    label: 'Wait',
    description: 'Pause for a fixed time.',
    anchor: 'none',
    params: Type.Object({ ms: Type.Integer({ minimum: 0, maximum: 600_000 }) }, { additionalProperties: false }),
  },
  {
    type: 'extract_text',
    label: 'Read text',
    description: 'OCR into a session variable: the anchor area; or params.region, read where it is, or with an anchor placed relative to where the anchor is found (moved and scaled with it).',
    anchor: 'optional',
    params: Type.Object(
      { variable: VariableName, region: Type.Optional(Rect), timeout_ms: Type.Optional(TimeoutMs), retries: Type.Optional(Retries) },
      { additionalProperties: false },
    ),
  },
  {
    type: 't2a_decision',
    label: 'T2A decision',
    description: 'Ask for a UHCD billing decision on the text of a session variable; the decision goes into another.',
    anchor: 'none',
    params: Type.Object(
      { input: VariableName, variable: VariableName, timeout_ms: Type.Optional(TimeoutMs), retries: Type.Optional(Retries) },
      { additionalProperties: false },
    ),
  },
] as const satisfies readonly NodeTypeSpec[]

export type NodeTypeName = (typeof NODE_TYPES)[number]['type']
export const NODE_TYPE_NAMES = NODE_TYPES.map((n) => n.type) as NodeTypeName[]
export const NodeTypeNameSchema = Type.Union([
  Type.Literal('click_anchor'), Type.Literal('double_click_anchor'), Type.Literal('right_click_anchor'), Type.Literal('type_text'),
  Type.Literal('type_secret'), Type.Literal('hotkey'), Type.Literal('scroll'), Type.Literal('wait_for_anchor'), Type.Literal('wait'),
  Type.Literal('extract_text'), Type.Literal('t2a_decision'),
])

export function nodeTypeSpec(type: string): NodeTypeSpec | undefined {
  return NODE_TYPES.find((n) => n.type === type)
}

export const NodeTypeInfo = Type.Object({
  type: Type.String(),
  label: Type.String(),
  description: Type.String(),
  anchor: Type.Union([Type.Literal('required'), Type.Literal('optional'), Type.Literal('none')]),
  params_schema: Type.Unknown(),
})
export const NodeTypeList = Type.Object({ items: Type.Array(NodeTypeInfo) })
export type NodeTypeList = Type.Static<typeof NodeTypeList>

type Exhaustive<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never
/** Compile-time check that the schema's literals and the catalogue agree. */
export const NODE_TYPE_SCHEMA_MATCHES_CATALOGUE: Exhaustive<Type.Static<typeof NodeTypeNameSchema>, NodeTypeName> = true
