import { ConfigError, optionalStr, str, type Env } from './env.js'

export interface CliConfig {
  /** the gateway's base URL */
  url: string
  /** a bearer token; commands that call the API refuse to run without one */
  token: string | undefined
  /** `rpa resolve` runs the resolver here: a UI-DETR-1 ONNX export for its detector, the classical one without */
  uiDetrModel: string | undefined
}

export function readCliConfig(env: Env = process.env): CliConfig {
  const url = str(env, 'RPA_URL', 'http://127.0.0.1:8080')
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new ConfigError(`RPA_URL must be an http(s) URL, got "${url}"`)
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new ConfigError(`RPA_URL must be an http(s) URL, got "${url}"`)
  return { url: url.replace(/\/+$/, ''), token: optionalStr(env, 'RPA_TOKEN'), uiDetrModel: optionalStr(env, 'UI_DETR_MODEL') }
}
