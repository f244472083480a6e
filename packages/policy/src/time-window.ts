import { DAYS, type TimeWindow } from './policy-types.js';

const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;
const MINUTES_PER_DAY = 24 * 60;
const WEEKDAY_INDEX: Readonly<Record<string, number>> = {
  Sun: 0,
  Mon: 1,
  Tue: 2,
  Wed: 3,
  Thu: 4,
  Fri: 5,
  Sat: 6,
};

/** Minutes since midnight for 'HH:MM', or undefined when it is not a valid 24-hour time. */
export function parseClock(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = CLOCK.exec(value);
  if (match === null) return undefined;
  return Number(match[1]) * 60 + Number(match[2]);
}

export function isValidTimeZone(value: unknown): boolean {
  if (typeof value !== 'string' || value === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

interface LocalTime {
  day: number;
  minutes: number;
}

/** Compiled form: the Intl formatter is built here, once, never per decision. */
export type TimeWindowTest = (now: Date) => boolean;

/**
 * Start is inclusive, end exclusive; a missing start means 00:00 and a missing end means the end
 * of the day. When start > end the window wraps midnight and the part after midnight belongs to
 * the day it started on: `days: ['fri'], 22:00–06:00` includes Saturday 03:00, not Friday 03:00.
 */
export function compileTimeWindow(window: TimeWindow): TimeWindowTest {
  const start = parseClock(window.start) ?? 0;
  const end = parseClock(window.end) ?? MINUTES_PER_DAY;
  const days = window.days ? new Set(window.days.map((day) => DAYS.indexOf(day))) : undefined;
  const localTime = localTimeIn(window.timezone ?? 'UTC');
  return (now) => {
    const { day, minutes } = localTime(now);
    let windowDay: number;
    if (start < end) {
      if (minutes < start || minutes >= end) return false;
      windowDay = day;
    } else if (minutes >= start) {
      windowDay = day;
    } else if (minutes < end) {
      windowDay = (day + 6) % 7;
    } else {
      return false;
    }
    return days === undefined || days.has(windowDay);
  };
}

function localTimeIn(timeZone: string): (now: Date) => LocalTime {
  if (timeZone === 'UTC') {
    return (now) => ({
      day: now.getUTCDay(),
      minutes: now.getUTCHours() * 60 + now.getUTCMinutes(),
    });
  }
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return (now) => {
    let day = 0;
    let minutes = 0;
    for (const part of format.formatToParts(now)) {
      if (part.type === 'weekday') day = WEEKDAY_INDEX[part.value] ?? 0;
      else if (part.type === 'hour') minutes += (Number(part.value) % 24) * 60;
      else if (part.type === 'minute') minutes += Number(part.value);
    }
    return { day, minutes };
  };
}
