import { z } from 'zod';

// The triage rules as data: an ordered decision list. Each rule has conditions on yes/no questions;
// the first rule whose conditions all hold decides the process type. Evaluation is lazy: it asks
// only the questions the rules in front still need, so the Wegweiser asks as few as possible.

export const outcomes = ['support', 'order', 'project'] as const;
export type Outcome = (typeof outcomes)[number];

const text = z.object({ de: z.string().trim().min(1).max(1000), en: z.string().trim().min(1).max(1000) });
const key = z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,49}$/, 'expected an identifier like "broken"');

export const ruleSetSchema = z.strictObject({
  questions: z
    .array(z.strictObject({ key, text, help: text.optional() }))
    .min(1)
    .max(50),
  rules: z
    .array(
      z.strictObject({
        id: key,
        when: z.array(z.strictObject({ question: key, is: z.boolean() })).max(20),
        outcome: z.enum(outcomes),
        reason: text,
        /** the rule text of the seed this rule stands for, quoted to the person */
        quote: z.string().trim().min(1).max(2000),
      }),
    )
    .min(1)
    .max(100),
  /** general principles (seed §2), shown with the outcomes they apply to */
  principles: z
    .array(
      z.strictObject({
        text: z.string().trim().min(1).max(2000),
        appliesTo: z.array(z.enum(outcomes)).min(1),
      }),
    )
    .max(20)
    .default([]),
});
export type RuleSet = z.infer<typeof ruleSetSchema>;
export type Answers = Record<string, boolean>;

/** Semantic checks beyond the shape: every problem as a field path and message. */
export function validateRuleSet(rules: RuleSet): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const questions = new Set<string>();
  rules.questions.forEach((q, i) => {
    if (questions.has(q.key))
      problems.push({ field: `questions.${i}.key`, message: `duplicate question "${q.key}"` });
    questions.add(q.key);
  });
  const ids = new Set<string>();
  const used = new Set<string>();
  rules.rules.forEach((r, i) => {
    if (ids.has(r.id)) problems.push({ field: `rules.${i}.id`, message: `duplicate rule "${r.id}"` });
    ids.add(r.id);
    r.when.forEach((c, j) => {
      used.add(c.question);
      if (!questions.has(c.question))
        problems.push({
          field: `rules.${i}.when.${j}.question`,
          message: `unknown question "${c.question}"`,
        });
    });
  });
  const last = rules.rules[rules.rules.length - 1];
  if (last && last.when.length > 0)
    problems.push({
      field: `rules.${rules.rules.length - 1}.when`,
      message: 'the last rule must have no conditions, so that every path of answers has an outcome',
    });
  rules.rules.slice(0, -1).forEach((r, i) => {
    if (r.when.length === 0)
      problems.push({
        field: `rules.${i}.when`,
        message: 'only the last rule may have no conditions (the rules after it could never apply)',
      });
  });
  for (const q of rules.questions)
    if (!used.has(q.key))
      problems.push({ field: 'questions', message: `question "${q.key}" is not used by any rule` });
  return problems;
}

export type Evaluation =
  | { complete: false; nextQuestion: RuleSet['questions'][number]; asked: string[] }
  | {
      complete: true;
      outcome: Outcome;
      ruleId: string;
      reason: RuleSet['rules'][number]['reason'];
      quote: string;
      principles: string[];
      asked: string[];
    };

/** Pure: the outcome for these answers, or the next question to ask. */
export function evaluate(rules: RuleSet, answers: Answers): Evaluation {
  const asked: string[] = [];
  const note = (q: string) => {
    if (!asked.includes(q)) asked.push(q);
  };
  for (const rule of rules.rules) {
    let holds = true;
    for (const c of rule.when) {
      const answer = answers[c.question];
      if (answer === undefined) {
        const question = rules.questions.find((q) => q.key === c.question);
        if (!question) throw new Error(`rule ${rule.id} asks unknown question ${c.question}`);
        return { complete: false, nextQuestion: question, asked };
      }
      note(c.question);
      if (answer !== c.is) {
        holds = false;
        break;
      }
    }
    if (holds) {
      return {
        complete: true,
        outcome: rule.outcome,
        ruleId: rule.id,
        reason: rule.reason,
        quote: rule.quote,
        principles: rules.principles.filter((p) => p.appliesTo.includes(rule.outcome)).map((p) => p.text),
        asked,
      };
    }
  }
  throw new Error('rule set without a final catch-all rule');
}
