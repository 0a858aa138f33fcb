import { Pool } from 'undici'
import {
  INTERNAL_SECRET_HEADER, NotFoundError, PRINCIPAL_AGENT_HEADER, PRINCIPAL_ID_HEADER, PRINCIPAL_ROLE_HEADER, REQUEST_ID_HEADER,
  UpstreamError, type Principal, type RecordedSecrets, type Workflow,
} from '@rpa-vision/contracts'

/** Reads workflows from the workflows service (which owns them), as the caller, over one keep-alive pool. */
export class WorkflowSource {
  private readonly pool: Pool

  constructor(
    origin: string,
    private readonly internalSecret: string,
    private readonly timeoutMs = 10_000,
  ) {
    this.pool = new Pool(origin, { connections: 8, connectTimeout: Math.min(timeoutMs, 5000) })
  }

  read(id: string, principal: Principal, requestId: string): Promise<Workflow> {
    return this.get(`/api/v1/workflows/${encodeURIComponent(id)}`, `workflow ${id}`, principal, requestId)
  }

  /** The sealed values a learned workflow recorded for its type_secret steps. */
  recordedSecrets(id: string, principal: Principal, requestId: string): Promise<RecordedSecrets> {
    return this.get(`/internal/workflows/${encodeURIComponent(id)}/secrets`, `the recorded secrets of workflow ${id}`, principal, requestId)
  }

  private async get<T>(path: string, what: string, principal: Principal, requestId: string): Promise<T> {
    const headers: Record<string, string> = {
      [INTERNAL_SECRET_HEADER]: this.internalSecret,
      [PRINCIPAL_ID_HEADER]: principal.id,
      [PRINCIPAL_ROLE_HEADER]: principal.role,
      [REQUEST_ID_HEADER]: requestId,
      accept: 'application/json',
    }
    if (principal.agentId) headers[PRINCIPAL_AGENT_HEADER] = principal.agentId
    let res
    try {
      res = await this.pool.request({ method: 'GET', path, headers, headersTimeout: this.timeoutMs, bodyTimeout: this.timeoutMs })
    } catch (err) {
      const code = (err as { code?: string }).code ?? 'connection error'
      throw new UpstreamError(`the workflows service could not be reached to read ${what} (${code})`, 503)
    }
    if (res.statusCode === 404) {
      await res.body.dump()
      throw new NotFoundError(what)
    }
    if (res.statusCode !== 200) {
      await res.body.dump()
      throw new UpstreamError(`the workflows service answered ${res.statusCode} when reading ${what}`)
    }
    return (await res.body.json()) as T
  }

  close(): Promise<void> {
    return this.pool.close()
  }
}
