/**
 * How the gateway talks to internal services: a shared secret proves the caller is the gateway,
 * and the principal it authenticated travels in headers (for audit and agent scoping).
 */
export const INTERNAL_SECRET_HEADER = 'x-rpa-internal-secret'
export const PRINCIPAL_ID_HEADER = 'x-rpa-principal-id'
export const PRINCIPAL_ROLE_HEADER = 'x-rpa-principal-role'
export const PRINCIPAL_AGENT_HEADER = 'x-rpa-principal-agent'
export const REQUEST_ID_HEADER = 'x-request-id'

export interface Principal {
  /** token id, or 'bootstrap' for RPA_API_TOKEN */
  id: string
  role: 'admin' | 'author' | 'agent'
  agentId: string | null
}
