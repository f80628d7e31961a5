/** Every migration in order; listed explicitly so the compiled server and ts-jest load the same ones. */
import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123000721_initial } from './Migration20261123000721_initial';

export const migrationsList: MigrationObject[] = [{ name: 'Migration20261123000721_initial', class: Migration20261123000721_initial }];
