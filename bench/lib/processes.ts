import { spawn, type ChildProcess } from 'node:child_process'
import { readdir, readFile } from 'node:fs/promises'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { pipeTagged } from '../../scripts/lib/prefix.js'
import { isRunning, stopChild } from '../../scripts/lib/supervisor.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** A service run as in production: `node --conditions=@rpa-vision/source --import tsx <entry>`, its output on stderr. */
export interface ServiceProcess {
  name: string
  pid: number
  child: ChildProcess
}

/** Children still running when this process exits are killed, whatever ends it. */
const running = new Set<ChildProcess>()
let exitHook = false


/** Spawns a service and resolves once `healthUrl` answers 200 (rejects when it exits first or takes too long). */
export async function startService(name: string, entry: string, env: NodeJS.ProcessEnv, healthUrl: string, timeoutMs = 60_000): Promise<ServiceProcess> {
  if (!exitHook) {
    exitHook = true
    process.once('exit', () => {
      for (const child of running) if (isRunning(child)) child.kill('SIGKILL')
    })
  }
  // BENCH_SERVICE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the services (NODE_OPTIONS may not carry --cpu-prof)
  const extra = (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean)
  const child = spawn(process.execPath, [...extra, '--conditions=@rpa-vision/source', '--import', 'tsx', entry], {
    cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'],
  })
  running.add(child)
  child.once('exit', () => running.delete(child))
  pipeTagged(child.stdout!, process.stderr, `[${name}]`)
  pipeTagged(child.stderr!, process.stderr, `[${name}]`)
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (!isRunning(child)) throw new Error(`${name} exited (code ${child.exitCode}, signal ${child.signalCode}) before ${healthUrl} answered`)
    try {
      const res = await fetch(healthUrl, { signal: AbortSignal.timeout(1000) })
      await res.arrayBuffer()
      if (res.ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`${name}: ${healthUrl} did not answer 200 within ${timeoutMs / 1000} s`)
    }
    await sleep(200)
  }
  return { name, pid: child.pid!, child }
}

/** SIGTERM, then SIGKILL after a grace period; resolves once it has exited. */
export function stopService(service: ServiceProcess): Promise<void> {
  return stopChild(service.child)
}

const TICKS_PER_SECOND = 100 // USER_HZ on Linux

/** CPU seconds (user + system) a process has used so far; 0 when it is gone. */
async function cpuSeconds(pid: number): Promise<number> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND
  } catch {
    return 0
  }
}

/** Pids whose command name is `comm` (e.g. every postgres backend): read-only, for CPU accounting. */
async function pidsNamed(comm: string): Promise<number[]> {
  const pids: number[] = []
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      if ((await readFile(`/proc/${entry}/comm`, 'utf8')).trim() === comm) pids.push(Number(entry))
    } catch {
      // gone meanwhile
    }
  }
  return pids
}

export type CpuGroups = Record<string, () => Promise<number[]>>

/** CPU used by groups of processes between two readings, as a share of one core (100 % = one core busy). */
export class CpuMeter {
  private start = new Map<string, number>()
  private startedAt = 0

  constructor(private readonly groups: CpuGroups) {}

  static groupsFor(services: ServiceProcess[]): CpuGroups {
    const groups: CpuGroups = {}
    for (const s of services) groups[s.name] = async () => [s.pid]
    groups['bench (load generator + scripted workers)'] = async () => [process.pid]
    groups.postgres = () => pidsNamed('postgres')
    groups.redis = () => pidsNamed('redis-server')
    return groups
  }

  private async read(): Promise<Map<string, number>> {
    const out = new Map<string, number>()
    for (const [name, pids] of Object.entries(this.groups)) {
      let total = 0
      for (const pid of await pids()) total += await cpuSeconds(pid)
      out.set(name, total)
    }
    return out
  }

  async begin(): Promise<void> {
    this.start = await this.read()
    this.startedAt = performance.now()
  }

  /** "gateway 61 %, replay 58 %, …" since begin(). Postgres backends that ended meanwhile are not counted. */
  async end(): Promise<string> {
    const now = await this.read()
    const seconds = (performance.now() - this.startedAt) / 1000
    const parts: string[] = []
    let sum = 0
    for (const [name, used] of now) {
      const share = Math.max(0, (used - (this.start.get(name) ?? 0)) / seconds) * 100
      sum += share
      parts.push(`${name} ${Math.round(share)} %`)
    }
    return `${parts.join(', ')}; total ${Math.round(sum)} % of 200 %`
  }
}
