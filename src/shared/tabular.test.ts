import { describe, expect, it } from 'vitest';
import { decodeText, detectDelimiter, parseDate, parseDateTime, parseEuroCents, readTable } from './tabular';

const aliases = {
  serialNumber: ['Seriennummer', 'Serial'],
  hostname: ['Rechnername'],
  location: ['Standort'],
};

describe('reading uploaded tables', () => {
  it('decodes UTF-8 with BOM and falls back to Windows-1252 for Excel exports', () => {
    expect(decodeText(Buffer.from('\uFEFFStraße', 'utf8'))).toEqual({ text: 'Straße', encoding: 'utf-8' });
    const cp1252 = Buffer.from([0x53, 0x74, 0x72, 0x61, 0xdf, 0x65, 0x20, 0x80]); // "Straße €"
    expect(decodeText(cp1252)).toEqual({ text: 'Straße €', encoding: 'windows-1252' });
  });

  it('detects ; , and tab delimiters from the header', () => {
    expect(detectDelimiter('a;b;c\n1,5;2;3')).toBe(';');
    expect(detectDelimiter('a,b,c\n1;2;3')).toBe(',');
    expect(detectDelimiter('a\tb\n1\t2')).toBe('\t');
  });

  it('maps header aliases, keeps line numbers and flags short lines', async () => {
    const csv = Buffer.from(
      'Seriennummer;Rechnername;Standort;Egal\nSN1;PC-1;Raum 1;x\n\nSN2;PC-2\n',
      'latin1',
    );
    const table = await readTable(csv, aliases);
    expect(table.fields).toEqual(['serialNumber', 'hostname', 'location']);
    expect(table.unknownHeaders).toEqual(['Egal']);
    expect(table.rows).toEqual([
      { line: 2, values: { serialNumber: 'SN1', hostname: 'PC-1', location: 'Raum 1' }, short: false },
      { line: 4, values: { serialNumber: 'SN2', hostname: 'PC-2' }, short: true },
    ]);
  });
});

describe('cell parsers', () => {
  it.each([
    ['2026-03-01', '2026-03-01'],
    ['01.03.2026', '2026-03-01'],
    ['1.3.26', '2026-03-01'],
    ['31.02.2026', null],
    ['gestern', null],
  ])('date %s → %s', (input, expected) => expect(parseDate(input)).toBe(expected));

  it.each([
    ['1.234,56', 123456],
    ['1234,5', 123450],
    ['1234.56', 123456],
    ['1,299.00', 129900],
    ['899 €', 89900],
    ['teuer', null],
  ])('price %s → %s cents', (input, expected) => expect(parseEuroCents(input)).toBe(expected));

  it('reads local timestamps of German exports', () => {
    expect(parseDateTime('02.11.2026 08:15')?.getHours()).toBe(8);
    expect(parseDateTime('2026-11-02T07:15:00Z')?.toISOString()).toBe('2026-11-02T07:15:00.000Z');
  });
});
