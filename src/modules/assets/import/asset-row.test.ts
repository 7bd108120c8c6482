import { describe, expect, it } from 'vitest';
import { validateAssetRow } from './asset-row';

const row = (values: Record<string, string>, short = false) => ({ line: 2, values, short });

describe('validateAssetRow', () => {
  it('maps German types, statuses, dates and prices', () => {
    const { values, errors } = validateAssetRow(
      row({
        inventoryNumber: 'INV-1',
        assetType: 'Notebook',
        status: 'ausgegeben',
        purchaseDate: '15.01.2025',
        purchasePrice: '1.099,00',
        warrantyEnd: '2028-01-14',
      }),
    );
    expect(errors).toEqual([]);
    expect(values).toEqual({
      inventoryNumber: 'INV-1',
      assetType: 'laptop',
      status: 'issued',
      purchaseDate: '2025-01-15',
      purchasePriceCents: 109900,
      warrantyEnd: '2028-01-14',
    });
  });

  it.each([
    [{ hostname: 'PC-1' }, 'missingKey'],
    [{ inventoryNumber: 'X', assetType: 'Toaster' }, 'unknownType'],
    [{ inventoryNumber: 'X', purchaseDate: '31.02.2025' }, 'invalidDate'],
    [{ inventoryNumber: 'X', purchasePrice: 'viel' }, 'invalidPrice'],
    [{ inventoryNumber: 'X', status: 'verloren' }, 'unknownStatus'],
    [{ inventoryNumber: 'X', ticketNumber: '42' }, 'invalidTicketNumber'],
  ])('reports %o as %s', (values, code) => {
    expect(validateAssetRow(row(values)).errors.map((e) => e.code)).toContain(code);
  });

  it('reports a line with fewer cells than the header', () => {
    expect(validateAssetRow(row({ inventoryNumber: 'X' }, true)).errors[0].code).toBe('missingColumns');
  });
});
