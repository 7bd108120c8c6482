import type { AppContext } from '../../context';
import { recordAudit } from '../audit/audit-log';
import type { DemoRefs } from '../demo/module-demo-data';
import { buildPosition } from '../positions/builders';
import type { PositionType } from '../positions/tables';
import { buildAsset } from './builders';
import type { AssetStatus, AssetType } from './tables';

interface DemoPosition {
  number: string;
  unit: string;
  title: string;
  type?: PositionType;
  holders?: { login: string; share?: number; from?: string }[];
}

// The staff plan of the demo city (Stellenplannummern: Amt.Abteilung.laufende Nummer)
const positions: DemoPosition[] = [
  { number: '50.0.001', unit: '50', title: 'Amtsleitung Soziales' },
  {
    number: '50.0.002',
    unit: '50',
    title: 'IT-Koordination Amt 50',
    type: 'mobileWorkplace',
    holders: [{ login: 'koord50' }],
  },
  { number: '50.0.003', unit: '50', title: 'Haushalt und IT-Budget', holders: [{ login: 'budget50' }] },
  { number: '50.1.001', unit: '50.1', title: 'Abteilungsleitung Grundsicherung' },
  {
    number: '50.1.003',
    unit: '50.1',
    title: 'Sachbearbeitung Grundsicherung',
    holders: [{ login: 'sb50', from: '2023-04-01' }],
  },
  { number: '50.1.004', unit: '50.1', title: 'Sachbearbeitung Grundsicherung' },
  { number: '50.1.010', unit: '50.1', title: 'Außendienst Hilfe zur Pflege', type: 'mobileWorkplace' },
  { number: '50.2.001', unit: '50.2', title: 'Sachbearbeitung Wohngeld', holders: [{ login: 'sb50b' }] },
  {
    number: '50.2.002',
    unit: '50.2',
    title: 'Sachbearbeitung Wohngeld (Teilzeit)',
    type: 'specialistWorkplace',
  },
  { number: '32.1.001', unit: '32', title: 'Sachbearbeitung Bußgeldstelle', holders: [{ login: 'sb32' }] },
  {
    number: '04.0.001',
    unit: '04',
    title: 'Digitalisierungsmanagement',
    type: 'mobileWorkplace',
    holders: [{ login: 'digi' }],
  },
  {
    number: 'IT.1.001',
    unit: 'IT',
    title: 'IT-Arbeitsplatzbetreuung',
    type: 'mobileWorkplace',
    holders: [{ login: 'it-sb' }],
  },
  {
    number: 'IT.1.002',
    unit: 'IT',
    title: 'Netze und Telefonie',
    type: 'mobileWorkplace',
    holders: [{ login: 'it-net' }],
  },
  { number: 'IT.1.003', unit: 'IT', title: 'Fachverfahrensbetreuung', holders: [{ login: 'it-fv' }] },
  {
    number: 'IT.0.001',
    unit: 'IT',
    title: 'Leitung IT',
    type: 'mobileWorkplace',
    holders: [{ login: 'it-al' }],
  },
];

type DemoAsset = [
  inventoryNumber: string,
  type: AssetType,
  model: string,
  position: string | null,
  status?: AssetStatus,
];

const assets: DemoAsset[] = [
  ['MS-2023-0101', 'laptop', 'Dell Latitude 5440', '50.1.003'],
  ['MS-2023-0102', 'dockingStation', 'Dell WD19S', '50.1.003'],
  ['MS-2023-0103', 'monitor', 'Dell P2423', '50.1.003'],
  ['MS-2023-0104', 'monitor', 'Dell P2423', '50.1.003'],
  ['MS-2023-0105', 'deskPhone', 'Unify CP400', '50.1.003'],
  ['MS-2024-0201', 'laptop', 'Dell Latitude 5440', '50.2.001'],
  ['MS-2024-0202', 'monitor', 'Dell P2423', '50.2.001'],
  ['MS-2024-0203', 'headset', 'Jabra Evolve2 40', '50.2.001'],
  ['MS-2024-0301', 'laptop', 'Lenovo ThinkPad T14', '50.0.002'],
  ['MS-2024-0302', 'smartphone', 'Samsung Galaxy A55', '50.0.002'],
  ['MS-2022-0401', 'laptop', 'Dell Latitude 5430', '50.1.004'],
  ['MS-2024-0501', 'desktop', 'Fujitsu Esprimo G9012', '32.1.001'],
  ['MS-2024-0502', 'monitor', 'Eizo EV2460', '32.1.001'],
  ['MS-2025-0601', 'laptop', 'Lenovo ThinkPad T14', 'IT.1.001'],
  ['MS-2025-0602', 'smartphone', 'Apple iPhone 15', 'IT.1.001'],
  ['MS-2025-0701', 'smartphone', 'Samsung Galaxy A55', null],
  ['MS-2025-0702', 'smartphone', 'Samsung Galaxy A55', null],
  ['MS-2025-0703', 'laptop', 'Dell Latitude 5450', null],
  ['MS-2025-0704', 'monitor', 'Dell P2425', null, 'ordered'],
  ['MS-2019-0801', 'laptop', 'Dell Latitude 5400', null, 'retired'],
];

/** Positions in the staff plan of Amt 50 and elsewhere, their holders, and equipment on positions. */
export async function loadAssetDemoData(ctx: AppContext, refs: DemoRefs) {
  await ctx.db.transaction().execute(async (trx) => {
    const ids = new Map<string, number>();
    for (const p of positions) {
      const built = await buildPosition(trx, {
        orgUnitId: refs.orgUnit(p.unit),
        positionNumber: p.number,
        title: p.title,
        positionType: p.type,
        holders: p.holders?.map((h) => ({
          personId: refs.person(h.login),
          validFrom: h.from ?? '2022-01-01',
          sharePercent: h.share,
        })),
      });
      ids.set(p.number, built.id);
    }
    let n = 0;
    for (const [inventoryNumber, type, model, position, status] of assets) {
      const year = Number(inventoryNumber.slice(3, 7));
      await buildAsset(trx, {
        inventoryNumber,
        type,
        manufacturer: model.split(' ')[0],
        model,
        serialNumber: `SN${year}${String(++n).padStart(5, '0')}`,
        hostname: type === 'laptop' || type === 'desktop' ? `MS-PC-${inventoryNumber.slice(-4)}` : null,
        positionId: position ? (ids.get(position) as number) : null,
        status,
        warrantyEnd: `${year + 4}-06-30`,
        purchasePriceCents: type === 'laptop' ? 119900 : type === 'smartphone' ? 39900 : 24900,
        source: 'demo',
      });
    }
    await recordAudit(trx, null, 'demo.positionsAndAssets', 'demo', null, null, {
      positions: positions.length,
      assets: assets.length,
    });
  });
}
