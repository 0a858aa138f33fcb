export type AgentLogLevel = 'debug' | 'info' | 'warn' | 'error'
export type AgentLogFields = Record<string, unknown>

/** A pino logger, or anything with its four methods. */
export interface PinoLikeLogger {
  debug(fields: object, msg: string): unknown
  info(fields: object, msg: string): unknown
  warn(fields: object, msg: string): unknown
  error(fields: object, msg: string): unknown
}

export type AgentLogCallback = (level: AgentLogLevel, msg: string, fields: AgentLogFields) => void

export type AgentLogger = (level: AgentLogLevel, msg: string, fields?: AgentLogFields) => void

/** One shape for whatever the caller passed; no logger means silence. */
export function toAgentLogger(log: PinoLikeLogger | AgentLogCallback | undefined): AgentLogger {
  if (!log) return () => {}
  if (typeof log === 'function') return (level, msg, fields = {}) => log(level, msg, fields)
  return (level, msg, fields = {}) => {
    log[level](fields, msg)
  }
}
