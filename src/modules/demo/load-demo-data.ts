import type { AppContext } from '../../context';
import type { Priority } from '../../db/schema';
import { type Actor, loadActor } from '../auth/actor';
import { buildGroup, buildOrgUnit, buildPerson, buildTopic } from '../org/builders';
import { addArticle } from '../tickets/commands/add-article';
import { createTicket } from '../tickets/commands/create-ticket';
import { updateTicket } from '../tickets/commands/update-ticket';
import { loadModuleDemoData } from './module-demo-data';

export const demoSignIns = [
  { login: 'admin', role: 'Administration' },
  { login: 'sb50', role: 'Sachbearbeitung Amt 50 Soziales' },
  { login: 'sb32', role: 'Sachbearbeitung Amt 32 Ordnung' },
  { login: 'koord50', role: 'Koordination Amt 50' },
  { login: 'budget50', role: 'IT-Budgetverantwortliche Amt 50' },
  { login: 'it-sb', role: 'SB IT (Arbeitsplatz & Drucker, Benutzerkonten)' },
  { login: 'it-al', role: 'IT-Abteilungsleitung' },
  { login: 'digi', role: 'Stabsstelle Digitalisierung' },
] as const;

export const DEMO_PASSWORD = 'demo';

export async function hasDemoData(ctx: AppContext) {
  return Boolean(
    await ctx.db.selectFrom('persons').select('id').where('login', '=', 'admin').executeTakeFirst(),
  );
}

/** The demo municipality "Stadt Musterstadt": org tree, IT groups and topics, accounts and tickets in every state. */
export async function loadDemoData(ctx: AppContext): Promise<{ tickets: number }> {
  const ids = await ctx.db.transaction().execute(async (db) => {
    const city = await buildOrgUnit(db, { name: 'Stadtverwaltung Musterstadt', kind: 'administration' });
    const dez1 = await buildOrgUnit(db, {
      name: 'Dezernat I – Allgemeine Verwaltung und Ordnung',
      kind: 'division',
      code: 'I',
      parentId: city.id,
    });
    const dez2 = await buildOrgUnit(db, {
      name: 'Dezernat II – Soziales und Jugend',
      kind: 'division',
      code: 'II',
      parentId: city.id,
    });
    const it = await buildOrgUnit(db, {
      name: 'Abteilung IT',
      kind: 'department',
      code: 'IT',
      parentId: dez1.id,
    });
    const digiUnit = await buildOrgUnit(db, {
      name: 'Stabsstelle Digitalisierung',
      kind: 'staffUnit',
      code: '04',
      parentId: city.id,
    });
    const amt32 = await buildOrgUnit(db, {
      name: 'Amt 32 Ordnung',
      kind: 'department',
      code: '32',
      parentId: dez1.id,
    });
    const amt50 = await buildOrgUnit(db, {
      name: 'Amt 50 Soziales',
      kind: 'department',
      code: '50',
      parentId: dez2.id,
    });
    const amt50a = await buildOrgUnit(db, {
      name: 'Abteilung 50.1 Grundsicherung',
      kind: 'section',
      code: '50.1',
      parentId: amt50.id,
    });
    const amt50b = await buildOrgUnit(db, {
      name: 'Abteilung 50.2 Wohngeld',
      kind: 'section',
      code: '50.2',
      parentId: amt50.id,
    });
    const itWorkplace = await buildOrgUnit(db, {
      name: 'Sachgebiet IT-Arbeitsplatz',
      kind: 'unit',
      parentId: it.id,
    });
    const itApps = await buildOrgUnit(db, {
      name: 'Sachgebiet Fachverfahren',
      kind: 'unit',
      parentId: it.id,
    });
    const itNet = await buildOrgUnit(db, {
      name: 'Sachgebiet Netze und Telefonie',
      kind: 'unit',
      parentId: it.id,
    });

    const gWorkplace = await buildGroup(db, {
      key: 'workplace',
      name: 'IT – Arbeitsplatz & Drucker',
      orgUnitId: itWorkplace.id,
      isDefault: true,
    });
    const gApps = await buildGroup(db, {
      key: 'applications',
      name: 'IT – Fachverfahren',
      orgUnitId: itApps.id,
    });
    const gNet = await buildGroup(db, {
      key: 'network',
      name: 'IT – Netzwerk & Telefonie',
      orgUnitId: itNet.id,
    });
    const gAccounts = await buildGroup(db, {
      key: 'accounts',
      name: 'IT – Benutzerkonten',
      orgUnitId: itWorkplace.id,
    });
    await buildTopic(db, {
      key: 'workplace',
      nameDe: 'Arbeitsplatz & Drucker',
      nameEn: 'Workplace & printers',
      groupId: gWorkplace.id,
    });
    await buildTopic(db, {
      key: 'applications',
      nameDe: 'Fachverfahren',
      nameEn: 'Specialist applications',
      groupId: gApps.id,
    });
    await buildTopic(db, {
      key: 'network',
      nameDe: 'Netzwerk & Telefonie',
      nameEn: 'Network & telephony',
      groupId: gNet.id,
    });
    await buildTopic(db, {
      key: 'accounts',
      nameDe: 'Benutzerkonten',
      nameEn: 'User accounts',
      groupId: gAccounts.id,
    });

    const p = (
      login: string,
      name: string,
      orgUnitId: number,
      extra: Parameters<typeof buildPerson>[1] = {},
    ) =>
      buildPerson(db, {
        login,
        name,
        orgUnitId,
        email: `${login}@musterstadt.example`,
        password: DEMO_PASSWORD,
        ...extra,
      });
    const admin = await p('admin', 'Andrea Admin', it.id, { roles: [{ role: 'admin' }] });
    const sb50 = await p('sb50', 'Sabine Berger', amt50a.id);
    const sb50b = await p('sb50b', 'Murat Yılmaz', amt50b.id);
    const sb32 = await p('sb32', 'Thomas Krüger', amt32.id);
    const koord50 = await p('koord50', 'Carla Reinhardt', amt50.id, {
      roles: [{ role: 'requester' }, { role: 'coordinator', orgUnitId: amt50.id }],
    });
    const budget50 = await p('budget50', 'Gabriele Gerber', amt50.id, {
      roles: [{ role: 'requester' }, { role: 'budgetOwner', orgUnitId: amt50.id }],
    });
    const itSb = await p('it-sb', 'Jonas Weber', itWorkplace.id, {
      roles: [{ role: 'agent', orgUnitId: it.id }],
      groupIds: [gWorkplace.id, gAccounts.id],
    });
    const itNetP = await p('it-net', 'Nina Schulz', itNet.id, {
      roles: [{ role: 'agent', orgUnitId: it.id }],
      groupIds: [gNet.id],
    });
    const itApp = await p('it-fv', 'Paul Bauer', itApps.id, {
      roles: [{ role: 'agent', orgUnitId: it.id }],
      groupIds: [gApps.id, gWorkplace.id],
    });
    const itAl = await p('it-al', 'Karl Kirsch', it.id, {
      roles: [
        { role: 'agent', orgUnitId: it.id },
        { role: 'itHead', orgUnitId: it.id },
      ],
    });
    const digi = await p('digi', 'Kai Kunz', digiUnit.id, {
      roles: [{ role: 'requester' }, { role: 'digitalisation', orgUnitId: digiUnit.id }],
    });
    return { admin, sb50, sb50b, sb32, koord50, budget50, itSb, itNetP, itApp, itAl, digi };
  });

  const actor = async (id: number) => (await loadActor(ctx.db, id)) as Actor;
  const clerks = [
    await actor(ids.sb50.id),
    await actor(ids.sb50b.id),
    await actor(ids.sb32.id),
    await actor(ids.koord50.id),
    await actor(ids.budget50.id),
  ];
  const agents: Record<string, Actor> = {
    workplace: await actor(ids.itSb.id),
    accounts: await actor(ids.itSb.id),
    network: await actor(ids.itNetP.id),
    applications: await actor(ids.itApp.id),
  };

  const samples: [string, string, string, Priority][] = [
    [
      'Drucker in Raum 204 druckt nicht',
      'Der Netzwerkdrucker im Raum 204 nimmt Aufträge an, druckt aber nichts. Neustart hat nicht geholfen.',
      'workplace',
      'high',
    ],
    [
      'Bildschirm flackert',
      'Mein zweiter Bildschirm flackert seit heute Morgen ständig.',
      'workplace',
      'normal',
    ],
    [
      'Passwort für Fachverfahren OPEN/PROSOZ gesperrt',
      'Nach drei Fehlversuchen ist mein Konto gesperrt. Bitte entsperren.',
      'accounts',
      'high',
    ],
    ['Telefon ohne Freizeichen', 'Das Tischtelefon in Zimmer 112 hat kein Freizeichen.', 'network', 'normal'],
    [
      'WLAN im Besprechungsraum langsam',
      'Im großen Besprechungsraum bricht die Verbindung während Videokonferenzen ab.',
      'network',
      'low',
    ],
    [
      'Wohngeldverfahren stürzt beim Bescheiddruck ab',
      'Beim Drucken eines Bescheids beendet sich das Fachverfahren ohne Meldung.',
      'applications',
      'critical',
    ],
    [
      'Scanner speichert nicht in die E-Akte',
      'Der Scan-to-Folder-Ordner ist nicht erreichbar.',
      'workplace',
      'normal',
    ],
    [
      'Neues Konto für Auszubildende',
      'Ab 1. des Monats beginnt eine Auszubildende, bitte Konto anlegen.',
      'accounts',
      'low',
    ],
    [
      'Outlook-Kalender wird nicht synchronisiert',
      'Termine aus dem Kalender erscheinen nicht auf dem Diensthandy.',
      'workplace',
      'normal',
    ],
    [
      'Fachverfahren: Schnittstelle zur Kasse meldet Fehler',
      'Die Übergabe an das Kassenverfahren bricht mit Fehler 500 ab.',
      'applications',
      'high',
    ],
    [
      'Drucker Raum 015 Papierstau-Meldung',
      'Meldung Papierstau, obwohl kein Papier klemmt.',
      'workplace',
      'low',
    ],
    [
      'VPN-Verbindung im Homeoffice bricht ab',
      'Die VPN-Verbindung trennt sich alle 10 Minuten.',
      'network',
      'high',
    ],
  ];
  // lifecycle endings, so the demo shows every state
  const endings = [
    'new',
    'assigned',
    'inProgress',
    'waitingForRequester',
    'waitingForThirdParty',
    'resolved',
    'closed',
  ] as const;
  const day = 86_400_000;
  let count = 0;
  for (let i = 0; i < 36; i++) {
    const [title, description, topic, priority] = samples[i % samples.length];
    const requester = clerks[i % clerks.length];
    const createdAt = new Date(Date.now() - (21 - (i % 21)) * day - (i % 7) * 3_600_000);
    const number = await createTicket(ctx, requester, { title, description, topic, priority, createdAt });
    count++;
    const ending = endings[i % endings.length];
    if (ending === 'new') continue;
    const agent = agents[topic];
    // the demo is the only writer: read the current version right before each change
    const patch = async (body: Omit<Parameters<typeof updateTicket>[3], 'version'>) => {
      const { version } = await ctx.db
        .selectFrom('tickets')
        .select('version')
        .where('number', '=', number)
        .executeTakeFirstOrThrow();
      await updateTicket(ctx, agent, number, { version, ...body });
    };
    const reply = (body: string, internal = false) => addArticle(ctx, agent, number, { body, internal });
    await patch({ assigneeId: agent.id });
    if (ending === 'assigned') continue;
    await patch({ state: 'inProgress' });
    await reply('Guten Tag, wir haben Ihre Meldung erhalten und kümmern uns darum.');
    await reply('Intern: Ersatzteil ggf. beim Rahmenvertragspartner bestellen.', true);
    if (ending === 'inProgress') continue;
    if (ending === 'waitingForRequester') {
      await reply('Können Sie uns bitte die Inventarnummer des Geräts nennen?');
      await patch({ state: 'waitingForRequester' });
      continue;
    }
    if (ending === 'waitingForThirdParty') {
      await patch({ state: 'waitingForThirdParty' });
      continue;
    }
    await reply('Das Problem ist behoben. Bitte melden Sie sich, falls es erneut auftritt.');
    await patch({ state: 'resolved' });
    if (ending === 'closed') await patch({ state: 'closed' });
  }
  await loadModuleDemoData(ctx);
  return { tickets: count };
}
