import { readFile, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import sharp from 'sharp'
import {
  SCREEN_PAGES,
  closeScreens,
  cropTarget,
  renderScreen,
  variantsFor,
  type RenderedScreen,
  type ScreenPage,
  type VariantName,
} from './helpers/index.js'

t.teardown(closeScreens)
const variants = variantsFor()
const rendered = new Map<string, RenderedScreen>()
await Promise.all(
  SCREEN_PAGES.flatMap((page) =>
    Object.entries(variants).map(async ([name, v]) => rendered.set(`${page}/${name}`, await renderScreen(page, v))),
  ),
)
const screen = (page: ScreenPage, name: VariantName): RenderedScreen => rendered.get(`${page}/${name}`)!

async function pixel(s: RenderedScreen, x: number, y: number): Promise<number[]> {
  const raw = await sharp(s.png).extract({ left: x, top: y, width: 1, height: 1 }).removeAlpha().raw().toBuffer()
  return [...raw]
}

t.test('every page renders in every variant, with boxes inside the screenshot', async (t) => {
  for (const page of SCREEN_PAGES) {
    const html = await readFile(new URL(`screens/pages/${page}.html`, import.meta.url), 'utf8')
    const ids = [...html.matchAll(/data-target="([^"]+)"/g)].map((m) => m[1])
    t.equal(new Set(ids).size, ids.length, `${page}: data-target ids are unique`)
    t.notMatch(html, /(src|href)="(https?:)?\/\//, `${page}: no network resources`)
    for (const name of Object.keys(variants) as VariantName[]) {
      const s = screen(page, name)
      const [width, height] = name === 'small' ? [1280, 800] : [1920, 1080]
      t.match(await sharp(s.png).metadata(), { width, height, format: 'png' }, `${page} ${name} size`)
      t.match(s, { width, height })
      t.ok(Object.keys(s.targets).length >= 5, `${page} ${name} has targets`)
      for (const [id, b] of Object.entries(s.targets)) {
        if (b.x < 0 || b.y < 0 || b.width < 1 || b.height < 1 || b.x + b.width > width || b.y + b.height > height) {
          t.fail(`${page} ${name} ${id} out of the screenshot: ${JSON.stringify(b)}`)
        }
      }
      t.ok(Object.values(s.texts).every((x) => x.length > 0), `${page} ${name} texts are not empty`)
    }
  }
  const form = screen('patient-form', 'scale100')
  t.match(form.texts, {
    'label-nom-naissance': 'Nom de naissance',
    'label-prenom': 'Prénom',
    'label-date-entree': "Date d'entrée",
    'label-unite': 'Unité médicale',
    'btn-valider': 'Valider',
    'btn-annuler': 'Annuler',
    'btn-enregistrer': 'Enregistrer',
  })
  const list = screen('patient-list', 'scale100')
  for (let row = 1; row <= 20; row++) {
    t.equal(list.texts[`btn-ouvrir-${row}`], 'Ouvrir')
    t.equal(list.targets[`btn-ouvrir-${row}`]!.width, list.targets['btn-ouvrir-1']!.width, 'look-alikes have one size')
  }
  const summary = screen('stay-summary', 'scale100')
  t.match(summary.texts['text-motif'], /^Patiente de 67 ans, diabétique .* « un étau », irradiant vers la mâchoire, .* minutes\.$/)
  t.ok(summary.texts.document!.includes(summary.texts['text-conclusion']!), 'the document text holds its paragraphs')
})

t.test('display scaling: buttons are scale × their 100 % size, and boxes are pixel-exact', async (t) => {
  for (const page of SCREEN_PAGES) {
    const base = screen(page, 'scale100')
    for (const [name, scale] of [['scale125', 1.25], ['scale150', 1.5]] as const) {
      const s = screen(page, name)
      const ids = Object.keys(s.targets).filter((id) => /^(btn|tool)-/.test(id) && base.targets[id])
      t.ok(ids.length >= 2, `${page} ${name}: buttons to compare`)
      for (const id of ids) {
        const a = base.targets[id]!
        const b = s.targets[id]!
        t.ok(Math.abs(b.width - a.width * scale) <= 2, `${page} ${name} ${id} width ${a.width} → ${b.width}`)
        t.ok(Math.abs(b.height - a.height * scale) <= 2, `${page} ${name} ${id} height ${a.height} → ${b.height}`)
      }
    }
  }
  // The primary button is a solid block: its box starts and ends exactly on its first and last pixels.
  const primary = [31, 95, 174]
  for (const name of ['scale100', 'scale125', 'scale150'] as const) {
    const s = screen('patient-form', name)
    const b = s.targets['btn-valider']!
    const y = b.y + Math.floor(b.height / 2)
    t.same(await pixel(s, b.x, y), primary, `${name}: first column is the button`)
    t.same(await pixel(s, b.x + b.width - 1, y), primary, `${name}: last column is the button`)
    t.notSame(await pixel(s, b.x - 1, y), primary, `${name}: the column before is not`)
    t.notSame(await pixel(s, b.x + b.width, y), primary, `${name}: the column after is not`)
  }
})

t.test('the alt theme changes colours, not the layout', async (t) => {
  for (const page of SCREEN_PAGES) {
    const base = screen(page, 'scale100')
    const alt = screen(page, 'alt')
    t.same(alt.targets, base.targets, page)
    t.notOk(alt.png.equals(base.png), `${page} pixels differ`)
  }
})

t.test('hidden targets are absent; everything else stays where it was', async (t) => {
  const cases: [ScreenPage, VariantName, string[]][] = [
    ['patient-form', 'scale100', ['btn-valider', 'label-prenom']],
    ['patient-list', 'scale125', ['btn-ouvrir-3']],
    ['toolbar', 'scale150', ['tool-imprimer', 'context-menu']],
  ]
  for (const [page, name, hide] of cases) {
    const full = screen(page, name)
    const s = await renderScreen(page, { ...variants[name], hide })
    const hidden = Object.keys(full.targets).filter((id) => !(id in s.targets))
    const expected = page === 'toolbar' ? [...hide, 'ctx-modifier', 'ctx-principal', 'ctx-copier', 'ctx-supprimer'] : hide
    t.same(hidden.sort(), expected.sort(), `${page}: hidden targets (and their children) are gone`)
    for (const [id, b] of Object.entries(s.targets)) t.same(b, full.targets[id], `${page} ${id} did not move`)
    t.notOk(s.png.equals(full.png), `${page} pixels differ`)
  }
  await t.rejects(renderScreen('patient-form', { scale: 1, hide: ['no-such-target'] }), /no-such-target/)
})

t.test('a crop is the target box, wider by the margin, clamped to the screenshot', async (t) => {
  const s = screen('patient-form', 'scale125')
  const b = s.targets['btn-valider']!
  t.match(await sharp(await cropTarget(s, 'btn-valider')).metadata(), { width: b.width, height: b.height })
  t.match(await sharp(await cropTarget(s, 'btn-valider', 6)).metadata(), { width: b.width + 12, height: b.height + 12 })
  const title = s.targets['app-title']!
  t.ok(title.x < 40 && title.y < 40, 'a target near the corner')
  t.match(await sharp(await cropTarget(s, 'app-title', 40)).metadata(), { width: title.x + title.width + 40, height: title.y + title.height + 40 })
  const crop = await sharp(await cropTarget(s, 'btn-valider')).raw().toBuffer()
  const region = await sharp(s.png).extract({ left: b.x, top: b.y, width: b.width, height: b.height }).raw().toBuffer()
  t.ok(crop.equals(region), 'same pixels as the screenshot')
  await t.rejects(cropTarget(s, 'no-such-target'), /no-such-target/)
})

t.test('scrolling moves targets up by scrollY × scale', async (t) => {
  const check = (page: ScreenPage, base: RenderedScreen, scrolled: RenderedScreen, shift: number) => {
    const common = Object.keys(scrolled.targets).filter((id) => base.targets[id])
    t.ok(common.length >= 5, `${page}: targets visible in both`)
    for (const id of common) {
      const a = base.targets[id]!
      const b = scrolled.targets[id]!
      t.ok(b.x === a.x && b.width === a.width && b.height === a.height && Math.abs(a.y - shift - b.y) <= 1, `${page} ${id} moved up by ${shift}`)
    }
    for (const [id, a] of Object.entries(base.targets)) {
      if (a.y - shift >= 0) t.ok(scrolled.targets[id], `${page} ${id} still visible after scrolling`)
    }
  }
  for (const page of SCREEN_PAGES) check(page, screen(page, 'scale100'), screen(page, 'scrolled'), variants.scrolled.scrollY!)
  const page = 'patient-list'
  check(page, screen(page, 'scale125'), await renderScreen(page, { scale: 1.25, scrollY: 100 }), 125)
})

t.test('renders are deterministic and cached on disk', async (t) => {
  const v = variants.scale125
  const a = await renderScreen('toolbar', v, { fresh: true })
  const b = await renderScreen('toolbar', v, { fresh: true })
  t.ok(a.png.equals(b.png), 'two renders are byte-identical')
  t.same(a.targets, b.targets)
  t.equal(a.file, b.file)
  t.ok(a.file.startsWith(join(tmpdir(), 'rpa-vision-screens')), a.file)
  const written = (await stat(b.file)).mtimeMs
  const started = performance.now()
  const c = await renderScreen('toolbar', v)
  t.ok(performance.now() - started < 200, 'read from the cache')
  t.equal((await stat(c.file)).mtimeMs, written, 'the cached file was not rewritten')
  t.ok(c.png.equals(b.png))
  t.same(c, { ...b, png: c.png })
})
