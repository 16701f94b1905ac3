/** UTF-16 helpers for tests that check no text is cut inside a surrogate pair. */

export const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
export const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/** Whether the string holds half of a surrogate pair without the other half. */
export function hasLoneSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isHigh(c) && isLow(s.charCodeAt(i + 1))) i += 1;
    else if (isHigh(c) || isLow(c)) return true;
  }
  return false;
}
