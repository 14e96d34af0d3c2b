import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadServiceCatalog } from '../../config/services';

describe("Company 2's service catalog (SERVICES_FILE)", () => {
  const dir = mkdtempSync(join(tmpdir(), 'services-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (content: unknown) => {
    const path = join(dir, `${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(path, JSON.stringify(content));
    return path;
  };

  it('the default catalog: every service a package of lessons with its validity', () => {
    for (const s of loadServiceCatalog()) {
      assert.ok(s.lessons !== undefined && s.lessons > 0, `${s.id}: lessons`);
      assert.ok(s.validityDays !== undefined && s.validityDays > 0, `${s.id}: validityDays`);
    }
  });

  it('a service without a package is fine; half a package, or a bad count, names the field', () => {
    assert.deepEqual(loadServiceCatalog(file([{ id: 'x', name: 'Consultation' }])), [{ id: 'x', name: 'Consultation' }]);
    const half = file([{ id: 'x', name: 'X', lessons: 4 }]);
    assert.throws(() => loadServiceCatalog(half), { message: `SERVICES_FILE ${half}: 0.validityDays: a package needs both "lessons" and "validityDays" (or neither: no subscription status is sent)` });
    const bad = file([{ id: 'x', name: 'X', lessons: 2.5, validityDays: 30 }]);
    assert.throws(() => loadServiceCatalog(bad), { message: `SERVICES_FILE ${bad}: 0.lessons: expected a whole number of lessons` });
    assert.throws(() => loadServiceCatalog(file([{ id: 'x', name: 'X', lesons: 4 }])), /0: Unrecognized key: "lesons"/);
  });
});
