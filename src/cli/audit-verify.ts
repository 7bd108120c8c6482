import { sealAuditLog, verifyAuditLog } from '../modules/audit/audit-log';
import { withDatabase } from './open-database';
import { parseOptions, UsageError } from './usage';

export const auditUsage = `amtsdesk audit verify

Versiegelt alle abgeschlossenen Einträge des Audit-Logs und prüft danach die ganze Hash-Kette.
Exit-Code 0, wenn sie intakt ist; 1 mit der ersten gebrochenen Laufnummer (seq), wenn nicht.
(Seals every final audit entry, then recomputes the whole hash chain: exit 0 when intact,
exit 1 with the first broken seq when a sealed row was changed, removed or reordered.)
`;

export async function runAudit(argv: string[]): Promise<number> {
  const { positionals } = parseOptions(argv, {}, auditUsage, true);
  if (positionals.length !== 1 || positionals[0] !== 'verify')
    throw new UsageError(
      positionals.length ? `Unbekannter Unterbefehl „audit ${positionals.join(' ')}“.` : 'Unterbefehl fehlt.',
      auditUsage,
    );
  return withDatabase({}, async (ctx) => {
    let sealed = 0;
    for (;;) {
      const n = await sealAuditLog(ctx.db);
      if (n === 0) break;
      sealed += n;
    }
    const result = await verifyAuditLog(ctx.db);
    if (!result.ok) {
      console.error(
        `Audit-Log BESCHÄDIGT (broken): Eintrag seq ${result.firstBrokenSeq}: ${result.reason}. ` +
          `${result.checked} Einträge davor sind intakt.`,
      );
      return 1;
    }
    console.log(`Audit-Log intakt: ${result.checked} Einträge geprüft (${sealed} neu versiegelt).`);
    if (result.unsealed > 0)
      console.log(
        `${result.unsealed} Einträge sind noch nicht versiegelt (laufende Transaktionen oder ein anderer Versiegler).`,
      );
    return 0;
  });
}
