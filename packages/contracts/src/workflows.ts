import Type from 'typebox'
import { Base64Image, Rect, Screen, Sha256, Uuid } from './common.js'
import { NodeTypeNameSchema } from './node-types.js'

export const SOURCES = ['manual', 'learned', 'import'] as const
export const Source = Type.Union([Type.Literal('manual'), Type.Literal('learned'), Type.Literal('import')])
export type Source = (typeof SOURCES)[number]

/** not_required: written by hand; pending: learned or imported and not yet looked at. */
export const REVIEW_STATUSES = ['not_required', 'pending', 'approved', 'changes_requested', 'rejected'] as const
export const ReviewStatus = Type.Union([
  Type.Literal('not_required'), Type.Literal('pending'), Type.Literal('approved'), Type.Literal('changes_requested'), Type.Literal('rejected'),
])
export type ReviewStatus = (typeof REVIEW_STATUSES)[number]

const NodeId = Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,64}$' })
const Text = (max: number) => Type.String({ maxLength: max })

/** An anchor as written: a new image (base64) or one already stored (its sha256). */
export const AnchorInput = Type.Object(
  {
    image: Type.Optional(Base64Image),
    image_sha256: Type.Optional(Sha256),
    bbox: Rect,
    screen: Screen,
    target_text: Type.Optional(Text(500)),
    ocr_description: Type.Optional(Text(2000)),
    screenshot: Type.Optional(Base64Image),
    screenshot_sha256: Type.Optional(Sha256),
  },
  { additionalProperties: false },
)
export type AnchorInput = Type.Static<typeof AnchorInput>

export const NodeInput = Type.Object(
  {
    id: NodeId,
    type: NodeTypeNameSchema,
    label: Type.Optional(Text(200)),
    params: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    anchor: Type.Optional(AnchorInput),
  },
  { additionalProperties: false },
)
export type NodeInput = Type.Static<typeof NodeInput>

export const Edge = Type.Object({ from: NodeId, to: NodeId }, { additionalProperties: false })
export type Edge = Type.Static<typeof Edge>

const graph = {
  nodes: Type.Array(NodeInput, { maxItems: 1000 }),
  edges: Type.Array(Edge, { maxItems: 5000 }),
}

export const CreateWorkflowBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Text(5000)),
    source: Type.Optional(Type.Union([Type.Literal('manual'), Type.Literal('learned')])),
    ...graph,
  },
  { additionalProperties: false },
)
export type CreateWorkflowBody = Type.Static<typeof CreateWorkflowBody>

export const ReplaceWorkflowBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1, description: 'the version that was read; a stale one is refused with 409' }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Text(5000)),
    ...graph,
  },
  { additionalProperties: false },
)
export type ReplaceWorkflowBody = Type.Static<typeof ReplaceWorkflowBody>

export const Anchor = Type.Object({
  id: Uuid,
  image_sha256: Sha256,
  image_url: Type.String(),
  image_width: Type.Integer(),
  image_height: Type.Integer(),
  bbox: Rect,
  screen: Screen,
  target_text: Type.Union([Type.String(), Type.Null()]),
  ocr_description: Type.Union([Type.String(), Type.Null()]),
  screenshot_sha256: Type.Union([Sha256, Type.Null()]),
})
export type Anchor = Type.Static<typeof Anchor>

export const Node = Type.Object({
  id: Type.String(),
  type: Type.String(),
  label: Type.Union([Type.String(), Type.Null()]),
  params: Type.Record(Type.String(), Type.Unknown()),
  anchor: Type.Union([Anchor, Type.Null()]),
})
export type Node = Type.Static<typeof Node>

const workflowHead = {
  id: Uuid,
  name: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  source: Source,
  review_status: ReviewStatus,
  review_feedback: Type.Union([Type.String(), Type.Null()]),
  reviewed_at: Type.Union([Type.String(), Type.Null()]),
  version: Type.Integer(),
  created_at: Type.String(),
  updated_at: Type.String(),
}

export const WorkflowSummary = Type.Object({ ...workflowHead, node_count: Type.Integer() })
export type WorkflowSummary = Type.Static<typeof WorkflowSummary>

export const Workflow = Type.Object({ ...workflowHead, nodes: Type.Array(Node), edges: Type.Array(Edge) })
export type Workflow = Type.Static<typeof Workflow>

export const ListWorkflowsQuery = Type.Object(
  {
    source: Type.Optional(Source),
    review_status: Type.Optional(ReviewStatus),
    q: Type.Optional(Type.String({ maxLength: 200, description: 'case-insensitive search in the name' })),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
    offset: Type.Integer({ minimum: 0, default: 0 }),
  },
  { additionalProperties: false },
)
export type ListWorkflowsQuery = Type.Static<typeof ListWorkflowsQuery>
export const WorkflowList = Type.Object({ items: Type.Array(WorkflowSummary), total: Type.Integer() })
export type WorkflowList = Type.Static<typeof WorkflowList>

export const ReviewBody = Type.Object(
  {
    status: Type.Union([Type.Literal('approved'), Type.Literal('changes_requested'), Type.Literal('rejected')]),
    feedback: Type.Optional(Text(10_000)),
  },
  { additionalProperties: false },
)
export type ReviewBody = Type.Static<typeof ReviewBody>

/** Replace one node's anchor (upload a new image, e.g. a re-cut). */
export const AnchorUploadParams = Type.Object({ id: Uuid, nodeId: NodeId })
export type AnchorUploadParams = Type.Static<typeof AnchorUploadParams>
export const AnchorUploadBody = Type.Object(
  { ...AnchorInput.properties, version: Type.Optional(Type.Integer({ minimum: 1, description: 'when given, a stale version is refused with 409' })) },
  { additionalProperties: false },
)
export type AnchorUploadBody = Type.Static<typeof AnchorUploadBody>

export const BUNDLE_FORMAT = 'rpa-vision.workflow'
// Null first in input unions: with type coercion on, a string-first union would turn null into "".
export const BundleAnchor = Type.Object(
  {
    image: Base64Image,
    bbox: Rect,
    screen: Screen,
    target_text: Type.Optional(Type.Union([Type.Null(), Type.String()])),
    ocr_description: Type.Optional(Type.Union([Type.Null(), Type.String()])),
    screenshot: Type.Optional(Type.Union([Type.Null(), Base64Image])),
  },
  { additionalProperties: false },
)
export const BundleNode = Type.Object(
  {
    id: NodeId,
    type: NodeTypeNameSchema,
    label: Type.Optional(Type.Union([Type.Null(), Text(200)])),
    params: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    anchor: Type.Optional(Type.Union([Type.Null(), BundleAnchor])),
  },
  { additionalProperties: false },
)
export const WorkflowBundle = Type.Object(
  {
    format: Type.Literal(BUNDLE_FORMAT),
    format_version: Type.Literal(1),
    exported_at: Type.Optional(Type.String()),
    workflow: Type.Object({
      name: Type.String({ minLength: 1, maxLength: 200 }),
      description: Type.Optional(Type.Union([Type.Null(), Text(5000)])),
      source: Type.Optional(Source),
      nodes: Type.Array(BundleNode, { maxItems: 1000 }),
      edges: Type.Array(Edge, { maxItems: 5000 }),
    }),
  },
  { additionalProperties: false },
)
export type WorkflowBundle = Type.Static<typeof WorkflowBundle>
