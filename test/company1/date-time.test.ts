// The contract's `format: date-time` is RFC 3339's date-time, and the shared schema (used by the client and the
// sandbox alike) takes exactly that: the cases follow the JSON Schema test suite's date-time format tests.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DateTime, dateTimeMs } from '../../company1/date-time';

const VALID: [string, string][] = [
  ['a UTC instant', '2026-03-01T08:30:06Z'],
  ['fractional seconds and a numeric offset', '1963-06-19T08:30:06.283185+03:00'],
  ['lower-case t and z', '1963-06-19t08:30:06.283185z'],
  ['a leap second, UTC', '1998-12-31T23:59:60Z'],
  ['a leap second with an offset (23:59:60 in UTC)', '1998-12-31T15:59:60.123-08:00'],
  ['29 February in a leap year', '2024-02-29T00:00:00Z'],
];

const INVALID: [string, string][] = [
  ['no seconds', '2026-03-01T08:30Z'],
  ['no offset', '2026-03-01T08:30:06'],
  ['an offset without a colon', '2026-03-01T08:30:06+0300'],
  ['an offset hour out of range', '1990-12-31T15:59:59-24:00'],
  ['a space instead of T', '2026-03-01 08:30:06Z'],
  ['a second past the leap second', '1998-12-31T23:59:61Z'],
  ['a leap second on a wrong minute', '1998-12-31T23:58:60Z'],
  ['a leap second on a wrong hour', '1998-12-31T22:59:60Z'],
  ['30 February', '2026-02-30T00:00:00Z'],
  ['29 February outside a leap year', '2025-02-29T00:00:00Z'],
  ['an ordinal date', '2013-350T01:01:01Z'],
  ['a non-ASCII digit', '1963-06-1\u09EAT00:00:00Z'],
  ['a date only', '2026-03-01'],
  ['garbage', 'yesterday'],
];

void describe('RFC 3339 date-time (company1/date-time.ts)', () => {
  for (const [what, value] of VALID) {
    void it(`accepts ${what}: ${value}`, () => {
      assert.equal(DateTime.safeParse(value).success, true);
    });
  }

  for (const [what, value] of INVALID) {
    void it(`refuses ${what}: ${value}`, () => {
      assert.equal(DateTime.safeParse(value).success, false);
    });
  }

  void it('normalizes t and z to upper case and keeps everything else as written', () => {
    assert.equal(DateTime.parse('1963-06-19t08:30:06.283185z'), '1963-06-19T08:30:06.283185Z');
    assert.equal(DateTime.parse('1998-12-31t15:59:60.123-08:00'), '1998-12-31T15:59:60.123-08:00');
  });

  void it('reads the instant of any valid value, a leap second as the first instant after it', () => {
    assert.equal(dateTimeMs('2026-03-01t08:30:06.5z'), Date.parse('2026-03-01T08:30:06.500Z'));
    assert.equal(dateTimeMs('2026-03-01T11:30:06+03:00'), Date.parse('2026-03-01T08:30:06Z'));
    assert.equal(dateTimeMs('1998-12-31T23:59:60Z'), Date.parse('1999-01-01T00:00:00Z'));
    assert.equal(dateTimeMs('1998-12-31T15:59:60.999-08:00'), Date.parse('1999-01-01T00:00:00Z'));
    assert.ok(dateTimeMs('1998-12-31T23:59:59.999Z') < dateTimeMs('1998-12-31T23:59:60Z'));
  });
});
