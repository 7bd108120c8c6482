import type { AppContext } from '../../context';

/** Placeholder until the collector lands. */
export function startImapCollector(
  _ctx: AppContext,
  _log: { warn(obj: object, msg: string): void },
  _onStored: () => void,
): { stop(): Promise<void> } {
  return { stop: async () => {} };
}
