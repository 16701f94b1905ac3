import path from 'node:path';

/** One entry of a back-of-book index: a name it gives the page a link points to. */
export interface IndexEntry {
  /** The entry's words: "Merge all layers", or "Opacity brush" for a sub-entry under "Opacity". */
  name: string;
  /** The link as written in the page, relative to it: "gimp-image-flatten.html#idm123". */
  href: string;
}

/** What marks a back-of-book index: DocBook's index/indexdiv, Sphinx's genindex table. */
const INDEX_CLASS = /(?:^|\s)(?:index|indexdiv|genindextable)(?:\s|$)/i;

/** What separates an entry's words from the links after it: "Flatten，" "Flatten, " "Flatten:". */
const TRAILING_PUNCTUATION = /[\s,，:：;；]+$/u;

const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();

interface OpenEntry {
  /** The entry's own text outside its links. */
  words: string;
  /** The text of its links, in case the entry is nothing but a link (Sphinx). */
  linkText: string;
  hrefs: string[];
  /** Nesting depth of definition lists around a <dt> entry (0 for <li> entries). */
  depth: number;
}

/**
 * Reads the entries of a back-of-book index from the same tag stream as the page: each <dt> or <li>
 * inside an index names the pages it links to with its own words ("Merge all layers，Flatten Image" says
 * "Merge all layers" is a name of the Flatten Image page). The page reader drops the index from the text
 * (a list of names is no answer); its entries become other names of the pages they point to.
 */
export class BookIndexReader {
  readonly entries: IndexEntry[] = [];
  /** Depth of elements inside the outermost index element (0 outside any index). */
  private depth = 0;
  private dl = 0;
  private readonly open: OpenEntry[] = [];
  /** The words of the last <dt> entry at each definition-list depth: the parents of sub-entries. */
  private readonly parents: string[] = [];
  private link = false;

  /** Whether the tags read so far are inside an index. */
  get inside(): boolean {
    return this.depth > 0;
  }

  onOpen(name: string, attribs: Record<string, string>): void {
    if (this.depth === 0) {
      if (attribs.class !== undefined && INDEX_CLASS.test(attribs.class)) this.depth = 1;
      return;
    }
    this.depth++;
    if (name === 'dl') this.dl++;
    else if (name === 'dt' || name === 'li') {
      this.open.push({ words: '', linkText: '', hrefs: [], depth: name === 'dt' ? this.dl : 0 });
    } else if (name === 'a' && attribs.href) {
      this.link = true;
      this.open.at(-1)?.hrefs.push(attribs.href);
    }
  }

  onClose(name: string): void {
    if (this.depth === 0) return;
    this.depth--;
    if (name === 'dl') this.dl--;
    else if (name === 'a') this.link = false;
    else if ((name === 'dt' || name === 'li') && this.open.length > 0) {
      const entry = this.open.pop()!;
      const own = collapse(entry.words).replace(TRAILING_PUNCTUATION, '') || collapse(entry.linkText);
      if (!own) return;
      let words = own;
      if (entry.depth > 0) {
        this.parents.length = entry.depth - 1;
        const parents = this.parents.filter(Boolean);
        this.parents[entry.depth - 1] = own;
        words = [...parents, own].join(' ');
      }
      for (const href of entry.hrefs) this.entries.push({ name: words, href });
    }
  }

  onText(data: string): void {
    const entry = this.open.at(-1);
    if (this.depth === 0 || entry === undefined) return;
    if (this.link) entry.linkText += data;
    else entry.words += data;
  }
}

/** At most this many index names are added to one document (a glossary can be the target of hundreds). */
export const MAX_INDEX_ALIASES = 24;

/** The document id a link in document `from` points to, or null for links out of the corpus. */
function linkTarget(from: string, href: string): string | null {
  const file = href.replace(/[?#].*$/s, '');
  if (file === '' || /^[a-z][a-z\d+.-]*:/i.test(file) || file.startsWith('/')) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(file);
  } catch {
    return null;
  }
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(from), decoded));
  return target.startsWith('../') ? null : target;
}

/**
 * Adds the names index entries give to the documents they point to, as aliases (other names of a
 * document count as its title): a manual's index that files "Merge all layers" under the Flatten Image
 * page makes a question about merging all layers find that page. Names that repeat the title or an alias
 * are skipped; documents are changed in place.
 */
export function addIndexAliases(
  documents: Array<{ id: string; title: string; aliases?: readonly string[] }>,
  entries: ReadonlyMap<string, readonly IndexEntry[]>,
): void {
  const byId = new Map(documents.map((d) => [d.id, d]));
  const added = new Map<string, string[]>();
  for (const [from, list] of entries) {
    for (const entry of list) {
      const target = linkTarget(from, entry.href);
      const doc = target === null ? undefined : byId.get(target);
      if (doc === undefined) continue;
      const names = added.get(doc.id) ?? [...(doc.aliases ?? [])];
      added.set(doc.id, names);
      if (names.length >= (doc.aliases?.length ?? 0) + MAX_INDEX_ALIASES) continue;
      const key = entry.name.toLowerCase();
      if (key === doc.title.toLowerCase() || names.some((n) => n.toLowerCase() === key)) continue;
      names.push(entry.name);
    }
  }
  for (const [id, names] of added) byId.get(id)!.aliases = names;
}
