/** "1.234,56", "1234,56", "1234.56" or "1234" (euros) → integer cents, exactly; null when not a valid amount. */
export function parseEuros(input: string): number | null {
  let s = input.replace(/[\s€]/g, '');
  if (s.includes(',')) s = s.replace(/\./g, '').replace(',', '.');
  const m = /^(\d{1,11})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}
