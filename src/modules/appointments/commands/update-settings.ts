import { sql } from 'kysely';
import type { AppContext } from '../../../context';
import { AppError, type FieldError } from '../../../http/errors';
import { recordAudit } from '../../audit/audit-log';
import type { Actor } from '../../auth/actor';
import { readAdminSettings } from '../admin-queries';
import { SETTING_RANGES, type SettingsUpdate, settingNames } from '../admin-schemas';
import { clearAppointmentCache } from '../availability';

/**
 * Administrators change the module's tunables (hold time, retention, rate limits, upload limits).
 * Ranges → 422 naming each field; a stale version → 409; one audit row with before/after. The
 * module cache is cleared, so the next hold or retention run on this instance uses the new values
 * (other instances within the cache's 15 s).
 */
export async function updateAppointmentSettings(ctx: AppContext, actor: Actor, input: SettingsUpdate) {
  const errors: FieldError[] = [];
  const set: Record<string, number> = {};
  for (const name of settingNames) {
    const value = input[name];
    if (value === undefined) continue;
    const { column, min, max, factor = 1 } = SETTING_RANGES[name];
    if (value < min || value > max)
      errors.push({ field: `body.${name}`, message: `between ${min} and ${max}` });
    set[column] = value * factor;
  }
  if (errors.length)
    throw new AppError(
      422,
      'appointmentSettingOutOfRange',
      { fields: errors.map((e) => e.field).join(', ') },
      errors,
    );
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const locked = await trx
        .selectFrom('appointment_settings')
        .select('version')
        .where('id', '=', 1)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (locked.version !== input.version)
        throw new AppError(409, 'appointmentSettingsVersionConflict', { current: locked.version });
      const before = await readAdminSettings(trx);
      await trx
        .updateTable('appointment_settings')
        .set({ ...set, version: sql`version + 1` })
        .where('id', '=', 1)
        .execute();
      const after = await readAdminSettings(trx);
      const { ranges: _b, ...beforeValues } = before;
      const { ranges: _a, ...afterValues } = after;
      await recordAudit(
        trx,
        actor,
        'appointments.settings.update',
        'appointment_settings',
        1,
        beforeValues,
        afterValues,
      );
      return after;
    });
  } finally {
    clearAppointmentCache(ctx.db);
  }
}
