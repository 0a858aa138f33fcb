import type { TextLine } from './rendered-text.js'

const NAVY = '#1f4e79'
const PANEL = '#e9ecef'
const NOTE = '#f1f3f5'

const menu = ['Accueil', 'Admissions', 'Séjours en cours', 'Mouvements', 'Prescriptions', 'Résultats de biologie', 'Imagerie', 'Comptes rendus', 'Facturation T2A', 'Paramètres']

const fields: [string, string][] = [
  ['Nom de naissance', 'LEFÈVRE'],
  ['Prénom', 'Hélène'],
  ['Date de naissance', '14/07/1958'],
  ['Sexe', 'Féminin'],
  ['N° IPP', '0012458793'],
  ["Date d'entrée", '12/03/2024'],
  ["Heure d'entrée", '14 h 35'],
  ['Unité médicale', "UHCD (unité d'hospitalisation de courte durée)"],
  ["Mode d'entrée", 'Urgences, adressée par le SAMU'],
  ['Médecin responsable', 'Dr Benoît Garçon'],
]

const note = [
  'Patiente de 65 ans admise pour douleur thoracique atypique apparue au repos.',
  'Électrocardiogramme sans sus-décalage du segment ST, troponine initiale négative.',
  "Surveillance scopée prévue en unité d'hospitalisation de courte durée pendant 24 heures.",
  'Hospitalisation de courte durée décidée par le médecin urgentiste à 15 h 10.',
  'Contrôle de la troponine à H3 : stable. Pas de récidive douloureuse.',
  'Sortie envisagée le lendemain matin après avis du cardiologue.',
]

const columns = [1000, 1130, 1240, 1440, 1650]
const table: string[][] = [
  ['Date', 'Heure', 'Acte', 'Intervenant', 'Statut'],
  ['12/03/2024', '14 h 52', 'Prise de sang', 'IDE Sophie Durand', 'Réalisé'],
  ['12/03/2024', '15 h 05', 'Électrocardiogramme', 'Dr Benoît Garçon', 'Réalisé'],
  ['12/03/2024', '17 h 40', 'Troponine H3', 'Laboratoire', 'Validé'],
  ['13/03/2024', '08 h 15', 'Avis cardiologique', 'Dr Amélie Rivière', 'Demandé'],
  ['13/03/2024', '09 h 30', 'Échographie cardiaque', 'Dr Amélie Rivière', 'Programmé'],
]

const button = (text: string, x: number, y: number, width: number, fill: string): TextLine => ({
  text,
  x: x + 14,
  y: y + 21,
  size: 13,
  bold: true,
  fill: '#ffffff',
  background: { rect: { x, y, width, height: 32 }, fill },
})

/**
 * A 1920×1080 French patient-record screen drawn from text only (12–14 px DejaVu Sans): a navy title bar, a menu on a
 * grey panel, a form, a note on a light panel, a table, white-on-colour badges and buttons.
 */
export function clinicalScreen(): { width: number; height: number; lines: TextLine[] } {
  const lines: TextLine[] = [
    { text: 'Dossier patient informatisé — Urgences adultes', x: 24, y: 30, size: 14, bold: true, fill: '#ffffff', background: { rect: { x: 0, y: 0, width: 1920, height: 48 }, fill: NAVY } },
    { text: 'Dr Martin · Déconnexion', x: 1720, y: 30, size: 13, fill: '#ffffff' },
    ...menu.map((text, i): TextLine => ({ text, x: 24, y: 96 + i * 36, size: 13, ...(i === 0 ? { background: { rect: { x: 0, y: 48, width: 260, height: 1032 }, fill: PANEL } } : {}) })),
    ...fields.flatMap(([label, value], i): TextLine[] => [
      { text: label, x: 300, y: 96 + i * 32, size: 13, fill: '#57606a' },
      { text: value, x: 480, y: 96 + i * 32, size: 13 },
    ]),
    button('UHCD', 1000, 72, 70, '#c0392b'),
    button('Priorité 2', 1090, 72, 110, '#d35400'),
    button('Allergie : pénicilline', 1220, 72, 190, '#8e44ad'),
    ...note.map((text, i): TextLine => ({ text, x: 316, y: 470 + i * 26, size: 12, ...(i === 0 ? { background: { rect: { x: 300, y: 440, width: 640, height: 180 }, fill: NOTE } } : {}) })),
    ...table.flatMap((row, r) => row.map((text, c): TextLine => ({ text, x: columns[c], y: 160 + r * 34, size: 13, bold: r === 0 }))),
    button('Valider', 300, 680, 100, '#1f6feb'),
    button('Annuler', 420, 680, 100, '#6e7781'),
    button('Imprimer le compte rendu', 540, 680, 230, '#1f6feb'),
    { text: 'Dernière mise à jour le 13/03/2024 à 09 h 42 par Dr Benoît Garçon', x: 300, y: 1050, size: 12, fill: '#57606a' },
  ]
  return { width: 1920, height: 1080, lines }
}
