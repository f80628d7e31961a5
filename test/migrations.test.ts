import { startGateway, type TestGateway } from './helpers/gateway';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(() => gw.close());

it('keeps the migrations in step with the entities: a migrated database needs no further change', async () => {
  const pending = await gw.orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false, safe: false, dropTables: true });
  expect(pending.trim()).toBe('');
});
