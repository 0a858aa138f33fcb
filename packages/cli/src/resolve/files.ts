import { readFile } from 'node:fs/promises'
import { CliError } from '../command.js'

export async function readInput(file: string): Promise<Buffer> {
  try {
    return await readFile(file)
  } catch (err) {
    throw new CliError('READ_FAILED', `cannot read ${file}: ${(err as Error).message}`)
  }
}
