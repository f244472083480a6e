import { ANNOTATION_HINTS, DATA_CLASSIFICATIONS, DAYS, RISK_LEVELS } from './policy-types.js';
import { validateArgumentConstraints } from './validate-argument-constraints.js';
import { isValidTimeZone, parseClock } from './time-window.js';
import {
  checkEnumList,
  checkStringList,
  isRecord,
  rejectUnknownKeys,
  type Report,
} from './validation-kit.js';

const CONDITION_KEYS = [
  'environments',
  'timeWindow',
  'annotations',
  'riskLevels',
  'dataClassifications',
  'arguments',
] as const;

/** Reports every problem in a policy's `conditions` object. */
export function validateConditions(value: unknown, path: string, report: Report): void {
  if (!isRecord(value)) {
    report(path, 'must be an object');
    return;
  }
  rejectUnknownKeys(value, CONDITION_KEYS, path, report);
  if (value.environments !== undefined)
    checkStringList(value.environments, `${path}.environments`, report);
  if (value.timeWindow !== undefined)
    validateTimeWindow(value.timeWindow, `${path}.timeWindow`, report);
  if (value.annotations !== undefined)
    validateAnnotations(value.annotations, `${path}.annotations`, report);
  if (value.riskLevels !== undefined) {
    checkEnumList(value.riskLevels, RISK_LEVELS, `${path}.riskLevels`, report);
  }
  if (value.dataClassifications !== undefined) {
    const at = `${path}.dataClassifications`;
    checkEnumList(value.dataClassifications, DATA_CLASSIFICATIONS, at, report);
  }
  if (value.arguments !== undefined) {
    validateArgumentConstraints(value.arguments, `${path}.arguments`, report);
  }
}

function validateTimeWindow(value: unknown, path: string, report: Report): void {
  if (!isRecord(value)) {
    report(path, 'must be an object');
    return;
  }
  rejectUnknownKeys(value, ['days', 'start', 'end', 'timezone'], path, report);
  if (value.days === undefined && value.start === undefined && value.end === undefined) {
    report(path, 'must set at least one of days, start, end');
  }
  if (value.days !== undefined) checkEnumList(value.days, DAYS, `${path}.days`, report);
  for (const key of ['start', 'end'] as const) {
    if (value[key] !== undefined && parseClock(value[key]) === undefined) {
      report(`${path}.${key}`, 'must be a 24-hour time "HH:MM" between 00:00 and 23:59');
    }
  }
  if (value.start !== undefined && value.start === value.end) {
    report(path, 'start and end must differ (omit both for the whole day)');
  }
  if (value.timezone !== undefined && !isValidTimeZone(value.timezone)) {
    report(`${path}.timezone`, 'must be an IANA time zone such as "UTC" or "Europe/Paris"');
  }
}

function validateAnnotations(value: unknown, path: string, report: Report): void {
  if (!isRecord(value) || Object.keys(value).length === 0) {
    report(path, `must be an object with at least one of ${ANNOTATION_HINTS.join(', ')}`);
    return;
  }
  rejectUnknownKeys(value, ANNOTATION_HINTS, path, report);
  for (const hint of ANNOTATION_HINTS) {
    if (value[hint] !== undefined && typeof value[hint] !== 'boolean') {
      report(`${path}.${hint}`, 'must be true or false');
    }
  }
}
