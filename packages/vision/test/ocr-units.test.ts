import { mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import t from 'tap'
import type Tesseract from 'tesseract.js'
import { characterErrorRate, editDistance, packagedTrainedData, prepareLangPath } from '../src/ocr/index.js'
import { pageToResult } from '../src/ocr/layout.js'
import { darkOnLight } from '../src/ocr/polarity.js'
import { prepareForOcr } from '../src/ocr/prepare.js'

t.test('edit distance and character error rate', async (t) => {
  t.equal(editDistance('', ''), 0)
  t.equal(editDistance('abc', ''), 3)
  t.equal(editDistance('chat', 'chats'), 1)
  t.equal(editDistance('entrée', 'entree'), 1)
  t.equal(editDistance('kitten', 'sitting'), 3)
  t.equal(characterErrorRate("Date d'entrée", "Date  d'entrée\n"), 0, 'whitespace is normalised')
  t.equal(characterErrorRate('Prénom', 'Prenom'), 1 / 6, 'accents count')
  t.equal(characterErrorRate('Prénom', 'Pre\u0301nom'), 0, 'composed and decomposed accents are equal')
  t.equal(characterErrorRate('', ''), 0)
  t.equal(characterErrorRate('', 'x'), 1)
})

t.test('trained data: one folder with both languages, copied from the npm packages', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tessdata-test-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  t.match(packagedTrainedData('fra'), /@tesseract\.js-data[/\\]fra[/\\]4\.0\.0_best_int[/\\]fra\.traineddata\.gz$/)
  t.equal(await prepareLangPath(dir), dir)
  t.same((await readdir(dir)).sort(), ['eng.traineddata.gz', 'fra.traineddata.gz'])
  for (const lang of ['fra', 'eng'] as const)
    t.equal((await stat(join(dir, `${lang}.traineddata.gz`))).size, (await stat(packagedTrainedData(lang))).size)
  await prepareLangPath(dir)
  t.equal((await readdir(dir)).length, 2, 'a second call leaves the folder as it is')
})

type Box = [number, number, number, number]
const bbox = ([x0, y0, x1, y1]: Box) => ({ x0, y0, x1, y1 })
function page(blocks: { text: string; box: Box }[][]): Tesseract.Page {
  const lines = (words: { text: string; box: Box }[]) => ({
    bbox: bbox([Math.min(...words.map((w) => w.box[0])), Math.min(...words.map((w) => w.box[1])), Math.max(...words.map((w) => w.box[2])), Math.max(...words.map((w) => w.box[3]))]),
    words: words.map((w) => ({ text: w.text, confidence: 91, bbox: bbox(w.box) })),
  })
  return { blocks: blocks.map((block) => ({ paragraphs: [{ lines: [lines(block)] }] })) } as unknown as Tesseract.Page
}

t.test('layout: boxes back in original pixels, lines in reading order, field borders dropped', async (t) => {
  // recognised at 2×, from a region at (100, 50); tesseract returned the value column before the label column
  const result = pageToResult(
    page([
      [{ text: '12/03/2024', box: [200, 20, 300, 40] }],
      [
        { text: 'Date', box: [0, 22, 40, 42] },
        { text: "d'entrée", box: [50, 22, 120, 42] },
      ],
      [{ text: 'Prénom', box: [0, 80, 60, 100] }],
      [{ text: ' ', box: [70, 80, 72, 100] }],
      [{ text: '|', box: [150, 76, 152, 104] }],
    ]),
    { x: 100, y: 50, scaleX: 2, scaleY: 2 },
    { x: 100, y: 50, width: 200, height: 100 },
  )
  t.equal(result.text, "Date d'entrée 12/03/2024\nPrénom")
  t.same(
    result.words.map((w) => w.text),
    ['Date', "d'entrée", '12/03/2024', 'Prénom'],
  )
  t.same(result.words[0], { text: 'Date', bbox: { x: 100, y: 61, width: 20, height: 10 }, confidence: 0.91 })
  t.same(result.words[2].bbox, { x: 200, y: 60, width: 50, height: 10 })
})

t.test('prepare: region clamped to the image, scale recorded, grey PGM out', async (t) => {
  const image = await sharp({ create: { width: 300, height: 200, channels: 4, background: '#ffffff00' } }).png().toBuffer()
  const prepared = await prepareForOcr(image, { x: 250, y: 150, width: 100, height: 100 }, 2)
  t.same(prepared.bounds, { x: 250, y: 150, width: 50, height: 50 })
  t.same(prepared.transform, { x: 250, y: 150, scaleX: 2, scaleY: 2 })
  const header = 'P5\n100 100\n255\n'
  t.equal(prepared.pgm.subarray(0, header.length).toString(), header)
  t.equal(prepared.pgm.length, header.length + 100 * 100)
  t.equal(prepared.pgm[header.length], 255, 'transparent pixels flattened onto white')
  await t.rejects(prepareForOcr(image, { x: 400, y: 0, width: 10, height: 10 }, 2), RangeError)
  await t.rejects(prepareForOcr(image, undefined, 10), RangeError)
})

t.test('light text on a blue badge becomes dark text on white; dark text on white stays', async (t) => {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="60"><rect width="300" height="60" fill="#fff"/>
    <text x="10" y="35" font-family="DejaVu Sans" font-size="13" fill="#222">Annuler</text>
    <rect x="150" y="14" width="100" height="32" fill="#1f6feb"/>
    <text x="164" y="35" font-family="DejaVu Sans" font-size="13" font-weight="bold" fill="#fff">Valider</text></svg>`
  const { data, info } = await sharp(Buffer.from(svg)).flatten({ background: '#fff' }).toColourspace('srgb').raw().toBuffer({ resolveWithObject: true })
  const grey = await darkOnLight({ data, width: info.width, height: info.height, channels: 3 })
  const darkShare = (x0: number, x1: number) => {
    let dark = 0
    for (let y = 20; y < 40; y++) for (let x = x0; x < x1; x++) if (grey.data[y * grey.width + x] < 128) dark++
    return dark / ((x1 - x0) * 20)
  }
  t.ok(darkShare(152, 248) > 0.05 && darkShare(152, 248) < 0.5, 'the badge reads as dark strokes on light')
  t.ok(darkShare(10, 70) > 0.05 && darkShare(10, 70) < 0.5, 'plain text keeps its polarity')
  t.equal(grey.data[5 * grey.width + 5], 255, 'the page stays white')
  t.equal(grey.data[16 * grey.width + 155], 255, 'the badge’s background is levelled to the page’s white: no frame left')
})
