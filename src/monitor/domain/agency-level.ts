/**
 * Level 1–4 of a QCVN 102:2016 agency code `V1V2V3.Z1Z2.Y1Y2.X00` (standards-vn §1.2): zero groups
 * mean "no further level". 0 for codes outside the scheme (test systems, QĐ 20 codes).
 */
export function levelOfAgencyCode(code: string): number {
  const m = /^(\d{3})\.(\d{2})\.(\d{2})\.[A-Z]\d{2}$/.exec(code);
  if (!m) return 0;
  if (m[1] !== '000') return 4;
  if (m[2] !== '00') return 3;
  if (m[3] !== '00') return 2;
  return 1;
}

/**
 * Target groups of the online-processing targets (Government's Resolution on e-government: 80 % for
 * ministries, 60 % for provinces, 30 % for districts): level-1 codes ending in G.. are central bodies,
 * H.. provinces; everything below level 2 counts with districts and communes.
 */
export type TargetGroup = 'ministry' | 'province' | 'district';

export function targetGroupOf(code: string, level: number): TargetGroup {
  if (level >= 3) return 'district';
  return /\.H\d{2}$/.test(code) ? 'province' : 'ministry';
}
