import type { Kysely, Selectable, Transaction } from 'kysely';
import type {
  DB,
  Priority,
  ServiceTargetsTable,
  StateType,
  TicketStatesTable,
  TopicsTable,
} from '../../db/schema';
import { AppError } from '../../http/errors';

/**
 * States, topics, the default group and service targets change rarely but are read by every ticket
 * creation and view. They are cached per database for a short time. A change made through the
 * settings commands clears this process's cache at once; other instances pick it up after TTL_MS.
 * Nothing is written through the cache — the database stays the only truth.
 */
const TTL_MS = 15_000;

export interface ReferenceData {
  states: Selectable<TicketStatesTable>[];
  topics: Map<string, Selectable<TopicsTable>>;
  defaultGroupId: number | null;
  serviceTargets: Selectable<ServiceTargetsTable>[];
}

const caches = new WeakMap<object, { loadedAt: number; data: Promise<ReferenceData> }>();

async function load(db: Kysely<DB> | Transaction<DB>): Promise<ReferenceData> {
  const [states, topics, defaultGroup, serviceTargets] = await Promise.all([
    db
      .selectFrom('ticket_states')
      .selectAll()
      .where('active', '=', true)
      .orderBy('position')
      .orderBy('id')
      .execute(),
    db.selectFrom('topics').selectAll().where('active', '=', true).execute(),
    db.selectFrom('groups').select('id').where('is_default', '=', true).executeTakeFirst(),
    db.selectFrom('service_targets').selectAll().execute(),
  ]);
  return {
    states,
    topics: new Map(topics.map((t) => [t.key, t])),
    defaultGroupId: defaultGroup?.id ?? null,
    serviceTargets,
  };
}

function reload(cacheKey: Kysely<DB>): Promise<ReferenceData> {
  const data = load(cacheKey);
  caches.set(cacheKey, { loadedAt: Date.now(), data });
  data.catch(() => caches.delete(cacheKey));
  return data;
}

/**
 * `cacheKey` is the root Kysely instance (never a transaction). A topic or state key the cache does
 * not know triggers one reload, so something created a moment ago elsewhere is found at once.
 */
export async function referenceData(
  cacheKey: Kysely<DB>,
  needs: { topic?: string; state?: string } = {},
): Promise<ReferenceData> {
  const hit = caches.get(cacheKey);
  if (!hit || Date.now() - hit.loadedAt >= TTL_MS) return reload(cacheKey);
  const data = await hit.data;
  const missing =
    (needs.topic !== undefined && !data.topics.has(needs.topic)) ||
    (needs.state !== undefined && !data.states.some((s) => s.key === needs.state));
  return missing ? reload(cacheKey) : data;
}

export function invalidateReferenceData(cacheKey: Kysely<DB>) {
  caches.delete(cacheKey);
}

export function topicByKey(ref: ReferenceData, key: string) {
  const topic = ref.topics.get(key);
  if (!topic)
    throw new AppError(422, 'unknownTopic', { topic: key }, [
      { field: 'body.topic', message: 'unknown topic' },
    ]);
  return topic;
}

export function firstState(ref: ReferenceData, type: StateType) {
  const state = ref.states.find((s) => s.state_type === type);
  if (!state) throw new Error(`no active ticket state of type ${type}`);
  return state;
}

/** A topic-specific target wins over the general one for the priority. */
export function serviceTargetFor(ref: ReferenceData, priority: Priority, topicId: number | null) {
  const rows = ref.serviceTargets.filter(
    (t) => t.priority === priority && (t.topic_id === null || t.topic_id === topicId),
  );
  return rows.find((r) => r.topic_id !== null) ?? rows[0] ?? null;
}
