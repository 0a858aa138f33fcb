import sharp from 'sharp'
import type { Rect } from '@rpa-vision/contracts'

/** A small application screen drawn with sharp: a title in big type and labelled buttons at known places. */
export interface SyntheticScreen {
  png: Buffer
  width: number
  height: number
  title: { text: string; rect: Rect }
  buttons: Record<ButtonLabel, Rect>
}

export const BUTTON_LABELS = ['Valider', 'Annuler', 'Imprimer', 'Rechercher'] as const
export type ButtonLabel = (typeof BUTTON_LABELS)[number]

const WIDTH = 960
const HEIGHT = 540
const TITLE = { text: 'Dossier patient', rect: { x: 20, y: 20, width: 460, height: 70 } }

function buttonRect(i: number): Rect {
  return { x: 60 + i * 220, y: 240 + (i % 2) * 120, width: 180, height: 56 }
}

export async function syntheticScreen(): Promise<SyntheticScreen> {
  const buttons = Object.fromEntries(BUTTON_LABELS.map((label, i) => [label, buttonRect(i)])) as Record<ButtonLabel, Rect>
  const drawn = BUTTON_LABELS.map((label) => {
    const r = buttons[label]
    return `<rect x="${r.x}" y="${r.y}" width="${r.width}" height="${r.height}" rx="6" fill="#1f6feb"/>` +
      `<text x="${r.x + 18}" y="${r.y + 38}" font-family="DejaVu Sans" font-size="26" fill="#ffffff">${label}</text>`
  })
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}">` +
    '<rect width="100%" height="100%" fill="#f4f6f8"/>' +
    `<text x="40" y="70" font-family="DejaVu Sans" font-size="40" fill="#111111">${TITLE.text}</text>${drawn.join('')}</svg>`
  return { png: await sharp(Buffer.from(svg)).png().toBuffer(), width: WIDTH, height: HEIGHT, title: TITLE, buttons }
}

/** A part of an image, as a PNG: an anchor cut from a screen. */
export function cropPng(png: Buffer, r: Rect): Promise<Buffer> {
  return sharp(png).extract({ left: r.x, top: r.y, width: r.width, height: r.height }).png().toBuffer()
}

export function centreOf(r: Rect): { x: number; y: number } {
  return { x: Math.round(r.x + r.width / 2), y: Math.round(r.y + r.height / 2) }
}
