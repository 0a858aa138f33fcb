import type { DbOrTx } from './images.js'
import { auditLog } from './schema.js'

export interface AuditEntry {
  actor: string
  action: string
  targetType: string
  targetId?: string | null
  requestId?: string | null
  /** never secrets, tokens or patient text */
  details?: Record<string, unknown>
}

export async function recordAudit(db: DbOrTx, e: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    actor: e.actor,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId ?? null,
    requestId: e.requestId ?? null,
    details: e.details ?? {},
  })
}
