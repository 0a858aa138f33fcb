import { mkdir, open, readFile, rename } from 'node:fs/promises'
import { join } from 'node:path'

export type ActionOutcome = { status: 'ok' } | { status: 'failed'; error: string }

/** What the agent remembers of one delivered action. Never the text it typed. */
export interface StoredAction {
  seq: number
  step_id: string
  type: string
  state: 'performing' | 'performed'
  status?: 'ok' | 'failed'
  error?: string
  started_at: string
  performed_at?: string
  /** the server took the result (recorded, duplicate, or refused it for good) */
  reported_at?: string
  /**
   * Found `performing` at start-up: the process died during the action. It counts as performed with status ok,
   * because doing it a second time (a second click, the text typed twice) is worse than a step that may be missing.
   */
  interrupted?: true
}

export interface SessionStateFile {
  version: 1
  session_id: string
  agent_id: string
  updated_at: string
  /** oldest first; the newest HISTORY_SIZE actions */
  actions: StoredAction[]
}

export const STATE_FILE_VERSION = 1
const HISTORY_SIZE = 20

export class StateFileError extends Error {
  constructor(
    readonly file: string,
    why: string,
  ) {
    super(`the agent state file ${file} ${why}`)
    this.name = 'StateFileError'
  }
}

/** `<dir>/<session id>.json`; a session id is a UUID, anything else is made file-safe. */
export function stateFilePath(dir: string, sessionId: string): string {
  return join(dir, `${sessionId.replace(/[^A-Za-z0-9_.-]/g, '_')}.json`)
}

function parseStateFile(file: string, text: string, sessionId: string): SessionStateFile {
  let parsed: SessionStateFile
  try {
    parsed = JSON.parse(text) as SessionStateFile
  } catch (err) {
    throw new StateFileError(file, `is not JSON (${(err as Error).message}); it is only ever replaced whole, so something else wrote it. Remove it to start over, knowing the last action may be performed twice`)
  }
  if (parsed?.version !== STATE_FILE_VERSION || !Array.isArray(parsed.actions)) {
    throw new StateFileError(file, `has an unknown format (version ${String(parsed?.version)})`)
  }
  if (parsed.session_id !== sessionId) throw new StateFileError(file, `belongs to session ${parsed.session_id}, not ${sessionId}`)
  return parsed
}

/** Replaces the file whole: a reader sees the old content or the new one, never half of it, even after a crash. */
async function writeDurably(file: string, dir: string, text: string): Promise<void> {
  const tmp = `${file}.tmp`
  const handle = await open(tmp, 'w')
  try {
    await handle.writeFile(text, 'utf8')
    await handle.sync()
  } finally {
    await handle.close()
  }
  await rename(tmp, file)
  // the rename itself is durable once the directory is synced; not every platform can open a directory
  const dirHandle = await open(dir, 'r').catch(() => undefined)
  if (dirHandle) {
    await dirHandle.sync().catch(() => undefined)
    await dirHandle.close()
  }
}

/**
 * The agent's memory of one session, on disk before and after every action: a seq is performed at most once, even
 * across a crash and a restart with the same state directory.
 */
export class SessionStateStore {
  private constructor(
    readonly file: string,
    private readonly dir: string,
    private state: SessionStateFile,
    /** actions found `performing` when the file was opened, now counted as performed */
    readonly recovered: readonly StoredAction[],
  ) {}

  static async open(dir: string, sessionId: string, agentId: string): Promise<SessionStateStore> {
    await mkdir(dir, { recursive: true })
    const file = stateFilePath(dir, sessionId)
    let text: string | undefined
    try {
      text = await readFile(file, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new StateFileError(file, `cannot be read: ${(err as Error).message}`)
    }
    const state: SessionStateFile = text === undefined
      ? { version: STATE_FILE_VERSION, session_id: sessionId, agent_id: agentId, updated_at: new Date().toISOString(), actions: [] }
      : parseStateFile(file, text, sessionId)
    const recovered: StoredAction[] = []
    const now = new Date().toISOString()
    state.actions = state.actions.map((a) => {
      if (a.state !== 'performing') return a
      const done: StoredAction = { ...a, state: 'performed', status: 'ok', performed_at: now, interrupted: true }
      recovered.push(done)
      return done
    })
    const store = new SessionStateStore(file, dir, state, recovered)
    if (text === undefined || recovered.length > 0) await store.save()
    return store
  }

  get(seq: number): StoredAction | undefined {
    return this.state.actions.find((a) => a.seq === seq)
  }

  /** oldest first */
  history(): readonly StoredAction[] {
    return this.state.actions
  }

  /** the newest performed action whose result the server has not taken yet */
  unreported(): StoredAction | undefined {
    const last = this.state.actions.at(-1)
    return last && last.state === 'performed' && !last.reported_at ? last : undefined
  }

  /** Written (and synced) before the action touches the screen. */
  async beginAction(action: { seq: number; step_id: string; type: string }): Promise<StoredAction> {
    const entry: StoredAction = { seq: action.seq, step_id: action.step_id, type: action.type, state: 'performing', started_at: new Date().toISOString() }
    this.state.actions = [...this.state.actions.filter((a) => a.seq !== action.seq), entry].slice(-HISTORY_SIZE)
    await this.save()
    return entry
  }

  async finishAction(seq: number, outcome: ActionOutcome): Promise<StoredAction> {
    return this.update(seq, {
      state: 'performed', status: outcome.status, ...(outcome.status === 'failed' ? { error: outcome.error } : {}), performed_at: new Date().toISOString(),
    })
  }

  async markReported(seq: number): Promise<StoredAction> {
    return this.update(seq, { reported_at: new Date().toISOString() })
  }

  private async update(seq: number, patch: Partial<StoredAction>): Promise<StoredAction> {
    const i = this.state.actions.findIndex((a) => a.seq === seq)
    if (i < 0) throw new StateFileError(this.file, `has no action with seq ${seq}`)
    const next = { ...this.state.actions[i]!, ...patch }
    this.state.actions = this.state.actions.with(i, next)
    await this.save()
    return next
  }

  private async save(): Promise<void> {
    this.state = { ...this.state, updated_at: new Date().toISOString() }
    try {
      await writeDurably(this.file, this.dir, `${JSON.stringify(this.state, null, 2)}\n`)
    } catch (err) {
      throw new StateFileError(this.file, `cannot be written: ${(err as Error).message}`)
    }
  }
}
