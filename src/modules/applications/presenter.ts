import type { Locale } from '../../http/messages';
import type { Actor } from '../auth/actor';
import { maintainsRegister } from './policy';
import type { ApplicationRow } from './repository';
import type { ResponsibilityModelsTable } from './tables';

const pick = (locale: Locale, de: string, en: string) => (locale === 'en' ? en : de);

export function presentModel(m: ResponsibilityModelsTable, locale: Locale) {
  return {
    key: m.key,
    code: m.code,
    rank: m.rank,
    name: pick(locale, m.name_de, m.name_en),
    description: pick(locale, m.description_de, m.description_en),
    duties: m.duties,
  };
}

const contact = (
  positionNumber: string | null,
  positionTitle: string | null,
  personId: number | null,
  personName: string | null,
) => ({
  position: positionNumber ? { positionNumber, title: positionTitle ?? '' } : null,
  person: personId !== null ? { id: personId, name: personName ?? '' } : null,
});

export function presentApplication(row: ApplicationRow, actor: Actor, locale: Locale) {
  return {
    id: row.id,
    name: row.name,
    vendor: row.vendor,
    purpose: row.purpose,
    criticality: row.criticality,
    active: row.active,
    version: row.version,
    responsibilityModel: presentModel(
      {
        key: row.model_key,
        code: row.model_code,
        rank: row.model_rank,
        name_de: row.model_name_de,
        name_en: row.model_name_en,
        description_de: row.model_description_de,
        description_en: row.model_description_en,
        duties: row.model_duties,
      },
      locale,
    ),
    ownerOrgUnit: { id: row.owner_id, name: row.owner_name },
    businessContact: contact(
      row.business_position_number,
      row.business_position_title,
      row.business_person_id,
      row.business_person_name,
    ),
    itGroup: row.it_group_id !== null ? { id: row.it_group_id, name: row.it_group_name ?? '' } : null,
    itContact: contact(row.it_position_number, row.it_position_title, row.it_person_id, row.it_person_name),
    licences: { count: row.licence_count, used: row.licences_used, renewalOn: row.licence_renewal_on },
    updatedAt: row.updated_at,
    can: { edit: maintainsRegister(actor) },
  };
}
