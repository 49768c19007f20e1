import { describe, expect, it } from 'vitest';
import { chinaDateTime, dateParts, feedInstant, formatDate, formatMonth, formatYear } from '../../src/lib/dates';

describe('dates', () => {
  it('formats a calendar date the Chinese way, without a time-zone shift', () => {
    expect(formatDate('2021-03-05')).toBe('2021年3月5日');
    expect(formatDate('2021-01-01')).toBe('2021年1月1日');
    expect(formatDate('2021-12-31')).toBe('2021年12月31日');
    expect(formatMonth(2021, 3)).toBe('2021年3月');
    expect(formatYear(2021)).toBe('2021年');
  });

  it('splits a date into numbers', () => {
    expect(dateParts('2021-03-05')).toEqual({ year: 2021, month: 3, day: 5 });
  });

  it('gives China-time metadata', () => {
    expect(chinaDateTime('2021-03-05')).toBe('2021-03-05T00:00:00+08:00');
  });

  it('puts the feed instant on the same calendar day in time zones from UTC−11 to UTC+11, and China', () => {
    const instant = feedInstant('2021-03-05');
    for (const timeZone of ['Pacific/Pago_Pago', 'Pacific/Honolulu', 'America/New_York', 'UTC', 'Europe/Berlin', 'Asia/Shanghai', 'Pacific/Guadalcanal']) {
      const day = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
      expect(day, timeZone).toBe('2021-03-05');
    }
  });
});
