import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { SessionStateStore, StateFileError, stateFilePath, type SessionStateFile } from '../src/index.js'

const SESSION = '0a0b0c0d-0000-4000-8000-000000000001'
const dirOf = () => mkdtemp(join(tmpdir(), 'agent-state-'))
const onDisk = async (dir: string): Promise<SessionStateFile> => JSON.parse(await readFile(stateFilePath(dir, SESSION), 'utf8'))

t.test('every step is on disk when the call returns: performing before the action, performed after', async (t) => {
  const dir = await dirOf()
  const store = await SessionStateStore.open(dir, SESSION, 'poste-1')
  t.match(await onDisk(dir), { version: 1, session_id: SESSION, agent_id: 'poste-1', actions: [] }, 'created at open')

  await store.beginAction({ seq: 3, step_id: 'n2', type: 'click' })
  t.match((await onDisk(dir)).actions, [{ seq: 3, step_id: 'n2', type: 'click', state: 'performing' }])
  t.notOk((await onDisk(dir)).actions[0]!.status)

  await store.finishAction(3, { status: 'failed', error: 'no such element' })
  t.match((await onDisk(dir)).actions, [{ seq: 3, state: 'performed', status: 'failed', error: 'no such element' }])
  t.equal(store.unreported()?.seq, 3, 'performed, not yet taken by the server')
  await store.markReported(3)
  t.ok((await onDisk(dir)).actions[0]!.reported_at)
  t.equal(store.unreported(), undefined)
})

t.test('the file is replaced whole (write to a temporary file, then rename), never edited in place', async (t) => {
  const dir = await dirOf()
  const store = await SessionStateStore.open(dir, SESSION, 'poste-1')
  const file = stateFilePath(dir, SESSION)
  const before = await stat(file)
  // what a crash during a write leaves behind: a partial temporary file next to an intact state file
  await writeFile(`${file}.tmp`, '{"version": 1, "acti')
  await store.beginAction({ seq: 1, step_id: 'a', type: 'type' })
  const after = await stat(file)
  t.not(after.ino, before.ino, 'a new inode: the old file was replaced by a rename, not rewritten')
  t.same(await readdir(dir), [`${SESSION}.json`], 'no temporary file left')
  t.match((await onDisk(dir)).actions, [{ seq: 1, state: 'performing' }], 'the new content, whole')
})

t.test('an action found performing at start-up counts as performed (ok): it is never done again', async (t) => {
  const dir = await dirOf()
  const first = await SessionStateStore.open(dir, SESSION, 'poste-1')
  await first.beginAction({ seq: 1, step_id: 'a', type: 'click' })
  await first.finishAction(1, { status: 'ok' })
  await first.markReported(1)
  await first.beginAction({ seq: 2, step_id: 'b', type: 'click' })
  // the process dies here, between the click and its record

  const second = await SessionStateStore.open(dir, SESSION, 'poste-1')
  t.match(second.recovered, [{ seq: 2, state: 'performed', status: 'ok', interrupted: true }])
  t.match(second.get(2), { state: 'performed', status: 'ok', interrupted: true })
  t.equal(second.unreported()?.seq, 2, 'its result is still to be sent')
  t.match((await onDisk(dir)).actions[1], { seq: 2, state: 'performed', interrupted: true }, 'written back at once')
  const third = await SessionStateStore.open(dir, SESSION, 'poste-1')
  t.same(third.recovered, [], 'recovered once')
})

t.test('a short history: the newest 20 actions', async (t) => {
  const dir = await dirOf()
  const store = await SessionStateStore.open(dir, SESSION, 'poste-1')
  for (let seq = 1; seq <= 25; seq++) {
    await store.beginAction({ seq, step_id: `s${seq}`, type: 'wait' })
    await store.finishAction(seq, { status: 'ok' })
  }
  t.same(store.history().map((a) => a.seq), [6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25])
  t.equal((await onDisk(dir)).actions.length, 20)
  t.equal(store.get(5), undefined)
  t.equal(store.get(25)?.step_id, 's25')
})

t.test('a state file that cannot be trusted stops the agent instead of guessing', async (t) => {
  const dir = await dirOf()
  await writeFile(stateFilePath(dir, SESSION), 'not json')
  await t.rejects(SessionStateStore.open(dir, SESSION, 'poste-1'), StateFileError)
  await t.rejects(SessionStateStore.open(dir, SESSION, 'poste-1'), /Remove it to start over/)
  await writeFile(stateFilePath(dir, SESSION), JSON.stringify({ version: 1, session_id: 'other', agent_id: 'x', updated_at: '', actions: [] }))
  await t.rejects(SessionStateStore.open(dir, SESSION, 'poste-1'), /belongs to session other/)
  await writeFile(stateFilePath(dir, SESSION), JSON.stringify({ version: 9, actions: [] }))
  await t.rejects(SessionStateStore.open(dir, SESSION, 'poste-1'), /unknown format/)
})

t.test('the state directory is created, and a file name is always file-safe', async (t) => {
  const dir = join(await dirOf(), 'a', 'b')
  await SessionStateStore.open(dir, SESSION, 'poste-1')
  t.ok((await stat(stateFilePath(dir, SESSION))).isFile())
  t.equal(stateFilePath('/x', '../../etc/passwd'), '/x/.._.._etc_passwd.json')
})
