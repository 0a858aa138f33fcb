import { sql } from 'drizzle-orm'
import {
  bigserial, check, customType, foreignKey, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core'

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' })
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' })

/** API tokens: only a SHA-256 of the secret is kept. */
export const tokens = pgTable(
  'tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    role: text('role', { enum: ['admin', 'author', 'agent'] }).notNull(),
    agentId: text('agent_id'),
    tokenHash: text('token_hash').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    revokedAt: ts('revoked_at'),
    lastUsedAt: ts('last_used_at'),
  },
  (t) => [
    uniqueIndex('tokens_hash_idx').on(t.tokenHash),
    check('tokens_agent_has_id', sql`${t.role} <> 'agent' OR ${t.agentId} IS NOT NULL`),
    check('tokens_role_check', sql`${t.role} IN ('admin', 'author', 'agent')`),
  ],
)

/** Image bytes stored once by content hash; expires_at set only for transient screenshots. */
export const images = pgTable(
  'images',
  {
    sha256: text('sha256').primaryKey(),
    mime: text('mime', { enum: ['image/png', 'image/jpeg'] }).notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    byteSize: integer('byte_size').notNull(),
    bytes: bytea('bytes').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    expiresAt: ts('expires_at'),
  },
  (t) => [
    index('images_expires_idx').on(t.expiresAt),
    check('images_mime_check', sql`${t.mime} IN ('image/png', 'image/jpeg')`),
  ],
)

export const workflows = pgTable(
  'workflows',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    description: text('description'),
    source: text('source', { enum: ['manual', 'learned', 'import'] }).notNull(),
    reviewStatus: text('review_status', { enum: ['not_required', 'pending', 'approved', 'changes_requested', 'rejected'] }).notNull(),
    reviewFeedback: text('review_feedback'),
    reviewedAt: ts('reviewed_at'),
    reviewedBy: text('reviewed_by'),
    version: integer('version').notNull().default(1),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('workflows_source_idx').on(t.source, t.reviewStatus),
    index('workflows_name_idx').on(sql`lower(${t.name})`),
    check('workflows_source_check', sql`${t.source} IN ('manual', 'learned', 'import')`),
    check(
      'workflows_review_status_check',
      sql`${t.reviewStatus} IN ('not_required', 'pending', 'approved', 'changes_requested', 'rejected')`,
    ),
    check('workflows_version_check', sql`${t.version} >= 1`),
  ],
)

export const nodes = pgTable(
  'nodes',
  {
    workflowId: uuid('workflow_id').notNull().references(() => workflows.id, { onDelete: 'cascade' }),
    nodeId: text('node_id').notNull(),
    position: integer('position').notNull(),
    type: text('type').notNull(),
    label: text('label'),
    params: jsonb('params').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [primaryKey({ columns: [t.workflowId, t.nodeId] })],
)

export const edges = pgTable(
  'edges',
  {
    workflowId: uuid('workflow_id').notNull().references(() => workflows.id, { onDelete: 'cascade' }),
    fromNode: text('from_node').notNull(),
    toNode: text('to_node').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workflowId, t.fromNode, t.toNode] }),
    foreignKey({ columns: [t.workflowId, t.fromNode], foreignColumns: [nodes.workflowId, nodes.nodeId] }).onDelete('cascade'),
    foreignKey({ columns: [t.workflowId, t.toNode], foreignColumns: [nodes.workflowId, nodes.nodeId] }).onDelete('cascade'),
  ],
)

/** A visual anchor: the picture of the target, where it was, on what screen. */
export const anchors = pgTable(
  'anchors',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workflowId: uuid('workflow_id').notNull(),
    nodeId: text('node_id').notNull(),
    imageSha256: text('image_sha256').notNull().references(() => images.sha256),
    bboxX: integer('bbox_x').notNull(),
    bboxY: integer('bbox_y').notNull(),
    bboxWidth: integer('bbox_width').notNull(),
    bboxHeight: integer('bbox_height').notNull(),
    screenWidth: integer('screen_width').notNull(),
    screenHeight: integer('screen_height').notNull(),
    screenScale: real('screen_scale').notNull().default(1),
    targetText: text('target_text'),
    ocrDescription: text('ocr_description'),
    screenshotSha256: text('screenshot_sha256').references(() => images.sha256),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('anchors_node_idx').on(t.workflowId, t.nodeId),
    foreignKey({ columns: [t.workflowId, t.nodeId], foreignColumns: [nodes.workflowId, nodes.nodeId] }).onDelete('cascade'),
  ],
)

/** The values a learned workflow's type_secret steps recorded, sealed with REPLAY_SECRET_KEY: never stored in clear. */
export const workflowSecrets = pgTable(
  'workflow_secrets',
  {
    workflowId: uuid('workflow_id').notNull().references(() => workflows.id, { onDelete: 'cascade' }),
    variable: text('variable').notNull(),
    sealed: text('sealed').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workflowId, t.variable] })],
)

/** Who did what, when. Details never hold secrets, tokens or patient text. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull().defaultNow(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id'),
    requestId: text('request_id'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('audit_target_idx').on(t.targetType, t.targetId), index('audit_at_idx').on(t.at)],
)

/** A replay: a snapshot of a workflow compiled to a plan, run by one agent. The source of truth; Redis holds nothing it needs. */
export const replaySessions = pgTable(
  'replay_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workflowId: uuid('workflow_id').notNull(),
    workflowVersion: integer('workflow_version').notNull(),
    workflowName: text('workflow_name').notNull(),
    /** the workflow as it was read (anchors by image hash): a later edit does not change this replay */
    workflowSnapshot: jsonb('workflow_snapshot').$type<Record<string, unknown>>().notNull(),
    agentId: text('agent_id').notNull(),
    status: text('status', { enum: ['running', 'succeeded', 'failed', 'cancelled'] }).notNull().default('running'),
    reason: text('reason'),
    cursor: integer('cursor').notNull().default(1),
    planLength: integer('plan_length').notNull(),
    variables: jsonb('variables').$type<Record<string, unknown>>().notNull().default({}),
    /** AES-256-GCM sealed JSON of the secret variables; their names are in secret_names */
    secrets: text('secrets'),
    secretNames: jsonb('secret_names').$type<string[]>().notNull().default([]),
    screenshotSha256: text('screenshot_sha256'),
    /** counts the screenshots received, so an action can ask for one taken after it became current */
    screenshotNo: integer('screenshot_no').notNull().default(0),
    screenScale: real('screen_scale'),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    finishedAt: ts('finished_at'),
    lastPollAt: ts('last_poll_at'),
  },
  (t) => [
    index('replay_sessions_status_idx').on(t.status, t.createdAt),
    index('replay_sessions_agent_idx').on(t.agentId, t.createdAt),
    index('replay_sessions_workflow_idx').on(t.workflowId),
    check('replay_sessions_status_check', sql`${t.status} IN ('running', 'succeeded', 'failed', 'cancelled')`),
  ],
)

/** One action of a session's plan, with its lease, resolution evidence, job and result. */
export const replayActions = pgTable(
  'replay_actions',
  {
    sessionId: uuid('session_id').notNull().references(() => replaySessions.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    stepId: text('step_id').notNull(),
    stepType: text('step_type').notNull(),
    kind: text('kind').notNull(),
    spec: jsonb('spec').$type<Record<string, unknown>>().notNull(),
    state: text('state', { enum: ['waiting', 'resolving', 'ready', 'leased', 'running', 'done', 'failed', 'cancelled'] }).notNull().default('waiting'),
    x: integer('x'),
    y: integer('y'),
    resolution: jsonb('resolution').$type<Record<string, unknown>>(),
    /** a resolve may use a screenshot numbered at least this (taken after the action became current) */
    minScreenshotNo: integer('min_screenshot_no').notNull().default(1),
    jobId: text('job_id'),
    jobKind: text('job_kind'),
    jobAttempts: integer('job_attempts').notNull().default(0),
    jobScreenshotNo: integer('job_screenshot_no'),
    jobScreenshotSha256: text('job_screenshot_sha256'),
    jobStartedAt: ts('job_started_at'),
    /** when a running job is given up on (its attempts, timeouts and a worker's lock all spent) */
    jobDeadlineAt: ts('job_deadline_at'),
    activatedAt: ts('activated_at'),
    deadlineAt: ts('deadline_at'),
    leaseExpiresAt: ts('lease_expires_at'),
    leaseCount: integer('lease_count').notNull().default(0),
    resultStatus: text('result_status'),
    resultError: text('result_error'),
    resultScreenshotSha256: text('result_screenshot_sha256'),
    resultAt: ts('result_at'),
    error: text('error'),
    finishedAt: ts('finished_at'),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.seq] }),
    index('replay_actions_job_idx').on(t.jobId),
    index('replay_actions_open_idx').on(t.state).where(sql`${t.state} IN ('resolving', 'running')`),
    check(
      'replay_actions_state_check',
      sql`${t.state} IN ('waiting', 'resolving', 'ready', 'leased', 'running', 'done', 'failed', 'cancelled')`,
    ),
  ],
)

/**
 * A T2A decision: its input (the record, kept so that the decision can be audited against it), every raw model
 * output, and the verified result. Logs carry input_sha256, never the record.
 */
export const t2aDecisions = pgTable(
  't2a_decisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    status: text('status', { enum: ['pending', 'done', 'error'] }).notNull().default('pending'),
    error: text('error'),
    inputSha256: text('input_sha256').notNull(),
    recordText: text('record_text').notNull(),
    stay: jsonb('stay').$type<Record<string, unknown>>(),
    provider: text('provider').notNull(),
    model: text('model'),
    attempts: integer('attempts').notNull().default(0),
    latenciesMs: jsonb('latencies_ms').$type<number[]>().notNull().default([]),
    rawOutputs: jsonb('raw_outputs').$type<string[]>().notNull().default([]),
    /** the VerifiedDecision once done */
    result: jsonb('result').$type<Record<string, unknown>>(),
    /** the llm.t2a_decision job that made a replay step's row: a retried job finds its row again */
    jobId: text('job_id'),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    finishedAt: ts('finished_at'),
  },
  (t) => [
    uniqueIndex('t2a_decisions_job_idx').on(t.jobId),
    index('t2a_decisions_created_idx').on(t.createdAt),
    index('t2a_decisions_input_idx').on(t.inputSha256),
    check('t2a_decisions_status_check', sql`${t.status} IN ('pending', 'done', 'error')`),
  ],
)
