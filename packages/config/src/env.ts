/** Typed readers over process.env (or any record): every variable has a default or fails loudly. */
export type Env = Record<string, string | undefined>

export class ConfigError extends Error {
  override name = 'ConfigError'
}

export function str(env: Env, name: string, fallback?: string): string {
  const v = env[name]
  if (v !== undefined && v !== '') return v
  if (fallback === undefined) throw new ConfigError(`${name} is required`)
  return fallback
}

export function optionalStr(env: Env, name: string): string | undefined {
  const v = env[name]
  return v === undefined || v === '' ? undefined : v
}

export function int(env: Env, name: string, fallback: number, min = 0): number {
  const v = env[name]
  if (v === undefined || v === '') return fallback
  const n = Number(v)
  if (!Number.isInteger(n) || n < min) throw new ConfigError(`${name} must be an integer ≥ ${min}, got "${v}"`)
  return n
}

export function list(env: Env, name: string, fallback: string[] = []): string[] {
  const v = env[name]
  if (v === undefined || v === '') return fallback
  return v.split(',').map((s) => s.trim()).filter(Boolean)
}

export function bool(env: Env, name: string, fallback: boolean): boolean {
  const v = env[name]
  if (v === undefined || v === '') return fallback
  if (/^(1|true|yes|on)$/i.test(v)) return true
  if (/^(0|false|no|off)$/i.test(v)) return false
  throw new ConfigError(`${name} must be true or false, got "${v}"`)
}
