import { BarChart, type BarChartRow } from '../components/BarChart';
import { ProblemAlert } from '../components/ProblemAlert';
import { usePageTitle } from '../hooks/usePageTitle';
import { useResource } from '../hooks/useResource';
import { type Translate, useT } from '../i18n/I18nProvider';
import { type BudgetLine, budgetExportUrl, listBudgetLines } from '../rulebookApi';

/** IT budget overview for budget owners (their lines) and IT heads (all): figures, a bar per line, exports. */
export function BudgetPage() {
  const t = useT();
  usePageTitle(t('budget.title'));
  const lines = useResource((signal) => listBudgetLines(signal), 'budget-page');
  const items = lines.data?.items ?? [];
  return (
    <>
      <h1>{t('budget.title')}</h1>
      <p>{t('budget.intro')}</p>
      <ProblemAlert problem={lines.error && { error: lines.error, fieldErrors: {} }} focus={false} />
      {lines.data && items.length === 0 && <p className="notice">{t('budget.none')}</p>}
      {items.length > 0 && (
        <>
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable so keyboard users can scroll it (axe scrollable-region-focusable) */}
          <section className="table-wrap" aria-label={t('budget.tableCaption')} tabIndex={0}>
            <table>
              <caption>{t('budget.tableCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('budget.line')}</th>
                  <th scope="col">{t('budget.period')}</th>
                  <th scope="col" className="num">
                    {t('budget.planned')}
                  </th>
                  <th scope="col" className="num">
                    {t('budget.approved')}
                  </th>
                  <th scope="col" className="num">
                    {t('budget.committed')}
                  </th>
                  <th scope="col" className="num">
                    {t('budget.spent')}
                  </th>
                  <th scope="col" className="num">
                    {t('budget.remaining')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((l) => (
                  <tr key={l.id} data-line={l.code}>
                    <th scope="row">
                      {l.code}
                      <br />
                      <span className="muted">
                        {l.name} · {l.orgUnit.name} · {t(`budget.purposes.${l.purpose}`)}
                      </span>
                    </th>
                    <td>{l.period.name}</td>
                    <td className="num">{l.formatted.planned}</td>
                    <td className="num">{l.formatted.approved}</td>
                    <td className="num">{l.formatted.committed}</td>
                    <td className="num">{l.formatted.spent}</td>
                    <td className="num remaining">{l.formatted.remaining}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <h2>{t('budget.chart')}</h2>
          <BarChart rows={items.map((l) => budgetBar(l, t))} />
          <h2>{t('budget.items')}</h2>
          <ul>
            {items.flatMap((l) =>
              l.items.map((i) => (
                <li key={i.id}>
                  {t('budget.itemLine', {
                    line: l.code,
                    name: i.name,
                    price: i.unitPriceFormatted,
                    left: i.remainingQuantity,
                    total: i.quantity,
                  })}
                </li>
              )),
            )}
          </ul>
          <h2>{t('budget.export')}</h2>
          <p className="button-row">
            <a className="button button--secondary" href={budgetExportUrl('csv')} download>
              {t('budget.exportCsv')}
            </a>
            <a className="button button--secondary" href={budgetExportUrl('xlsx')} download>
              {t('budget.exportXlsx')}
            </a>
          </p>
        </>
      )}
    </>
  );
}

/** One stacked bar (spent | committed | remaining of approved); the numbers are in the table and in the text. */
function budgetBar(line: BudgetLine, t: Translate): BarChartRow {
  const summary = t('budget.barSummary', {
    line: line.code,
    spent: line.formatted.spent,
    committed: line.formatted.committed,
    remaining: line.formatted.remaining,
    approved: line.formatted.approved,
  });
  return {
    key: line.id,
    summary,
    bars: [
      {
        max: line.approved,
        segments: [
          { value: line.spent, fill: 'solid' },
          { value: line.committed, fill: 'striped' },
        ],
      },
    ],
  };
}
