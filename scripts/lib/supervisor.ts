import { spawn, type ChildProcess } from 'node:child_process'
import type { Writable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Env } from '@rpa-vision/config'
import { pipeTagged, type Tagger } from './prefix.js'
import type { ServiceSpec } from './services.js'

export const STOP_GRACE_MS = 5000
const HEALTH_POLL_MS = 200

export interface SupervisorOptions {
  root: string
  env: Env
  out: Writable
  err: Writable
  tagger: Tagger
  healthTimeoutMs: number
  /** a service exited while nobody asked it to */
  onUnexpectedExit(name: string, code: number | null, signal: NodeJS.Signals | null): void
}

/** Runs services as `node` children (never through pnpm, which does not pass SIGTERM on) and stops them together. */
export class Supervisor {
  private readonly children = new Map<string, ChildProcess>()
  private stopping: Promise<void> | undefined
  private markStopped!: () => void
  /** resolves once stopAll() has stopped every child */
  readonly stopped = new Promise<void>((resolve) => (this.markStopped = resolve))

  constructor(private readonly opts: SupervisorOptions) {
    // Whatever ends this process, its children must not outlive it.
    process.once('exit', () => {
      for (const child of this.children.values()) if (isRunning(child)) child.kill('SIGKILL')
    })
  }

  get isStopping(): boolean {
    return this.stopping !== undefined
  }

  /** Spawns the service and resolves once its health URL answers 200. */
  async start(spec: ServiceSpec): Promise<void> {
    const { root, env, out, err, tagger } = this.opts
    const child = spawn(process.execPath, ['--conditions=@rpa-vision/source', '--import', 'tsx', spec.entry], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: Ctrl-C reaches only this supervisor, which stops the services in order.
      detached: true,
    })
    this.children.set(spec.name, child)
    pipeTagged(child.stdout!, out, tagger.tag(spec.name))
    pipeTagged(child.stderr!, err, tagger.tag(spec.name))
    child.once('exit', (code, signal) => {
      if (!this.isStopping) this.opts.onUnexpectedExit(spec.name, code, signal)
    })
    await waitHealthy(spec.healthUrl(env), child, this.opts.healthTimeoutMs)
  }

  /** SIGTERM to every child, SIGKILL to those still running after the grace period. */
  stopAll(): Promise<void> {
    this.stopping ??= Promise.all([...this.children.values()].map(stopChild)).then(() => this.markStopped())
    return this.stopping
  }
}

export function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null
}

/** SIGTERM, then SIGKILL after the grace period; resolves once it has exited. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (!isRunning(child)) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

async function waitHealthy(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (!isRunning(child)) throw new Error(`it exited before ${url} answered`)
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) })
      await res.arrayBuffer()
      if (res.ok) return
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000} s`)
    await sleep(HEALTH_POLL_MS)
  }
}
