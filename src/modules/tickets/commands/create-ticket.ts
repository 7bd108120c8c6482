import { type Kysely, sql, type Transaction } from 'kysely';
import type { AppContext } from '../../../context';
import { queryPrepared } from '../../../db/prepared';
import type { DB, Priority, ProcessType } from '../../../db/schema';
import { auditRow } from '../../audit/audit-log';
import type { Actor } from '../../auth/actor';
import { outboundMailValues } from '../../mail/outbox';
import {
  afterMailTicketCreated,
  type MailOrigin,
  mailRecipient,
  ticketAcknowledgement,
} from '../../mail/ticket-mail';
import { firstState, type ReferenceData, referenceData, topicByKey } from '../reference-data';
import type { TicketRow } from '../repository';
import { computeDueTimes, findServiceTarget } from '../service-targets';

export interface CreateTicketInput {
  title: string;
  description: string;
  topic?: string;
  priority: Priority;
  processType?: ProcessType;
  /** IT staff may file on behalf of someone else; default: the caller */
  requesterId?: number;
  createdAt?: Date;
  /** set by the mail intake for a ticket that came in by mail */
  mail?: MailOrigin;
  /** module-specific rows written in the ticket's transaction (pre-announcement, order, triage) */
  afterInsert?: (trx: Transaction<DB>, ticket: { id: number; number: string }) => Promise<void>;
}

export interface CreatedTicket {
  /** the ticket as the insert wrote it, with the names a summary needs */
  row: TicketRow;
  /** afterInsert or a mail origin wrote more rows: the ticket may have changed after the insert */
  extended: boolean;
  reference: ReferenceData;
}

// one formatter per process: building an Intl.DateTimeFormat costs ~0.25 ms, which showed per ticket
const berlinYearFormat = new Intl.DateTimeFormat('en', { timeZone: 'Europe/Berlin', year: 'numeric' });
const berlinYear = (d: Date) => Number(berlinYearFormat.format(d));

/** New ticket; returns its number. */
export async function createTicket(ctx: AppContext, actor: Actor, input: CreateTicketInput): Promise<string> {
  return (await createTicketReturningRow(ctx, actor, input)).row.number;
}

/**
 * New ticket: number, responsible group by topic, due times by service target.
 *
 * The ticket, its history row, the audit row and the acknowledgement mail are written by one
 * `INSERT … WITH` statement, which also returns the written row. One statement is atomic
 * on its own: a plain creation needs no BEGIN/COMMIT, and either all four rows exist or none.
 * With `afterInsert` or a mail origin the statement runs in a transaction with those rows.
 * Id and number are drawn first (one SELECT): the acknowledgement's subject and signed Message-ID
 * need the number. Sequences are not transactional anyway — numbers stay unique and increasing,
 * not gap-free, as before.
 */
export async function createTicketReturningRow(
  ctx: AppContext,
  actor: Actor,
  input: CreateTicketInput,
): Promise<CreatedTicket> {
  const createdAt = input.createdAt ?? new Date();
  // every read before the transaction: on PGlite's single connection a read outside `trx` would wait forever
  const ref = await referenceData(ctx.db, { topic: input.topic });
  const topic = input.topic ? topicByKey(ref, input.topic) : null;
  const groupId = topic?.group_id ?? ref.defaultGroupId;
  const state = firstState(ref, 'new');
  const target = findServiceTarget(ref, input.priority, topic?.id ?? null);
  const due = computeDueTimes(createdAt, target, ctx.calendar);
  const onBehalf = input.requesterId !== undefined && input.requesterId !== actor.id;
  const drawn = await drawIdAndNumber(
    ctx.db,
    berlinYear(createdAt),
    onBehalf ? input.requesterId : undefined,
  );
  const requester = drawn.requester ?? {
    id: actor.id,
    name: actor.name,
    org_unit_id: actor.orgUnitId,
    // the caller was loaded as an active person in this request
    recipient: mailRecipient({ email: actor.email, locale: actor.locale, active: true }),
  };
  const ticket = { id: drawn.id, number: drawn.number, title: input.title };
  const mail = ticketAcknowledgement(ctx, ticket, requester.recipient, input.mail);

  const insert = async (db: Kysely<DB> | Transaction<DB>) => {
    const core = db
      .with('created_ticket', (qc) =>
        qc
          .insertInto('tickets')
          .values({
            id: ticket.id,
            number: ticket.number,
            title: input.title,
            description: input.description,
            process_type: input.processType ?? 'support',
            priority: input.priority,
            state_id: state.id,
            state_type: state.state_type,
            requester_id: requester.id,
            requester_org_unit_id: requester.org_unit_id,
            topic_id: topic?.id ?? null,
            group_id: groupId,
            created_by_id: actor.id,
            created_at: createdAt,
            updated_at: createdAt,
            first_response_due_at: due.firstResponseDueAt,
            resolution_due_at: due.resolutionDueAt,
            search_vector: sql`setweight(to_tsvector('german', ${input.title}), 'A') || setweight(to_tsvector('german', ${input.description}), 'B')`,
          })
          .returning(RETURNED_COLUMNS),
      )
      .with('created_history', (qc) =>
        qc
          .insertInto('ticket_history')
          .values({
            ticket_id: ticket.id,
            actor_id: actor.id,
            field: 'created',
            old_value: null,
            new_value: ticket.number,
            created_at: createdAt,
          })
          .returning('id'),
      )
      .with('created_audit', (qc) =>
        qc
          .insertInto('audit_log')
          .values(
            auditRow(actor, 'ticket.create', 'ticket', ticket.number, null, {
              title: input.title,
              topic: topic?.key ?? null,
              priority: input.priority,
              groupId,
              requesterId: requester.id,
            }),
          )
          .returning('id'),
      );
    const all = mail
      ? (core.with('created_mail', (qc) =>
          qc.insertInto('outbound_mail').values(outboundMailValues(ctx.config, mail)).returning('id'),
        ) as unknown as typeof core)
      : core;
    // the rows of a data-modifying WITH are not visible to the main query: read the RETURNING row.
    // Names come from the reference data the row was built from (joining them here doubled the
    // planning time of the statement); the group's name is read fresh.
    const query = all
      .selectFrom('created_ticket')
      .selectAll()
      .select((eb) =>
        eb
          .selectFrom('groups')
          .select('groups.name')
          .whereRef('groups.id', '=', 'created_ticket.group_id')
          .as('group_name'),
      );
    // outside a transaction: as a prepared statement (parsed and planned once per connection)
    const rows = db === ctx.db ? await queryPrepared(ctx.database, 'create_ticket', query.compile()) : null;
    if (!rows) return query.executeTakeFirstOrThrow();
    if (!rows[0]) throw new Error('the creation statement returned no row');
    return rows[0];
  };
  const present = (written: Awaited<ReturnType<typeof insert>>): TicketRow => ({
    ...written,
    state_key: state.key,
    state_name_de: state.name_de,
    state_name_en: state.name_en,
    requester_name: requester.name,
    topic_key: topic?.key ?? null,
    topic_name_de: topic?.name_de ?? null,
    topic_name_en: topic?.name_en ?? null,
    group_name: written.group_name ?? null,
    assignee_name: null,
  });

  const extended = input.afterInsert !== undefined || input.mail !== undefined;
  if (!extended) return { row: present(await insert(ctx.db)), extended, reference: ref };
  const row = await ctx.db.transaction().execute(async (trx) => {
    const row = present(await insert(trx));
    await input.afterInsert?.(trx, { id: ticket.id, number: ticket.number });
    if (input.mail) await afterMailTicketCreated(trx, ctx, ticket, requester.id, input.mail);
    return row;
  });
  return { row, extended, reference: ref };
}

/** the ticket's columns a TicketRow holds (see ticketRows) */
const RETURNED_COLUMNS = [
  'id',
  'number',
  'title',
  'description',
  'process_type',
  'priority',
  'state_type',
  'requester_id',
  'requester_org_unit_id',
  'group_id',
  'assignee_id',
  'topic_id',
  'created_at',
  'updated_at',
  'first_response_due_at',
  'first_responded_at',
  'resolution_due_at',
  'resolved_at',
  'version',
] as const;

/** The ticket's id and number — and, for a ticket filed on someone's behalf, that person — in one round trip. */
async function drawIdAndNumber(db: Kysely<DB>, year: number, requesterId: number | undefined) {
  const draw = sql`nextval(pg_get_serial_sequence('tickets', 'id')) AS id, next_ticket_number(${year}) AS number`;
  if (requesterId === undefined) {
    const { rows } = await sql<{ id: number | string; number: string }>`SELECT ${draw}`.execute(db);
    return { id: Number(rows[0].id), number: rows[0].number, requester: null };
  }
  // no such person: no row, and nothing drawn
  const { rows } = await sql<{
    id: number | string;
    number: string;
    name: string;
    org_unit_id: number | null;
    email: string | null;
    locale: string;
    active: boolean;
  }>`SELECT ${draw}, p.name, p.org_unit_id, p.email, p.locale, p.active FROM persons p WHERE p.id = ${requesterId}`.execute(
    db,
  );
  const row = rows[0];
  if (!row) throw new Error(`requester ${requesterId} not found`);
  return {
    id: Number(row.id),
    number: row.number,
    requester: {
      id: requesterId,
      name: row.name,
      org_unit_id: row.org_unit_id,
      recipient: mailRecipient(row),
    },
  };
}
