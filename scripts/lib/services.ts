import { readGatewayConfig, readLlmWorkerConfig, readReplayConfig, readVisionWorkerConfig, readWorkflowsConfig, type Env } from '@rpa-vision/config'

export interface ServiceSpec {
  name: string
  /** the file node runs, relative to the repository root */
  entry: string
  /** answers 200 once the service is ready; the next service starts only then */
  healthUrl(env: Env): string
}

/** How a local client reaches a server listening on `host` (a wildcard address means this machine). */
export function localUrl(host: string, port: number): string {
  if (host === '0.0.0.0' || host === '') return `http://127.0.0.1:${port}`
  if (host === '::') return `http://[::1]:${port}`
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`
}

/** Every service `pnpm start` runs, in start order (it stops them all together). */
export const SERVICES: ServiceSpec[] = [
  {
    name: 'workflows',
    entry: 'services/workflows/src/main.ts',
    healthUrl: (env) => {
      const c = readWorkflowsConfig(env)
      return `${localUrl(c.host, c.port)}/health`
    },
  },
  {
    name: 'replay',
    entry: 'services/replay/src/main.ts',
    healthUrl: (env) => {
      const c = readReplayConfig(env)
      return `${localUrl(c.host, c.port)}/health`
    },
  },
  {
    name: 'llm-worker',
    entry: 'services/llm-worker/src/main.ts',
    healthUrl: (env) => {
      const c = readLlmWorkerConfig(env)
      return `${localUrl(c.host, c.port)}/health`
    },
  },
  {
    name: 'gateway',
    entry: 'services/gateway/src/main.ts',
    healthUrl: (env) => {
      const c = readGatewayConfig(env)
      return `${localUrl(c.host, c.port)}/health`
    },
  },
  {
    name: 'vision-worker',
    entry: 'services/vision-worker/src/main.ts',
    healthUrl: (env) => {
      const c = readVisionWorkerConfig(env)
      return `${localUrl(c.host, c.port)}/health`
    },
  },
]
