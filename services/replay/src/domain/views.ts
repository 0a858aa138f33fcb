import { SECRET_MASK, type ReplaySession, type ReplayStep, type ReplaySummary } from '@rpa-vision/contracts'
import type { ActionRow, SessionRow } from './context.js'
import type { ActionSpec } from './plan.js'

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null)

export function summaryView(s: SessionRow): ReplaySummary {
  return {
    session_id: s.id,
    workflow_id: s.workflowId,
    workflow_version: s.workflowVersion,
    workflow_name: s.workflowName,
    agent_id: s.agentId,
    status: s.status,
    reason: s.reason,
    cursor: s.cursor,
    plan_length: s.planLength,
    created_by: s.createdBy,
    created_at: s.createdAt.toISOString(),
    updated_at: s.updatedAt.toISOString(),
    finished_at: iso(s.finishedAt),
    last_poll_at: iso(s.lastPollAt),
  }
}

function stepView(a: ActionRow): ReplayStep {
  const spec = a.spec as ActionSpec
  return {
    seq: a.seq,
    step_id: a.stepId,
    step_type: a.stepType,
    kind: a.kind,
    state: a.state,
    pre_click: spec.pre_click === true,
    // the template, never the filled text: a secret is only ever in the answer to the agent's poll
    ...(spec.text !== undefined ? { text: spec.text } : {}),
    ...(spec.keys ? { keys: spec.keys } : {}),
    hint: spec.hint ?? null,
    x: a.x,
    y: a.y,
    resolution: (a.resolution as ReplayStep['resolution']) ?? null,
    lease_expires_at: iso(a.leaseExpiresAt),
    lease_count: a.leaseCount,
    result: a.resultStatus && a.resultAt
      ? { status: a.resultStatus, error: a.resultError, screenshot_sha256: a.resultScreenshotSha256, at: a.resultAt.toISOString() }
      : null,
    job_attempts: a.jobAttempts,
    error: a.error,
    started_at: iso(a.activatedAt),
    finished_at: iso(a.finishedAt),
  }
}

export function sessionView(s: SessionRow, actions: ActionRow[]): ReplaySession {
  const variables: Record<string, unknown> = { ...(s.variables as Record<string, unknown>) }
  for (const name of s.secretNames) variables[name] = SECRET_MASK
  return { ...summaryView(s), variables, steps: actions.map(stepView) }
}
