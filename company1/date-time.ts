// The contract's `format: date-time`: RFC 3339 (section 5.6), as JSON Schema validators read it. Unlike zod's
// iso.datetime it takes `t`/`z` in lower case and a leap second (`23:59:60` in UTC), both valid RFC 3339 that
// Company 1 or a partner may send. Values are kept as written except `T` and `Z`, which are upper-cased so one
// instant written two ways does not look like a change. Pure (no I/O, no Node built-ins): workflow code may use it.
import * as z from 'zod';

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;
const MINUTES_PER_DAY = 24 * 60;

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  fraction: number;
  offsetMinutes: number;
}

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

function partsOf(value: string): Parts | undefined {
  const m = RFC3339.exec(value);
  if (!m) return undefined;
  const n = (i: number): number => Number(m[i] ?? 0);
  const [year, month, day, hour, minute, second] = [n(1), n(2), n(3), n(4), n(5), n(6)];
  const [offsetHour, offsetMinute] = [n(9), n(10)];
  if (day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 60) return undefined;
  if (offsetHour > 23 || offsetMinute > 59) return undefined;
  const offsetMinutes = (m[8] === '-' ? -1 : 1) * (offsetHour * 60 + offsetMinute);
  // A leap second is the last second of a UTC day: 23:59:60 once the offset is taken off.
  const utcMinute = (((hour * 60 + minute - offsetMinutes) % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  if (second === 60 && utcMinute !== MINUTES_PER_DAY - 1) return undefined;
  return { year, month, day, hour, minute, second, fraction: Number(m[7] ?? 0), offsetMinutes };
}

export function isRfc3339DateTime(value: string): boolean {
  return partsOf(value) !== undefined;
}

const upperCaseTAndZ = (value: string): string => value.replace(/[tz]/g, (c) => c.toUpperCase());

export const DateTime = z.stringFormat('date-time', isRfc3339DateTime).overwrite(upperCaseTAndZ);

/**
 * Milliseconds since the epoch of a valid date-time (NaN otherwise). POSIX time has no leap second, so one
 * reads as the first instant after it: every earlier instant sorts before it and every later one after.
 */
export function dateTimeMs(value: string): number {
  const p = partsOf(value);
  if (!p) return Number.NaN;
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999. Second 60 rolls over to the next minute.
  date.setUTCFullYear(p.year, p.month - 1, p.day);
  date.setUTCHours(p.hour, p.minute - p.offsetMinutes, p.second, 0);
  return p.second === 60 ? date.getTime() : date.getTime() + p.fraction * 1000;
}
