import { readFileSync } from 'node:fs';

/**
 * The holiday arrangements shipped with the product (holidays/cn.json): per year, the State
 * Council General Office's notice (国务院办公厅关于XXXX年部分节假日安排的通知) and the days it gives
 * off and the weekend days it makes working days. They are the calendar's default lists
 * (config.ts adds CASES_HOLIDAYS / CASES_EXTRA_WORKDAYS to them). A year not in the file is not
 * known: the calendar reports it rather than counting weekends only in silence.
 */
export interface HolidayYear {
  notice: string;
  /** The notice's document number, where it was found. */
  number: string | null;
  /** The date the notice was issued (YYYY-MM-DD). */
  issued: string;
  /** Festival → the days given off. */
  holidays: Record<string, string[]>;
  /** Weekend days that are working days (调休). */
  workdays: string[];
}

export interface HolidayData {
  years: Record<string, HolidayYear>;
}

export interface HolidayLists {
  holidays: Set<string>;
  workdays: Set<string>;
  years: Set<number>;
}

export const SHIPPED_HOLIDAYS_FILE = new URL('./holidays/cn.json', import.meta.url);

/** The lists of a holiday file, each date checked to lie in the year it is filed under. */
export function holidayLists(data: HolidayData): HolidayLists {
  const out: HolidayLists = { holidays: new Set(), workdays: new Set(), years: new Set() };
  for (const [year, y] of Object.entries(data.years)) {
    const dates = [...Object.values(y.holidays).flat(), ...y.workdays];
    const stray = dates.find((d) => !d.startsWith(`${year}-`));
    if (stray) throw new Error(`holiday data: ${stray} is filed under ${year}`);
    out.years.add(Number(year));
    for (const d of Object.values(y.holidays).flat()) out.holidays.add(d);
    for (const d of y.workdays) out.workdays.add(d);
  }
  return out;
}

let shipped: HolidayLists | undefined;

/** The shipped lists (read once). */
export function shippedHolidays(): HolidayLists {
  shipped ??= holidayLists(JSON.parse(readFileSync(SHIPPED_HOLIDAYS_FILE, 'utf8')) as HolidayData);
  return { holidays: new Set(shipped.holidays), workdays: new Set(shipped.workdays), years: new Set(shipped.years) };
}
