import { type Kysely, sql } from 'kysely';

// Default ticket states (names configurable later, types fixed) and general service targets
// in working minutes. Frozen in time like every migration.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
INSERT INTO ticket_states (key, name_de, name_en, state_type, position) VALUES
  ('new', 'Neu', 'New', 'new', 10),
  ('assigned', 'Zugewiesen', 'Assigned', 'open', 20),
  ('inProgress', 'In Bearbeitung', 'In progress', 'open', 30),
  ('waitingForRequester', 'Rückfrage an Anfragende', 'Waiting for requester', 'pendingAction', 40),
  ('waitingForThirdParty', 'Wartet auf Dritte', 'Waiting for third party', 'pendingReminder', 50),
  ('resolved', 'Gelöst', 'Resolved', 'closed', 60),
  ('closed', 'Geschlossen', 'Closed', 'closed', 70),
  ('merged', 'Zusammengeführt', 'Merged', 'merged', 80);

INSERT INTO service_targets (priority, topic_id, first_response_minutes, resolution_minutes) VALUES
  ('critical', NULL, 30, 240),
  ('high', NULL, 120, 960),
  ('normal', NULL, 480, 2400),
  ('low', NULL, 960, 4800);
`.execute(db);
}
