import sharp from 'sharp'
import type { Rect } from '../../src/types.js'

/** A drawn element and its true box. */
export interface DrawnElement {
  kind: 'input' | 'button' | 'row-button' | 'icon-button' | 'pill' | 'checkbox' | 'cell'
  rect: Rect
  /** the box of its label, when it has one */
  label?: Rect
}

export interface Theme {
  page: string
  ink: string
  muted: string
  border: string
  field: string
  primary: string
  onPrimary: string
  header: string
}

export const light: Theme = {
  page: '#ffffff',
  ink: '#212529',
  muted: '#868e96',
  border: '#ced4da',
  field: '#ffffff',
  primary: '#0d6efd',
  onPrimary: '#ffffff',
  header: '#f1f3f5',
}

export const dark: Theme = {
  page: '#1e1e1e',
  ink: '#e9ecef',
  muted: '#adb5bd',
  border: '#495057',
  field: '#2b2b2b',
  primary: '#3b82f6',
  onPrimary: '#ffffff',
  header: '#343a40',
}

const FONT = 'font-family="DejaVu Sans"'

/**
 * An application-like form drawn from SVG: labelled inputs, filled and outlined buttons, a pill, checkboxes, a table
 * with a button in every row, a toolbar of icon buttons — with the true box of every element.
 */
export async function formScreen(width: number, height: number, theme: Theme = light): Promise<{ png: Buffer; elements: DrawnElement[] }> {
  const t = theme
  const elements: DrawnElement[] = []
  const svg: string[] = [`<rect width="100%" height="100%" fill="${t.page}"/>`]
  const text = (x: number, y: number, s: string, fill: string, size = 14) => svg.push(`<text x="${x}" y="${y}" ${FONT} font-size="${size}" fill="${fill}">${s}</text>`)
  const box = (kind: DrawnElement['kind'], rect: Rect, style: string, label?: { text: string; fill: string; width: number }) => {
    const { x, y, width: w, height: h } = rect
    svg.push(`<rect x="${x + 0.5}" y="${y + 0.5}" width="${w - 1}" height="${h - 1}" ${style}/>`)
    let labelBox: Rect | undefined
    if (label) {
      text(x + 12, y + h / 2 + 5, label.text, label.fill)
      labelBox = { x: x + 12, y: y + h / 2 - 6, width: label.width, height: 12 }
    }
    elements.push({ kind, rect, label: labelBox })
  }

  text(40, 50, 'Dossier patient', t.ink, 22)
  ;['Nom', 'Prénom', 'Date de naissance', 'Téléphone'].forEach((l, i) => {
    const y = 90 + i * 50
    text(40, y + 21, l, t.ink)
    box('input', { x: 200, y, width: 320, height: 32 }, `fill="${t.field}" stroke="${t.border}" rx="4"`, i % 2 ? { text: 'Saisir…', fill: t.muted, width: 50 } : undefined)
  })
  box('button', { x: 200, y: 300, width: 120, height: 36 }, `fill="${t.primary}" rx="6"`, { text: 'Enregistrer', fill: t.onPrimary, width: 80 })
  box('button', { x: 340, y: 300, width: 100, height: 36 }, `fill="none" stroke="${t.muted}" rx="6"`, { text: 'Annuler', fill: t.ink, width: 55 })
  box('pill', { x: 460, y: 302, width: 90, height: 32 }, `fill="${t.header}" stroke="${t.border}" rx="16"`, { text: 'Urgent', fill: t.ink, width: 45 })
  for (let i = 0; i < 2; i++) {
    box('checkbox', { x: 40, y: 460 + i * 30, width: 14, height: 14 }, `fill="${t.field}" stroke="${t.muted}" rx="2"`)
    text(64, 472 + i * 30, i ? 'Allergies connues' : 'Consentement signé', t.ink)
  }
  for (let i = 0; i < 5; i++) {
    box('icon-button', { x: 40 + i * 48, y: 380, width: 36, height: 36 }, `fill="${t.header}" stroke="${t.border}" rx="4"`)
    svg.push(`<circle cx="${58 + i * 48}" cy="398" r="7" fill="none" stroke="${t.ink}" stroke-width="2"/>`)
  }

  const tx = 600
  const ty = 90
  const cols = [160, 200, 120]
  const rh = 40
  for (let r = 0; r < 5; r++) {
    let x = tx
    cols.forEach((cw, c) => {
      const cell = { x, y: ty + r * rh, width: cw + 1, height: rh + 1 }
      svg.push(`<rect x="${x + 0.5}" y="${cell.y + 0.5}" width="${cw}" height="${rh}" fill="${r === 0 ? t.header : t.field}" stroke="${t.border}"/>`)
      if (c < 2) {
        elements.push({ kind: 'cell', rect: cell })
        text(x + 10, cell.y + 25, r === 0 ? `Colonne ${c + 1}` : `Valeur ${r}.${c + 1}`, t.ink, 13)
      } else if (r > 0) {
        box('row-button', { x: x + 20, y: cell.y + 6, width: 80, height: 28 }, `fill="${t.header}" stroke="${t.muted}" rx="4"`, { text: 'Ouvrir', fill: t.ink, width: 45 })
      }
      x += cw
    })
  }
  const doc = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${svg.join('')}</svg>`
  return { png: await sharp(Buffer.from(doc)).png().toBuffer(), elements }
}
