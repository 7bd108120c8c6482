import type { RuleSet } from './rules';

// Version 1 of the rulebook: the seed's three process types (§1.1) and rules (§2), as data.
// Admins publish new versions through PUT /api/v1/admin/rulebook; this one is only the start.
export const defaultRuleSet: RuleSet = {
  questions: [
    {
      key: 'broken',
      text: {
        de: 'Funktioniert vorhandene Hard- oder Software nicht (ein Fehler)?',
        en: 'Is existing hardware or software not working (a fault)?',
      },
    },
    {
      key: 'changeRequest',
      text: {
        de: 'Geht es dabei auch um einen Umzug, einen Änderungswunsch oder eine Lizenzerweiterung?',
        en: 'Is it also about a move, a change request or a licence extension?',
      },
    },
    {
      key: 'replacement',
      text: {
        de: 'Soll ein vorhandenes Gerät gleichwertig ersetzt werden (Ersatzbeschaffung)?',
        en: 'Should an existing device be replaced like for like (replacement)?',
      },
    },
    {
      key: 'approvedItem',
      text: {
        de: 'Ist die Beschaffung bereits im IT-Budget ohne Vorbehalt freigegeben?',
        en: 'Is the purchase already approved without reservation in the IT budget?',
      },
    },
    {
      key: 'standardWorkplace',
      text: {
        de: 'Geht es um einen neuen Standardarbeitsplatz?',
        en: 'Is it about a new standard workplace?',
      },
    },
    {
      key: 'specialSoftware',
      text: { de: 'Wird dafür Sondersoftware benötigt?', en: 'Is special software needed for it?' },
    },
    {
      key: 'additionalLicences',
      text: {
        de: 'Werden zusätzliche Lizenzen für eine noch nicht eingeplante Stelle benötigt?',
        en: 'Are additional licences needed for a post not yet planned for?',
      },
    },
    {
      key: 'specialHardware',
      text: {
        de: 'Wird Spezialhardware benötigt, z. B. ein Smartphone?',
        en: 'Is special hardware needed, e.g. a smartphone?',
      },
    },
  ],
  rules: [
    {
      id: 'supportFault',
      when: [
        { question: 'broken', is: true },
        { question: 'changeRequest', is: false },
      ],
      outcome: 'support',
      reason: {
        de: 'Ein Fehler an bestehender Hard- oder Software ist eine Störung: die IT bearbeitet sie als Support-Ticket.',
        en: 'A fault of existing hardware or software is a support case: IT works it as a support ticket.',
      },
      quote:
        'Supportprozess: betrifft ausschließlich Fehler (keine Umzüge, Änderungswünsche & Lizenzerweiterungen) mit bestehender Hardware und Software',
    },
    {
      id: 'orderReplacement',
      when: [{ question: 'replacement', is: true }],
      outcome: 'order',
      reason: {
        de: 'Eine Ersatzbeschaffung bestellen die IT-Budgetverantwortlichen direkt.',
        en: 'A replacement is ordered directly by the budget owner.',
      },
      quote: 'Einfacher Bestellprozess: b1) Ersatzbeschaffungen',
    },
    {
      id: 'orderApprovedItem',
      when: [{ question: 'approvedItem', is: true }],
      outcome: 'order',
      reason: {
        de: 'Im IT-Budget ohne Vorbehalt freigegebene Beschaffungen bestellen die IT-Budgetverantwortlichen direkt.',
        en: 'Items approved without reservation in the IT budget are ordered directly by the budget owner.',
      },
      quote: 'Einfacher Bestellprozess: b2) bereits im IT-Budget ohne Vorbehalt freigegebene Beschaffungen',
    },
    {
      id: 'orderStandardWorkplace',
      when: [
        { question: 'standardWorkplace', is: true },
        { question: 'specialSoftware', is: false },
        { question: 'additionalLicences', is: false },
        { question: 'specialHardware', is: false },
      ],
      outcome: 'order',
      reason: {
        de: 'Ein neuer Standardarbeitsplatz ohne Sonderausstattung ist eine einfache Bestellung.',
        en: 'A new standard workplace without special equipment is a simple order.',
      },
      quote:
        'Einfacher Bestellprozess: b3) Neue Standardarbeitsplätze (keine Sondersoftware, keine zusätzlichen Lizenzen für noch nicht eingeplante Stellen, keine Spezialhardware wie Smartphones etc.)',
    },
    {
      id: 'projectSpecialSoftware',
      when: [
        { question: 'standardWorkplace', is: true },
        { question: 'specialSoftware', is: true },
      ],
      outcome: 'project',
      reason: {
        de: 'Sondersoftware gehört nicht zum Standardarbeitsplatz → Vorhaben mit Vorklärung.',
        en: 'Special software is not part of a standard workplace → project with prior clarification.',
      },
      quote: 'b3) Neue Standardarbeitsplätze (keine Sondersoftware …)',
    },
    {
      id: 'projectAdditionalLicences',
      when: [
        { question: 'standardWorkplace', is: true },
        { question: 'additionalLicences', is: true },
      ],
      outcome: 'project',
      reason: {
        de: 'Zusätzliche Lizenzen für noch nicht eingeplante Stellen → Vorhaben mit Vorklärung.',
        en: 'Additional licences for posts not yet planned for → project with prior clarification.',
      },
      quote:
        'b3) Neue Standardarbeitsplätze (… keine zusätzlichen Lizenzen für noch nicht eingeplante Stellen …)',
    },
    {
      id: 'projectSpecialHardware',
      when: [
        { question: 'standardWorkplace', is: true },
        { question: 'specialHardware', is: true },
      ],
      outcome: 'project',
      reason: {
        de: 'Smartphones sind Spezialhardware → Vorhaben mit Vorklärung.',
        en: 'Smartphones are special hardware → project with prior clarification.',
      },
      quote: 'b3) Neue Standardarbeitsplätze (… keine Spezialhardware wie Smartphones etc.)',
    },
    {
      id: 'projectOther',
      when: [],
      outcome: 'project',
      reason: {
        de: 'Alles, was weder Störung noch einfache Bestellung ist, braucht eine Vorankündigung und Vorklärung durch die IT.',
        en: 'Everything that is neither a fault nor a simple order needs a pre-announcement and clarification by IT.',
      },
      quote:
        '(Mini-)Projekt mit Vorklärungsbedarf: betrifft alle Situationen, die nicht unter a) oder b) fallen (Notfallbestellungen, Lizenzerweiterungen, Zusatzsoftware, neue Hardware, Projekte, Umzüge von Mitarbeitern, Änderung der Arbeitsweise....)',
    },
  ],
  principles: [
    {
      text: 'Software oder Hardware darf unter keinen Umständen ohne Einbezug der IT umgesteckt, ausgesteckt, eingerichtet oder bestellt werden!',
      appliesTo: ['support', 'order', 'project'],
    },
    {
      text: 'Ausstattung darf nicht von einer Stelle auf die andere mitgenommen werden!',
      appliesTo: ['order', 'project'],
    },
    {
      text: 'Organisatorische Prüfungen/Freigaben durch Software veränderter Arbeitsprozesse werden im JF Digitalisierung geklärt.',
      appliesTo: ['project'],
    },
  ],
};
