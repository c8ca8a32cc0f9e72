export * from './lunar-calendar.ts';
export * from './calendar-adjustments.ts';
export * from './working-days.ts';
export * from './errors.ts';
