/*
 * The rule for UHCD stays (arrêté du 19 février 2015 « prestations », art. 12, as amended in 2020): the patient's
 * condition at admission to the UHCD must meet all three criteria; products of the réserve hospitalière administered
 * during the stay justify a GHS on their own.
 */

export type CriterionId = 1 | 2 | 3
export const CRITERION_IDS: readonly CriterionId[] = [1, 2, 3]

/** The three criteria, word for word. */
export const UHCD_CRITERIA: Record<CriterionId, string> = {
  1: "présente une pathologie potentiellement évolutive et susceptible d'aggravation ou dont le diagnostic reste incertain",
  2: "nécessite une surveillance médicale et un environnement paramédical qui ne peuvent être délivrés que dans le cadre d'une hospitalisation",
  3: "nécessite la réalisation d'examens complémentaires ou d'actes thérapeutiques",
}

/** Our French wording of the réserve-hospitalière clause (T2A.md states it in English). */
export const RESERVE_HOSPITALIERE_CLAUSE =
  "l'administration au patient, au cours de son séjour, de produits de la réserve hospitalière justifie à elle seule la facturation d'un GHS"

/** Points of the rule a reader of the record gets wrong without being told. */
export const RULE_NOTES: readonly string[] = [
  "Les trois critères s'apprécient à l'admission en UHCD et sont cumulatifs : tous remplis → GHS ; un seul non rempli → forfait urgence.",
  'La durée du séjour n\'est pas un critère (« quelle que soit la durée de séjour ») ; une sortie rapide (« Sortie à H+2 ») est un élément sur le critère 2, pas une règle.',
  "Le critère 3 ne se limite pas aux actes codés en CCAM.",
  "Hors périmètre : un séjour qui n'est pas un passage en UHCD, ou suivi d'une hospitalisation en MCO dans le même établissement (c'est alors le séjour MCO qui est facturé).",
]

/**
 * What the `rules` provider looks for in the normalised record (lower case, no accents, ' for quotes). `strong` words
 * make a clause evidence for the criterion, `weak` words only rank such clauses, and `refutes` are explicit facts
 * against it.
 */
export interface CriterionVocabulary {
  strong: RegExp
  weak: RegExp
  refutes: RegExp
}

export const RULES_VOCABULARY: Record<CriterionId, CriterionVocabulary> = {
  1: {
    strong:
      /\b(?:risques?|aggravation|s'aggrav\w*|evoluti(?:f|ve)s?|potentiellement|incertaine?s?|douteu(?:x|se)|suspicion|suspect\w*|a eliminer|instable|decompens\w*|retarde\w*|gravite)\b/g,
    weak: /\b(?:anticoagul\w*|hematome|saignement|surveillance|neurologique)\b/g,
    refutes: /\b(?:etat stable|benigne?s?|benins?|sans gravite|diagnostic (?:certain|evident))\b/g,
  },
  2: {
    strong: /\b(?:surveillance|surveill(?:er|ee?s?)|scope\w*|monitor\w*|constantes|reevaluation|rapproche\w*)\b/g,
    weak: /\b(?:neurologique|horaire|ide|infirmi\w*|toutes les|paramedica\w*|medicale)\b/g,
    refutes:
      /\b(?:aucune surveillance|pas de surveillance|sans surveillance|surveillance (?:non|pas) (?:necessaire|requise|indiquee)|sortie (?:a )?h\+[0-3]\b|faute de (?:box|place|lit|brancard)s?|(?:par )?manque de (?:box|place|lit)s?|en attente (?:de|d'un) (?:box|place|lit|transport|ambulance|taxi))/g,
  },
  3: {
    strong:
      /\b(?:examens? complementaires?|scanner|tdm|radio\w*|irm|echograph\w*|bilan|biologi\w*|nfs|ionogramme|troponine|ecg|gaz du sang|prelevement|hemoculture\w*|perfusion|iv|intraveineu\w*|injection|transfusion|oxygen\w*|aerosol\w*|suture|reduction|platre|attelle|strapping|immobilisation|traitement|ponction)\b/g,
    weak: /\b(?:controle|cerebral|g|mg)\b/g,
    refutes:
      /\b(?:aucun examen|pas d'examens?|sans examen|aucun traitement|pas de traitement|aucun acte|aucun soin)\b/g,
  },
}

export const RESERVE_VOCABULARY: CriterionVocabulary = {
  strong: /\breserve hospitaliere\b/g,
  weak: /\b(?:administr\w*|perfus\w*|inject\w*)\b/g,
  refutes: /\b(?:aucun|pas de|sans) (?:produit|medicament)s? (?:de la )?reserve hospitaliere\b/g,
}

/** Vocabulary of the stay's scope, on the normalised record. */
export const SCOPE_VOCABULARY = {
  uhcd: /\b(?:uhcd|unite d'hospitalisation de courte duree|zhtcd|lits? porte)\b/g,
  mcoAdmission:
    /\b(?:hospitalis\w* en (?!uhcd)\w+|mut(?:e|ee|ation) (?:en|vers|dans) (?!uhcd)\w+|transfer\w* (?:en|vers) (?!uhcd)\w+|admission en (?:service|medecine|chirurgie|cardiologie|pneumologie|neurologie|reanimation|soins)|admise? en (?!uhcd)\w+)/g,
  homeDischarge: /\b(?:retour a domicile|sortie (?:a|au) domicile|rad|sortant\w*)\b/g,
}
