import type { MessageKey, Translate } from '../../i18n/I18nProvider';

// Translated names of the fixed value lists (asset types, statuses, position types …).
export const typeName = (t: Translate, type: string) => t(`equipment.types.${type}` as MessageKey);
export const statusName = (t: Translate, status: string) => t(`equipment.statuses.${status}` as MessageKey);
export const positionTypeName = (t: Translate, type: string) =>
  t(`equipment.positionTypes.${type}` as MessageKey);
export const positionHref = (positionNumber: string) => `/positions/${encodeURIComponent(positionNumber)}`;
export const assetHref = (inventoryNumber: string) => `/assets/${encodeURIComponent(inventoryNumber)}`;
export const formatDay = (iso: string | null, lang: string) =>
  iso ? new Date(`${iso}T12:00:00`).toLocaleDateString(lang === 'en' ? 'en-GB' : 'de-DE') : '–';
