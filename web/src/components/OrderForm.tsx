import { type FormEvent, useState } from 'react';
import { useResource } from '../hooks/useResource';
import { useT } from '../i18n/I18nProvider';
import { parseEuros } from '../money';
import { Link } from '../router';
import { createOrder, listBudgetLines, type Order } from '../rulebookApi';
import { Field } from './Field';
import { type FormProblem, ProblemAlert, problemFrom } from './ProblemAlert';

/** A simple order (process type b) against one of the caller's budget lines, optionally an approved item. */
export function OrderForm() {
  const t = useT();
  const lines = useResource((signal) => listBudgetLines(signal), 'budget-lines');
  const own = (lines.data?.items ?? []).filter((l) => l.can.order);
  const [values, setValues] = useState({
    line: '',
    item: '',
    quantity: '1',
    title: '',
    amount: '',
    description: '',
  });
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [done, setDone] = useState<Order | null>(null);
  const [busy, setBusy] = useState(false);
  const line = own.find((l) => String(l.id) === values.line) ?? (own.length === 1 ? own[0] : undefined);
  const item = line?.items.find((i) => String(i.id) === values.item);
  const fields = {
    budgetLineId: { id: 'order-line', label: t('budget.line') },
    itemId: { id: 'order-item', label: t('budget.item') },
    quantity: { id: 'order-quantity', label: t('budget.quantity') },
    title: { id: 'order-title', label: t('budget.orderTitle') },
    amount: { id: 'order-amount', label: t('budget.amount') },
    description: { id: 'order-description', label: t('budget.orderDescription') },
  };
  const set = (name: keyof typeof values) => (event: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [name]: event.target.value }));

  if (lines.data && own.length === 0) return <p className="notice">{t('budget.noOwnLines')}</p>;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || !line) return;
    const fieldErrors: Record<string, string> = {};
    const quantity = Number(values.quantity);
    if (!Number.isInteger(quantity) || quantity < 1) fieldErrors.quantity = t('budget.quantityInvalid');
    const amount = item ? undefined : parseEuros(values.amount);
    if (!item && amount === null) fieldErrors.amount = t('budget.amountInvalid');
    if (!item && !values.title.trim()) fieldErrors.title = t('errors.required');
    if (Object.keys(fieldErrors).length) {
      setProblem({ fieldErrors });
      return;
    }
    setBusy(true);
    try {
      const order = await createOrder({
        budgetLineId: line.id,
        quantity,
        ...(item ? { itemId: item.id } : { amount: amount as number, title: values.title.trim() }),
        ...(values.description ? { description: values.description } : {}),
      });
      setProblem(null);
      setDone(order);
      lines.reload();
    } catch (error) {
      setProblem(problemFrom(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="order-heading">
      <h2 id="order-heading">{t('budget.orderHeading')}</h2>
      {done && (
        <div className="notice notice--success" role="status">
          <p>
            {t('budget.ordered', {
              title: done.title,
              amount: done.amountFormatted,
              number: done.ticketNumber ?? '',
            })}
          </p>
          {line && (
            <p>{t('budget.remainingNow', { line: line.code, remaining: line.formatted.remaining })}</p>
          )}
          <p>
            <Link href="/budget">{t('budget.toBudget')}</Link>
          </p>
        </div>
      )}
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        <ProblemAlert problem={problem} fields={fields} />
        <Field {...fields.budgetLineId} error={problem?.fieldErrors.budgetLineId}>
          {(control) => (
            <select {...control} name="line" value={line ? String(line.id) : ''} onChange={set('line')}>
              {own.length > 1 && <option value="">{t('budget.chooseLine')}</option>}
              {own.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.code} – {l.name} ({t('budget.remaining')}: {l.formatted.remaining})
                </option>
              ))}
            </select>
          )}
        </Field>
        {line && line.items.length > 0 && (
          <Field {...fields.itemId} hint={t('budget.itemHint')} error={problem?.fieldErrors.itemId}>
            {(control) => (
              <select {...control} name="item" value={values.item} onChange={set('item')}>
                <option value="">{t('budget.noItem')}</option>
                {line.items.map((i) => (
                  <option key={i.id} value={i.id}>
                    {t('budget.itemOption', {
                      name: i.name,
                      price: i.unitPriceFormatted,
                      left: i.remainingQuantity,
                    })}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field {...fields.quantity} error={problem?.fieldErrors.quantity}>
          {(control) => (
            <input
              {...control}
              name="quantity"
              inputMode="numeric"
              value={values.quantity}
              onChange={set('quantity')}
            />
          )}
        </Field>
        {!item && (
          <>
            <Field {...fields.title} error={problem?.fieldErrors.title}>
              {(control) => (
                <input
                  {...control}
                  name="title"
                  maxLength={150}
                  value={values.title}
                  onChange={set('title')}
                />
              )}
            </Field>
            <Field {...fields.amount} hint={t('budget.amountHint')} error={problem?.fieldErrors.amount}>
              {(control) => (
                <input
                  {...control}
                  name="amount"
                  inputMode="decimal"
                  value={values.amount}
                  onChange={set('amount')}
                />
              )}
            </Field>
          </>
        )}
        <Field {...fields.description} error={problem?.fieldErrors.description}>
          {(control) => (
            <textarea
              {...control}
              name="description"
              rows={3}
              value={values.description}
              onChange={set('description')}
            />
          )}
        </Field>
        <button type="submit" className="button" aria-disabled={busy || undefined}>
          {t('budget.orderSubmit')}
        </button>
      </form>
    </section>
  );
}
