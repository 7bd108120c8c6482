import { describe, expect, it } from 'vitest';
import { neutraliseCell, neutraliseRow, spreadsheetCsv } from './spreadsheet';

describe('neutraliseCell (OWASP CSV injection)', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'],
    ["+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
    ['-2+3+cmd|x', "'-2+3+cmd|x"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', "'\r=1+1"],
    ['+49 30 1234', "'+49 30 1234"],
    ['-', "'-"],
    // plain signed numbers stay readable numbers
    ['-12.50', '-12.50'],
    ['-1.234,56', '-1.234,56'],
    ['+3', '+3'],
    // ordinary text untouched, also with a formula sign further in
    ['Wohngeld', 'Wohngeld'],
    ['a=b', 'a=b'],
    [' =1+1', ' =1+1'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(neutraliseCell(input)).toBe(expected);
  });

  it('leaves numbers, dates, booleans and empty cells alone', () => {
    const day = new Date('2026-01-02T00:00:00Z');
    expect(neutraliseRow([-12.5, 0, day, true, null, undefined])).toEqual([
      -12.5,
      0,
      day,
      true,
      null,
      undefined,
    ]);
  });

  it('writes CSV with BOM, semicolons and neutralised text', () => {
    expect(
      spreadsheetCsv([
        ['Name', 'Betrag'],
        ['=HYPERLINK("http://x","y")', -12.5],
        ['x', null],
      ]),
    ).toBe('\uFEFFName;Betrag\r\n"\'=HYPERLINK(""http://x"",""y"")";-12.5\r\nx;\r\n');
    expect(spreadsheetCsv([['a', '-3.00']], { recordDelimiter: '\n' })).toBe('\uFEFFa;-3.00\n');
  });
});
