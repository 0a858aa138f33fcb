import type { Principal } from '@rpa-vision/contracts'
import { eq, schema, type Db } from '@rpa-vision/db'
import { secretsEqual } from '@rpa-vision/http'
import { hashToken, TOKEN_PREFIX } from './secrets.js'

export const BOOTSTRAP_PRINCIPAL: Principal = { id: 'bootstrap', role: 'admin', agentId: null }
const TOUCH_INTERVAL_MS = 60_000
const CACHE_MAX_ENTRIES = 10_000

/** Turns a presented token into the principal it stands for, or null when it is unknown or revoked. */
export class Authenticator {
  /** token id → when last_used_at was last written, so a busy agent costs one UPDATE a minute, not one a request */
  private readonly touchedAt = new Map<string, number>()
  /**
   * token hash → the principal, for cacheMs: an agent polling ten times a second costs one lookup per window, not
   * one per request. A token revoked through this gateway is dropped at once; through another one, within cacheMs.
   */
  private readonly verified = new Map<string, { principal: Principal; until: number }>()

  constructor(
    private readonly db: Db,
    private readonly bootstrapToken: string | undefined,
    private readonly now: () => number = Date.now,
    private readonly cacheMs = 5000,
  ) {}

  async verify(token: string): Promise<Principal | null> {
    if (this.bootstrapToken !== undefined && secretsEqual(token, this.bootstrapToken)) return BOOTSTRAP_PRINCIPAL
    if (!token.startsWith(TOKEN_PREFIX)) return null
    const hash = hashToken(token)
    const hit = this.verified.get(hash)
    if (hit && hit.until > this.now()) return hit.principal
    const [row] = await this.db
      .select({ id: schema.tokens.id, role: schema.tokens.role, agentId: schema.tokens.agentId, revokedAt: schema.tokens.revokedAt })
      .from(schema.tokens)
      .where(eq(schema.tokens.tokenHash, hash))
      .limit(1)
    if (!row || row.revokedAt) {
      this.verified.delete(hash)
      return null
    }
    await this.touch(row.id)
    const principal: Principal = { id: row.id, role: row.role, agentId: row.agentId }
    if (this.cacheMs > 0) {
      this.verified.delete(hash)
      if (this.verified.size >= CACHE_MAX_ENTRIES) this.verified.delete(this.verified.keys().next().value!)
      this.verified.set(hash, { principal, until: this.now() + this.cacheMs })
    }
    return principal
  }

  /** A revoked token stops working at once on this gateway. */
  forget(tokenId: string): void {
    for (const [hash, entry] of this.verified) if (entry.principal.id === tokenId) this.verified.delete(hash)
  }

  private async touch(id: string): Promise<void> {
    const now = this.now()
    const last = this.touchedAt.get(id)
    if (last !== undefined && now - last < TOUCH_INTERVAL_MS) return
    this.touchedAt.set(id, now)
    await this.db.update(schema.tokens).set({ lastUsedAt: new Date(now) }).where(eq(schema.tokens.id, id))
  }
}
