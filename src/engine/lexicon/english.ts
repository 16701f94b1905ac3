import irregularList from './english-irregular.json' with { type: 'json' };

/** Irregular forms → the word they come from (left → leave, children → child). */
const IRREGULAR: ReadonlyMap<string, string> = new Map(Object.entries(irregularList.forms));

/** The word an irregular form comes from (left → leave), or undefined. */
export function irregularBase(word: string): string | undefined {
  return IRREGULAR.get(word.toLowerCase());
}

/**
 * The forms an English word may have come from, the word itself first: layers → layer, flipped → flip,
 * deleted → delete, compressing → compress, copies → copy, left → leave, officially → official.
 */
export function lemmaCandidates(word: string): string[] {
  const w = word.toLowerCase();
  const out = [w];
  const irregular = IRREGULAR.get(w);
  if (irregular !== undefined) out.push(irregular);
  const add = (stem: string): void => {
    if (stem.length >= 2) out.push(stem);
  };
  if (w.endsWith('ies')) add(w.slice(0, -3) + 'y');
  if (w.endsWith('es')) add(w.slice(0, -2));
  if (w.endsWith('s') && !w.endsWith('ss')) add(w.slice(0, -1));
  // Adverbs: officially → official, easily → easy, basically → basic.
  if (w.endsWith('ly') && w.length >= 5) {
    add(w.slice(0, -2));
    if (w.endsWith('ily')) add(w.slice(0, -3) + 'y');
    if (w.endsWith('ally')) add(w.slice(0, -4));
  }
  for (const suffix of ['ed', 'ing']) {
    if (!w.endsWith(suffix)) continue;
    const stem = w.slice(0, -suffix.length);
    add(stem);
    add(stem + 'e');
    if (/([b-df-hj-np-tv-z])\1$/.test(stem)) add(stem.slice(0, -1));
    if (stem.endsWith('i')) add(stem.slice(0, -1) + 'y');
  }
  return [...new Set(out)];
}
