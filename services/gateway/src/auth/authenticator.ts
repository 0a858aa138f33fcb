import type { Principal } from '@rpa-vision/contracts'
import { eq, schema, type Db } from '@rpa-vision/db'
import { secretsEqual } from '@rpa-vision/http'
import { hashToken, TOKEN_PREFIX } from './secrets.js'

export const BOOTSTRAP_PRINCIPAL: Principal = { id: 'bootstrap', role: 'admin', agentId: null }
const TOUCH_INTERVAL_MS = 60_000

/** Turns a presented token into the principal it stands for, or null when it is unknown or revoked. */
export class Authenticator {
  /** token id → when last_used_at was last written, so a busy agent costs one UPDATE a minute, not one a request */
  private readonly touchedAt = new Map<string, number>()

  constructor(
    private readonly db: Db,
    private readonly bootstrapToken: string | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  async verify(token: string): Promise<Principal | null> {
    if (this.bootstrapToken !== undefined && secretsEqual(token, this.bootstrapToken)) return BOOTSTRAP_PRINCIPAL
    if (!token.startsWith(TOKEN_PREFIX)) return null
    const [row] = await this.db
      .select({ id: schema.tokens.id, role: schema.tokens.role, agentId: schema.tokens.agentId, revokedAt: schema.tokens.revokedAt })
      .from(schema.tokens)
      .where(eq(schema.tokens.tokenHash, hashToken(token)))
      .limit(1)
    if (!row || row.revokedAt) return null
    await this.touch(row.id)
    return { id: row.id, role: row.role, agentId: row.agentId }
  }

  private async touch(id: string): Promise<void> {
    const now = this.now()
    const last = this.touchedAt.get(id)
    if (last !== undefined && now - last < TOUCH_INTERVAL_MS) return
    this.touchedAt.set(id, now)
    await this.db.update(schema.tokens).set({ lastUsedAt: new Date(now) }).where(eq(schema.tokens.id, id))
  }
}
