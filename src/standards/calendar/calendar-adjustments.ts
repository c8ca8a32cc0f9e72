/**
 * Official make-up and swapped days (ngày nghỉ bù, hoán đổi ngày làm việc) decided each year.
 *
 * Labour Code 2019 Art. 112(1) fixes the holidays but leaves the exact Tết days and the day adjacent
 * to 2/9 to the Prime Minister (Art. 112(1) last sentence), and agencies may swap working days
 * around holidays (the Ministry of Labour's yearly notice, approved by the PM). Those decisions are
 * data, not rules: each entry overrides what `working-days.ts` computes for one date.
 *
 * `source`: 'verified' = read in the official notice; 'secondary' = taken from press reports of
 * the notice (recalled, verify against the text before relying on it); 'inferred' = our guess.
 * Deployments add their own entries through `createWorkingCalendar({ adjustments })`.
 */
import type { EvidenceSource } from '../evidence-source.ts';

export type AdjustmentKind = 'holiday' | 'working';

export interface CalendarAdjustment {
  /** Civil date in Vietnam, `YYYY-MM-DD`. */
  date: string;
  /** 'holiday': a day off although the rules say working; 'working': a working day although off. */
  kind: AdjustmentKind;
  reason: string;
  source: EvidenceSource;
}

export const OFFICIAL_ADJUSTMENTS: readonly CalendarAdjustment[] = Object.freeze([
  // Tết Quý Mão 2023 (1 Tết = Sun 22/01): civil servants off Fri 20/01 (29 Chạp) – Thu 26/01.
  // The rules give 21/01 (last day of the year) + 22–25/01, with Sat/Sun made up on 26–27/01.
  {
    date: '2023-01-20',
    kind: 'holiday',
    reason: 'Tết 2023: nghỉ từ 29 tháng Chạp / Tết 2023 starts on 29th of month 12',
    source: 'secondary',
  },
  {
    date: '2023-01-27',
    kind: 'working',
    reason: 'Tết 2023: nghỉ bù dời lên 20/01 / make-up day moved to 20 Jan',
    source: 'secondary',
  },
  // Tết Giáp Thìn 2024 (1 Tết = Sat 10/02): off Thu 08/02 (29 Chạp) – Wed 14/02 (mùng 5).
  {
    date: '2024-02-08',
    kind: 'holiday',
    reason: 'Tết 2024: nghỉ từ 29 tháng Chạp / Tết 2024 starts on 29th of month 12',
    source: 'secondary',
  },
  {
    date: '2024-02-15',
    kind: 'working',
    reason: 'Tết 2024: nghỉ bù dời lên 08/02 / make-up day moved to 8 Feb',
    source: 'secondary',
  },
  // 30/4–1/5/2024: off Sat 27/04 – Wed 01/05, Mon 29/04 swapped with Sat 04/05.
  {
    date: '2024-04-29',
    kind: 'holiday',
    reason: '30/4–1/5/2024: hoán đổi với thứ Bảy 04/05 / swapped with Sat 4 May',
    source: 'secondary',
  },
  {
    date: '2024-05-04',
    kind: 'working',
    reason: '30/4–1/5/2024: đi làm bù cho thứ Hai 29/04 / make-up working day',
    source: 'secondary',
  },
  // Tết Ất Tỵ 2025 (1 Tết = Wed 29/01, no 30 Chạp): off Sat 25/01 – Sun 02/02; the 5 Tết days are
  // Mon 27/01 (28 Chạp) – Fri 31/01, so mùng 4 (Sat 01/02) earns no make-up day.
  {
    date: '2025-01-27',
    kind: 'holiday',
    reason: 'Tết 2025: nghỉ từ 28 tháng Chạp / Tết 2025 starts on 28th of month 12',
    source: 'secondary',
  },
  {
    date: '2025-02-03',
    kind: 'working',
    reason: 'Tết 2025: không nghỉ bù / no make-up day (Tết days were 27–31 Jan)',
    source: 'secondary',
  },
  // 30/4–1/5/2025: off Wed 30/04 – Sun 04/05, Fri 02/05 swapped with Sat 26/04.
  {
    date: '2025-05-02',
    kind: 'holiday',
    reason: '30/4–1/5/2025: hoán đổi với thứ Bảy 26/04 / swapped with Sat 26 Apr',
    source: 'secondary',
  },
  {
    date: '2025-04-26',
    kind: 'working',
    reason: '30/4–1/5/2025: đi làm bù cho thứ Sáu 02/05 / make-up working day',
    source: 'secondary',
  },
]);
