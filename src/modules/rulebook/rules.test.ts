import { describe, expect, it } from 'vitest';
import { defaultRuleSet } from './default-rules';
import { type Answers, evaluate, ruleSetSchema, validateRuleSet } from './rules';

const no = false;
const yes = true;

// Every case of the seed's §1.1 list, as the answers a person gives in the Wegweiser.
const cases: [string, Answers, 'support' | 'order' | 'project', string][] = [
  ['a) fault of existing hardware', { broken: yes, changeRequest: no }, 'support', 'supportFault'],
  // a) "keine Umzüge, Änderungswünsche & Lizenzerweiterungen": a fault combined with a change is not support
  [
    'a) excluded: fault with a move/change/licence extension',
    { broken: yes, changeRequest: yes, replacement: no, approvedItem: no, standardWorkplace: no },
    'project',
    'projectOther',
  ],
  ['b1) replacement', { broken: no, replacement: yes }, 'order', 'orderReplacement'],
  [
    'b1) replacement of a broken device with a change',
    { broken: yes, changeRequest: yes, replacement: yes },
    'order',
    'orderReplacement',
  ],
  [
    'b2) approved in the IT budget',
    { broken: no, replacement: no, approvedItem: yes },
    'order',
    'orderApprovedItem',
  ],
  [
    'b3) new standard workplace without extras',
    {
      broken: no,
      replacement: no,
      approvedItem: no,
      standardWorkplace: yes,
      specialSoftware: no,
      additionalLicences: no,
      specialHardware: no,
    },
    'order',
    'orderStandardWorkplace',
  ],
  [
    'b3 keine Sondersoftware',
    { broken: no, replacement: no, approvedItem: no, standardWorkplace: yes, specialSoftware: yes },
    'project',
    'projectSpecialSoftware',
  ],
  [
    'b3 keine zusätzlichen Lizenzen für noch nicht eingeplante Stellen',
    {
      broken: no,
      replacement: no,
      approvedItem: no,
      standardWorkplace: yes,
      specialSoftware: no,
      additionalLicences: yes,
    },
    'project',
    'projectAdditionalLicences',
  ],
  [
    'b3 keine Spezialhardware wie Smartphones',
    {
      broken: no,
      replacement: no,
      approvedItem: no,
      standardWorkplace: yes,
      specialSoftware: no,
      additionalLicences: no,
      specialHardware: yes,
    },
    'project',
    'projectSpecialHardware',
  ],
  [
    'c) new hardware / emergency order / additional software / move',
    { broken: no, replacement: no, approvedItem: no, standardWorkplace: no },
    'project',
    'projectOther',
  ],
];

describe('Wegweiser rules of the seed (§1.1)', () => {
  it('the default rule set is valid', () => {
    expect(ruleSetSchema.parse(defaultRuleSet)).toBeTruthy();
    expect(validateRuleSet(defaultRuleSet)).toEqual([]);
  });

  it.each(cases)('%s', (_name, answers, outcome, ruleId) => {
    const result = evaluate(defaultRuleSet, answers);
    expect(result.complete).toBe(true);
    if (!result.complete) return;
    expect(result.outcome).toBe(outcome);
    expect(result.ruleId).toBe(ruleId);
    expect(result.quote.length).toBeGreaterThan(10);
    // every answer given was needed (no question asked in vain)
    expect(result.asked.sort()).toEqual(Object.keys(answers).sort());
  });

  it('quotes the smartphone rule and the seed principle that IT is always involved', () => {
    const r = evaluate(defaultRuleSet, cases[8][1]);
    if (!r.complete) throw new Error('incomplete');
    expect(r.reason.de).toBe('Smartphones sind Spezialhardware → Vorhaben mit Vorklärung.');
    expect(r.quote).toContain('keine Spezialhardware wie Smartphones');
    expect(r.principles[0]).toContain('ohne Einbezug der IT');
  });

  it('asks the next needed question, one at a time', () => {
    const steps: [Answers, string][] = [
      [{}, 'broken'],
      [{ broken: yes }, 'changeRequest'],
      [{ broken: no }, 'replacement'],
      [{ broken: no, replacement: no }, 'approvedItem'],
      [{ broken: no, replacement: no, approvedItem: no }, 'standardWorkplace'],
      [{ broken: no, replacement: no, approvedItem: no, standardWorkplace: yes }, 'specialSoftware'],
    ];
    for (const [answers, next] of steps) {
      const r = evaluate(defaultRuleSet, answers);
      expect(r.complete).toBe(false);
      if (!r.complete) expect(r.nextQuestion.key).toBe(next);
    }
  });

  it('rejects rule sets with unknown questions, duplicates or without a catch-all', () => {
    const broken = structuredClone(defaultRuleSet);
    broken.rules[0].when[0].question = 'nope';
    broken.rules.pop();
    broken.rules.push(structuredClone(broken.rules[0]));
    const problems = validateRuleSet(broken).map((p) => p.message);
    expect(problems).toEqual(
      expect.arrayContaining([
        'unknown question "nope"',
        'duplicate rule "supportFault"',
        'the last rule must have no conditions, so that every path of answers has an outcome',
      ]),
    );
  });
});
