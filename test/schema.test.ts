import fs from 'node:fs';
import path from 'node:path';
import { isObjectType } from 'graphql';
import * as modules from '../src/modules';
import { mergedRules } from '../src/modules';
import { entryPointsOf } from '../src/policy/rules';
import { buildBareSchema, printGatewaySchema } from '../src/server/schema';
import { startGateway } from './helpers/gateway';

describe('the schema', () => {
  it('is what schema/schema.graphql says (run `npm run schema` after changing the API)', async () => {
    const committed = fs.readFileSync(path.join(__dirname, '..', 'schema', 'schema.graphql'), 'utf8');
    expect(committed).toBe(await printGatewaySchema());
  });

  it('has a shield rule for every field of every type: a new field cannot ship unguarded', async () => {
    const schema = await buildBareSchema();
    const rules = mergedRules();
    const unguarded: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.keys(type.getFields())) {
        if (!rules[type.name]?.[field] && !rules[type.name]?.['*']) unguarded.push(`${type.name}.${field}`);
      }
    }
    expect(unguarded).toEqual([]);
  });

  it('reaches a type whose fields are decided where it is reached only through the entry points its rule names', async () => {
    const schema = await buildBareSchema();
    const rules = mergedRules();
    const declared = Object.fromEntries(
      Object.entries(rules).flatMap(([type, fields]) => {
        const entries = entryPointsOf(fields['*']);
        return entries ? [[type, [...entries].sort()]] : [];
      }),
    );
    expect(Object.keys(declared)).toEqual(expect.arrayContaining(['ClientIdentity', 'ClientHealth', 'Consent', 'Trajectory', 'Handover']));
    const reachedFrom: Record<string, string[]> = {};
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const [name, field] of Object.entries(type.getFields())) {
        let t = field.type;
        while ('ofType' in t) t = t.ofType;
        if (t.name in declared) (reachedFrom[t.name] ??= []).push(`${type.name}.${name}`);
      }
    }
    for (const [type, entries] of Object.entries(declared)) expect({ type, reachedFrom: (reachedFrom[type] ?? []).sort() }).toEqual({ type, reachedFrom: entries });
  });

  it('names no rule for a type or field that does not exist (a typo would leave the real one to the fallback)', async () => {
    const schema = await buildBareSchema();
    const dangling: string[] = [];
    for (const [type, fields] of Object.entries(mergedRules())) {
      const t = schema.getType(type);
      if (!t || !isObjectType(t)) {
        dangling.push(type);
        continue;
      }
      for (const f of Object.keys(fields)) if (f !== '*' && !t.getFields()[f]) dangling.push(`${type}.${f}`);
    }
    expect(dangling).toEqual([]);
  });

  // graphql-shield's own fallbackRule is allow (pitfalls.md). The test above keeps every field
  // under a rule; this one shows what a field that lost its rule anyway answers: nothing, to anyone.
  it('answers a field whose rule went missing FORBIDDEN to every caller, never its value', async () => {
    const withAll = modules.mergedRules;
    const missing = jest.spyOn(modules, 'mergedRules').mockImplementation(() => {
      const rules = withAll();
      delete rules.Query.breakGlassReview;
      delete rules.BreakGlassGrant;
      return rules;
    });
    const gw = await startGateway();
    missing.mockRestore();
    try {
      // The process director reviews break-glass; the case manager may not even see that it happened.
      for (const email of ['procesregie@zvh.example', 'casemanager@iriszorg.example']) {
        const res = await (await gw.as(email)).query('{ breakGlassReview { id reason } }');
        expect({ email, body: res.body }).toEqual({
          email,
          body: { data: null, errors: [expect.objectContaining({ path: ['breakGlassReview'], extensions: { code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' } })] },
        });
      }
    } finally {
      await gw.close();
    }
  });
});
