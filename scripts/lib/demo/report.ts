import type { ReplaySession, VerifiedDecision, WorkflowBundle } from '@rpa-vision/contracts'

export interface ReportLine {
  seq: number
  step_id: string
  label: string
  kind: string
  state: string
  method: string | null
  score: number | null
  /** the scale the template was found at, relative to the recording */
  scale: number | null
  /** from the step's start (its turn came) to its end, as the server saw it */
  ms: number | null
  leases: number
  /** resolve jobs run for it: more than one when the target was not on the first screen looked at */
  resolve_attempts: number
  error: string | null
}

export interface DemoReport {
  session_id: string
  status: string
  reason: string | null
  total_ms: number | null
  lines: ReportLine[]
  decision: VerifiedDecision | null
}

const msBetween = (from: string | null, to: string | null) => (from && to ? Date.parse(to) - Date.parse(from) : null)

function isDecision(value: unknown): value is VerifiedDecision {
  return value !== null && typeof value === 'object' && 'final_decision' in value && Array.isArray((value as { criteria?: unknown }).criteria)
}

/** The session as the server recorded it, one line per action, and the T2A decision it used. */
export function buildReport(session: ReplaySession, bundle: WorkflowBundle, decisionVariable: string): DemoReport {
  const labels = new Map(bundle.workflow.nodes.map((n) => [n.id, n.label ?? n.id]))
  const lines = session.steps.map((s): ReportLine => ({
    seq: s.seq,
    step_id: s.step_id,
    label: `${labels.get(s.step_id) ?? s.step_id}${s.pre_click ? ' (focus click)' : ''}`,
    kind: s.kind,
    state: s.state,
    method: s.resolution?.method ?? null,
    score: s.resolution?.score ?? null,
    scale: s.resolution?.scale ?? null,
    ms: msBetween(s.started_at, s.finished_at),
    leases: s.lease_count,
    resolve_attempts: s.resolution?.attempts ?? 0,
    error: s.error,
  }))
  const decision = session.variables[decisionVariable]
  return {
    session_id: session.session_id,
    status: session.status,
    reason: session.reason,
    total_ms: msBetween(session.created_at, session.finished_at),
    lines,
    decision: isDecision(decision) ? decision : null,
  }
}

const pad = (s: string, n: number) => (s.length >= n ? s.slice(0, n) : s + ' '.repeat(n - s.length))
const padStart = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s)

/** The report as an operator reads it: a table of steps, then the decision with its verified quotations. */
export function formatReport(report: DemoReport): string[] {
  const out: string[] = []
  out.push(`replay ${report.session_id}: ${report.status}${report.reason ? ` (${report.reason})` : ''}` +
    (report.total_ms !== null ? ` in ${(report.total_ms / 1000).toFixed(1)} s` : ''))
  out.push('')
  out.push(`${padStart('seq', 3)}  ${pad('step', 44)} ${pad('kind', 15)} ${pad('method', 10)} ${padStart('score', 5)} ${padStart('scale', 5)} ${padStart('ms', 6)}  state`)
  for (const l of report.lines) {
    out.push(
      `${padStart(String(l.seq), 3)}  ${pad(l.label, 44)} ${pad(l.kind, 15)} ${pad(l.method ?? '-', 10)} ` +
        `${padStart(l.score === null ? '-' : l.score.toFixed(2), 5)} ${padStart(l.scale === null ? '-' : l.scale.toFixed(2), 5)} ` +
        `${padStart(l.ms === null ? '-' : String(l.ms), 6)}  ${l.state}${l.resolve_attempts > 1 ? ` (looked ${l.resolve_attempts}×)` : ''}${l.leases > 1 ? ` (leased ${l.leases}×)` : ''}${l.error ? ` — ${l.error}` : ''}`,
    )
  }
  const d = report.decision
  out.push('')
  if (!d) {
    out.push('no T2A decision in the session')
    return out
  }
  out.push(`T2A decision: ${d.final_decision} — ${d.decision_reason}`)
  out.push(`  model's own decision: ${d.model_decision}${d.flags.length ? `; flags: ${d.flags.join(', ')}` : ''}`)
  for (const c of d.criteria) {
    out.push(`  criterion ${c.id}: ${c.status}${c.model_status !== c.status ? ` (model: ${c.model_status})` : ''}`)
    for (const q of c.citations) {
      out.push(`    ${q.role === 'supports' ? '+' : '-'} « ${q.text.replace(/\s+/g, ' ')} » ${q.verification}` +
        `${q.start !== null ? ` [${q.start}–${q.end}]` : ''}${q.reason ? ` (${q.reason})` : ''}`)
    }
  }
  return out
}
