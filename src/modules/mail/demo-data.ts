import { sql } from 'kysely';
import type { AppContext } from '../../context';
import type { DemoRefs } from '../demo/module-demo-data';

/** The demo intake address (requests by mail land in "Arbeitsplatz & Drucker"). */
export async function loadMailDemoData(ctx: AppContext, refs: DemoRefs): Promise<void> {
  void refs;
  const topic = await ctx.db
    .selectFrom('topics')
    .select('id')
    .where('key', '=', 'workplace')
    .executeTakeFirst();
  await ctx.db
    .insertInto('mail_intake_addresses')
    .values({
      address: 'it-support@amtsdesk.example',
      topic_id: topic?.id ?? null,
      unknown_senders: 'createContact',
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  // The demo history is back-dated: its notifications were never due and must not go out on the
  // first start with SMTP_URL set.
  await sql`DELETE FROM outbound_mail WHERE state = 'pending' AND kind LIKE 'ticket.%'`.execute(ctx.db);
}
