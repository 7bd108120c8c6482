import type { AppContext } from '../../context';
import { type Actor, loadActor } from '../auth/actor';
import type { DemoRefs } from '../demo/module-demo-data';
import { routeTicket } from '../rulebook/commands/route-ticket';
import { rulebookTicketInput } from '../rulebook/pre-announcement';
import { createTicket } from '../tickets/commands/create-ticket';
import { buildBudgetLine, buildBudgetPeriod } from './builders';
import { createOrder } from './commands/create-order';
import { updateOrderState } from './commands/update-order';

/**
 * Demo of the rulebook and the IT budget: DHH 2026/27 with lines for Amt 50 (one with the approved
 * item "Ersatz-Notebook Standard"), a few orders, and project pre-announcements of Amt 50 — one routed
 * to the IT committee and one to the digitalisation committee (open agenda proposals), one still
 * waiting for IT's answer.
 */
export async function loadBudgetDemoData(ctx: AppContext, refs: DemoRefs): Promise<void> {
  const amt50 = refs.orgUnit('50');
  const lines = await ctx.db.transaction().execute(async (trx) => {
    const period = await buildBudgetPeriod(trx, { name: 'DHH 2026/27', firstYear: 2026, lastYear: 2027 });
    const invest = await buildBudgetLine(trx, {
      periodId: period.id,
      orgUnitId: amt50,
      code: '50-IT-INV',
      name: 'IT-Ausstattung Amt 50 (Investitionen)',
      purpose: 'investment',
      years: [
        { year: 2026, plannedCents: 4_000_000 },
        { year: 2027, plannedCents: 3_500_000 },
      ],
      items: [
        { name: 'Ersatz-Notebook Standard', unitPriceCents: 120_000, quantity: 12 },
        { name: 'Dockingstation mit zwei Monitoren', unitPriceCents: 65_000, quantity: 8 },
      ],
    });
    const consumptive = await buildBudgetLine(trx, {
      periodId: period.id,
      orgUnitId: amt50,
      code: '50-IT-KONS',
      name: 'Software und Verbrauchsmaterial Amt 50',
      purpose: 'consumptive',
      years: [
        { year: 2026, plannedCents: 1_500_000, approvedCents: 1_200_000 },
        { year: 2027, plannedCents: 1_500_000, approvedCents: 1_200_000 },
      ],
    });
    await buildBudgetLine(trx, {
      periodId: period.id,
      orgUnitId: refs.orgUnit('32'),
      code: '32-IT-INV',
      name: 'IT-Ausstattung Amt 32 (Investitionen)',
      purpose: 'investment',
      years: [
        { year: 2026, plannedCents: 2_000_000 },
        { year: 2027, plannedCents: 2_000_000 },
      ],
      items: [{ name: 'Ersatz-Notebook Standard', unitPriceCents: 120_000, quantity: 6 }],
    });
    return { invest, consumptive };
  });

  const actor = async (login: string) => (await loadActor(ctx.db, refs.person(login))) as Actor;
  const budget50 = await actor('budget50');
  const itSb = await actor('it-sb');
  const notebooks = await createOrder(ctx, budget50, {
    budgetLineId: lines.invest.id,
    itemId: lines.invest.items[0].id,
    quantity: 2,
    description: 'Ersatz für zwei defekte Notebooks in Abteilung 50.1',
  });
  await updateOrderState(ctx, itSb, notebooks.orderId, 'spent');
  await createOrder(ctx, budget50, {
    budgetLineId: lines.consumptive.id,
    amount: 249_000,
    quantity: 1,
    title: 'Verlängerung Lizenzen Bürosoftware (30 Plätze)',
    kind: 'replacement',
  });

  const koord50 = await actor('koord50');
  const announce = async (
    title: string,
    description: string,
    urgency: 'itCommittee' | 'digitalisation',
    sketch?: string,
  ) =>
    createTicket(
      ctx,
      koord50,
      await rulebookTicketInput(ctx, koord50, {
        title,
        description: '',
        priority: 'normal',
        processType: 'project',
        preAnnouncement: { description, urgency, technicalSketch: sketch },
      }),
    );
  const phones = await announce(
    'Diensthandys für den Außendienst der Wohngeldstelle',
    'Die Kolleginnen im Außendienst brauchen für Hausbesuche erreichbare Diensthandys mit Kalender.',
    'itCommittee',
    '5 Smartphones mit MDM-Anbindung, 5 Mobilfunkverträge',
  );
  await routeTicket(ctx, itSb, phones, {
    decision: 'itCommittee',
    reason: 'Smartphones sind Spezialhardware; Geräteauswahl und Verträge im JF IT/50 klären.',
  });
  const eAkte = await announce(
    'Digitale Antragsannahme Grundsicherung',
    'Anträge sollen online eingehen und direkt in die E-Akte übernommen werden.',
    'digitalisation',
    'Onlinedienst + Schnittstelle zur E-Akte',
  );
  await routeTicket(ctx, itSb, eAkte, {
    decision: 'digitalisation',
    reason: 'Veränderter Arbeitsprozess: organisatorische Klärung im JF Digitalisierung/50.',
  });
  await announce(
    'Zusätzliche Drucker für das Bürgerbüro Soziales',
    'Im neuen Bürgerbüro fehlen Drucker für die Ausgabe von Bescheiden.',
    'itCommittee',
    '3 zusätzliche Netzwerkdrucker',
  );
}
