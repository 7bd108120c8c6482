import type { AppContext } from '../../context';
import { startImapCollector } from './imap-collector';
import { startInboundWorker } from './process-inbound';
import { type SmtpReceiver, startSmtpReceiver } from './smtp-receiver';

interface Log {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
  info(msg: string): void;
}

export interface MailServices {
  /** the SMTP receiver's port, null when it is off or could not listen */
  smtpPort: number | null;
  stop(): Promise<void>;
}

/**
 * The intake side of the mail module in a running server: the SMTP receiver (always, unless
 * SMTP_RECEIVER=false) and, with jobs on, the processing worker and the IMAP collector.
 */
export async function startMailServices(ctx: AppContext, log: Log): Promise<MailServices> {
  const worker = ctx.config.jobs ? startInboundWorker(ctx, log) : null;
  let receiver: SmtpReceiver | null = null;
  if (ctx.config.smtpReceiver) {
    try {
      receiver = await startSmtpReceiver(ctx.db, ctx.config, { onStored: () => worker?.nudge(), log });
    } catch (error) {
      // a second instance on the same host, or a test server: the web side still works
      log.error(
        { err: error },
        `SMTP receiver could not listen on ${ctx.config.host}:${ctx.config.smtpPort}`,
      );
    }
  }
  const imap =
    ctx.config.jobs && ctx.config.imapUrl ? startImapCollector(ctx, log, () => worker?.nudge()) : null;
  return {
    smtpPort: receiver?.port ?? null,
    async stop() {
      await receiver?.close();
      await imap?.stop();
      await worker?.stop();
    },
  };
}
