import { html, type Html } from '../html.js'
import type { Patient } from '../patients.js'

/** The line of identity facts shown under a patient's name. */
export function patientFacts(p: Patient): Html {
  const born = p.sex === 'F' ? 'Née le' : 'Né le'
  return html`<div class="facts" data-target="patient-facts">
      <span><b>IPP</b> ${p.ipp}</span>
      <span><b>${born}</b> ${p.birthDate} (${p.age} ans)</span>
      <span><b>Sexe</b> ${p.sex}</span>
      <span><b>Arrivée</b> ${p.arrivalDate} ${p.arrivalTime}</span>
    </div>`
}
