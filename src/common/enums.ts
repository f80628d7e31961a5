import { registerEnumType } from 'type-graphql';
import { CATEGORIES, DENY_REASONS, PURPOSES, ROLES } from '../policy/tables';

/** A string-union list as the object type-graphql registers as a GraphQL enum. */
export function enumObject<T extends string>(values: readonly T[]): { [K in T]: K } {
  return Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
}

export const DataCategory = enumObject(CATEGORIES);
registerEnumType(DataCategory, { name: 'DataCategory', description: 'What a piece of client data is about (policy §2); each category is shared separately.' });

export const RoleEnum = enumObject(ROLES);
registerEnumType(RoleEnum, { name: 'Role', description: 'What a professional does in the chain; caps which categories she may see.' });

export const PurposeEnum = enumObject(PURPOSES);
registerEnumType(PurposeEnum, { name: 'Purpose', description: 'What shared data may be used for; a consent names one, a role serves some.' });

export const DenyReasonEnum = enumObject(DENY_REASONS);
registerEnumType(DenyReasonEnum, { name: 'DenyReason', description: 'Why a category is withheld.' });
