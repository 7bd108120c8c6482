import type { AppContext } from '../../context';
import type { DemoRefs } from '../demo/module-demo-data';

type Demo = {
  name: string;
  vendor: string;
  purpose: string;
  model: 'departmentFull' | 'departmentWithItOperations' | 'shared' | 'itOperated' | 'itFull';
  owner: string;
  business?: string;
  itContact?: string;
  group?: string;
  licences?: [count: number, used: number, renewal: string];
  criticality?: 'low' | 'normal' | 'high' | 'critical';
};

// Realistic municipal software across all five responsibility models
const register: Demo[] = [
  {
    name: 'PROSOZ 14plus',
    vendor: 'PROSOZ Herten',
    purpose: 'Sozialhilfe nach SGB XII: Antrag, Berechnung, Bescheid, Zahlbarmachung',
    model: 'itOperated',
    owner: '50',
    business: '50.1.001',
    itContact: 'IT.1.003',
    group: 'applications',
    licences: [40, 34, '2027-12-31'],
    criticality: 'critical',
  },
  {
    name: 'OPEN/PROSOZ',
    vendor: 'PROSOZ Herten',
    purpose: 'Grundsicherung im Alter und bei Erwerbsminderung',
    model: 'shared',
    owner: '50.1',
    business: '50.1.003',
    itContact: 'IT.1.003',
    group: 'applications',
    licences: [25, 21, '2027-12-31'],
    criticality: 'high',
  },
  {
    name: 'Wohngeldverfahren WoGG',
    vendor: 'Dataport',
    purpose: 'Wohngeld: Antrag, Berechnung und Bescheid, Datenabgleich',
    model: 'departmentWithItOperations',
    owner: '50.2',
    business: '50.2.001',
    group: 'applications',
    licences: [12, 9, '2026-12-31'],
    criticality: 'high',
  },
  {
    name: 'e-Akte (d.velop documents)',
    vendor: 'd.velop',
    purpose: 'Elektronische Akte und Vorgangsbearbeitung der gesamten Verwaltung',
    model: 'itFull',
    owner: '04',
    business: '04.0.001',
    itContact: 'IT.1.003',
    group: 'applications',
    licences: [600, 512, '2028-03-31'],
    criticality: 'critical',
  },
  {
    name: 'OK.VORN',
    vendor: 'AKDB',
    purpose: 'Ordnungswidrigkeitenverfahren (Bußgeldstelle)',
    model: 'itOperated',
    owner: '32',
    business: '32.1.001',
    itContact: 'IT.1.003',
    group: 'applications',
    licences: [15, 11, '2027-06-30'],
    criticality: 'high',
  },
  {
    name: 'VOIS|MESO',
    vendor: 'HSH Soft- und Hardware',
    purpose: 'Einwohnermeldewesen',
    model: 'itFull',
    owner: '32',
    group: 'applications',
    licences: [20, 18, '2027-12-31'],
    criticality: 'critical',
  },
  {
    name: 'Sitzungsdienst SD.NET',
    vendor: 'Sternberg',
    purpose: 'Gremien, Sitzungen, Vorlagen und Ratsinformationssystem',
    model: 'shared',
    owner: '04',
    business: '04.0.001',
    group: 'applications',
    licences: [50, 44, '2026-09-30'],
  },
  {
    name: 'Statistik und Sozialplanung (SPSS)',
    vendor: 'IBM',
    purpose: 'Auswertungen der Sozialplanung',
    model: 'departmentFull',
    owner: '50',
    business: '50.0.001',
    licences: [3, 2, '2026-12-31'],
    criticality: 'low',
  },
  {
    name: 'Hilfeplanung Pflege (Excel-Fachanwendung)',
    vendor: 'Eigenentwicklung Amt 50',
    purpose: 'Hilfeplanung im Außendienst',
    model: 'departmentFull',
    owner: '50.1',
    business: '50.1.010',
    criticality: 'low',
  },
  {
    name: 'Telefonanlage (Unify OpenScape)',
    vendor: 'Unify',
    purpose: 'Telefonie, Rufumleitung, Voicemail',
    model: 'itFull',
    owner: 'IT',
    itContact: 'IT.1.002',
    group: 'network',
    criticality: 'high',
  },
];

export async function loadApplicationDemoData(ctx: AppContext, refs: DemoRefs) {
  const groups = await ctx.db.selectFrom('groups').select(['id', 'key']).execute();
  const positions = await ctx.db.selectFrom('positions').select(['id', 'position_number']).execute();
  const groupId = (key?: string) => (key ? (groups.find((g) => g.key === key)?.id ?? null) : null);
  const positionId = (n?: string) =>
    n ? (positions.find((p) => p.position_number === n)?.id ?? null) : null;
  await ctx.db
    .insertInto('applications')
    .values(
      register.map((a) => ({
        name: a.name,
        vendor: a.vendor,
        purpose: a.purpose,
        responsibility_model_key: a.model,
        owner_org_unit_id: refs.orgUnit(a.owner),
        business_contact_position_id: positionId(a.business),
        it_group_id: groupId(a.group),
        it_contact_position_id: positionId(a.itContact),
        licence_count: a.licences?.[0] ?? null,
        licences_used: a.licences?.[1] ?? null,
        licence_renewal_on: a.licences?.[2] ?? null,
        criticality: a.criticality ?? 'normal',
      })),
    )
    .execute();
}
