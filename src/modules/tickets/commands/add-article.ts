import { sql } from 'kysely';
import type { AppContext } from '../../../context';
import { AppError, forbidden } from '../../../http/errors';
import { recordAudit } from '../../audit/audit-log';
import type { Actor } from '../../auth/actor';
import { afterArticleAdded, type MailOrigin } from '../../mail/ticket-mail';
import { worksTicket } from '../policy';
import { firstState, referenceData } from '../reference-data';
import { addHistory, findVisibleTicket } from '../repository';

export interface AddArticleInput {
  body: string;
  internal: boolean;
  /** set by the mail intake for a reply that came in by mail */
  mail?: MailOrigin;
}

/**
 * A public reply or an internal note. Agents' first public reply records the first response;
 * a requester's reply brings a ticket that waits for them (or was resolved) back to work.
 */
export async function addArticle(ctx: AppContext, actor: Actor, number: string, input: AddArticleInput) {
  // before the transaction: on PGlite's single connection a read outside `trx` would wait forever
  const ref = await referenceData(ctx.db);
  return ctx.db.transaction().execute(async (trx) => {
    const ticket = await findVisibleTicket(trx, actor, number);
    await trx.selectFrom('tickets').select('id').where('id', '=', ticket.id).forUpdate().execute();
    if (ticket.state_type === 'merged') throw new AppError(422, 'ticketMerged');
    // a mail nobody vouched for never speaks as IT, whatever the actor passed in (decision 0009)
    const works = worksTicket(actor, ticket) && input.mail?.senderVerified !== false;
    if (input.internal && !works) throw forbidden();
    const now = new Date();
    const article = await trx
      .insertInto('articles')
      .values({
        ticket_id: ticket.id,
        kind: input.internal ? 'note' : 'reply',
        internal: input.internal,
        sender: works ? 'agent' : 'requester',
        author_id: actor.id,
        body: input.body,
        created_at: now,
        sender_verified: input.mail ? input.mail.senderVerified : null,
      })
      .returning(['id'])
      .executeTakeFirstOrThrow();

    let update = trx
      .updateTable('tickets')
      .set({ updated_at: now, version: sql`version + 1` })
      .where('id', '=', ticket.id);
    if (!input.internal) {
      update = update.set({
        search_vector: sql`search_vector || setweight(to_tsvector('german', ${input.body}), 'C')`,
      });
    }
    if (works && !input.internal && !ticket.first_responded_at)
      update = update.set({ first_responded_at: now });
    if (!works && (ticket.state_type === 'pendingAction' || ticket.state_type === 'closed')) {
      const reopened = firstState(ref, 'open');
      update = update.set({ state_id: reopened.id, state_type: reopened.state_type, resolved_at: null });
      await addHistory(trx, ticket.id, actor.id, [
        { field: 'state', oldValue: ticket.state_key, newValue: reopened.key },
      ]);
    }
    await update.execute();
    await afterArticleAdded(
      trx,
      ctx,
      ticket,
      { id: article.id, authorId: actor.id, authorName: actor.name, byAgent: works, ...input },
      input.mail,
    );
    await recordAudit(
      trx,
      actor,
      input.internal ? 'ticket.note' : 'ticket.reply',
      'ticket',
      ticket.number,
      null,
      {
        articleId: article.id,
        length: input.body.length,
      },
    );
    return article.id;
  });
}
