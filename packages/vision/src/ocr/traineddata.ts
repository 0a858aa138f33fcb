import { copyFile, mkdir, rename, stat } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

/** Languages whose trained data ships with this package (`@tesseract.js-data/<lang>`). */
export const OCR_LANGUAGES = ['fra', 'eng'] as const
export type OcrLanguage = (typeof OCR_LANGUAGES)[number]

/** The LSTM-only integer model: what `OEM.LSTM_ONLY` needs, and the smallest. */
const VARIANT = '4.0.0_best_int'

const require = createRequire(import.meta.url)

/** Where `<lang>.traineddata.gz` sits inside its npm package. */
export function packagedTrainedData(lang: OcrLanguage): string {
  const pkg = require.resolve(`@tesseract.js-data/${lang}/package.json`)
  return join(dirname(pkg), VARIANT, `${lang}.traineddata.gz`)
}

async function sizeOf(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).size
  } catch {
    return undefined
  }
}

/**
 * Gathers every language's `*.traineddata.gz` into one folder (tesseract.js's `langPath` takes one), copying from
 * the npm packages only: never a download. Safe to call from several processes at once (copy, then rename).
 * Returns the folder.
 */
export async function prepareLangPath(dir: string = join(tmpdir(), 'rpa-vision-tessdata', VARIANT)): Promise<string> {
  await mkdir(dir, { recursive: true })
  for (const lang of OCR_LANGUAGES) {
    const source = packagedTrainedData(lang)
    const size = await sizeOf(source)
    if (!size) throw new Error(`OCR trained data missing or empty: ${source} (is @tesseract.js-data/${lang} installed?)`)
    const target = join(dir, `${lang}.traineddata.gz`)
    if ((await sizeOf(target)) === size) continue
    const partial = `${target}.${process.pid}.${Date.now()}.part`
    await copyFile(source, partial)
    await rename(partial, target)
  }
  return dir
}
