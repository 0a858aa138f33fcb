import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const FIXTURE = fileURLToPath(new URL('../fixtures/agent-process.ts', import.meta.url))

interface Teardown {
  teardown(fn: () => unknown): void
}

export interface AgentRun {
  code: number | null
  signal: NodeJS.Signals | null
  /** the JSON lines it printed: action events, then the outcome */
  lines: Record<string, any>[]
  stderr: string
}

/**
 * Runs test/agent/fixtures/agent-process.ts as its own process (in its own process group, so that a browser left
 * behind by a SIGKILL is reaped with it) and waits for its end.
 */
export function runAgentProcess(t: Teardown, env: Record<string, string>): Promise<AgentRun> {
  const child = spawn(process.execPath, ['--conditions=@rpa-vision/source', '--import', 'tsx', FIXTURE], {
    cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
  })
  t.teardown(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL')
    } catch {
      // the group is gone already
    }
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) => {
      const lines = stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, any>)
      resolve({ code, signal, lines, stderr })
    })
  })
}
