import { randomBytes } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'

/**
 * A key kept in a file readable by this user only, made on first use: secrets sealed by one `pnpm start` must still
 * open after the next, so a random key per run would not do.
 */
export async function readOrCreateKey(path: string): Promise<{ key: string; created: boolean }> {
  try {
    const key = (await readFile(path, 'utf8')).trim()
    if (key) return { key, created: false }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  const key = randomBytes(32).toString('base64')
  await mkdir(dirname(path), { recursive: true, mode: 0o700 })
  await writeFile(path, `${key}\n`, { mode: 0o600, flag: 'w' })
  return { key, created: true }
}
