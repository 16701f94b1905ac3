/**
 * What the HTML format keeps of a page and how it names it: the elements dropped as page chrome, those
 * that start a block, and the page's title from <title> and its first heading.
 */

/** Elements whose content is not for reading: code, styling, navigation, page chrome, controls. */
export const DROPPED = new Set([
  'head',
  'script',
  'style',
  'noscript',
  'template',
  'nav',
  'header',
  'footer',
  'form',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
  'canvas',
  'button',
  'select',
  'textarea',
  'input',
  'audio',
  'video',
  'map',
]);

/** The elements a back-of-book index lists its entries in. */
export const ENTRY_LISTS = new Set(['dl', 'ul', 'ol', 'table']);

/** Elements that end the text before them and start a block of their own. */
export const BLOCKS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'caption',
  'center',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'hgroup',
  'hr',
  'html',
  'legend',
  'li',
  'main',
  'ol',
  'p',
  'section',
  'summary',
  'ul',
]);

// Navigation by class or role, as documentation generators write it: DocBook's navheader/navfooter tables,
// breadcrumbs, skip links, menus and sidebars of site themes, tables of contents (DocBook's and Sphinx's
// toc, Docusaurus's table-of-contents): a list of other pages' titles answers nothing itself.
const BOILERPLATE_CLASS =
  /(?:^|\s)(?:navheader|navfooter|breadcrumbs?|skip-?links?|navbar|navigation|site-?nav|sidebar-?nav|menu|pager|related-?links|toc|toctree-wrapper|table-of-contents)(?:\s|$)/i;
const BOILERPLATE_ROLE = /^(?:navigation|banner|contentinfo|search|menu|menubar)$/i;

export function isDropped(name: string, a: Record<string, string>): boolean {
  if (DROPPED.has(name)) return true;
  if ('hidden' in a || a['aria-hidden'] === 'true') return true;
  if (a.role && BOILERPLATE_ROLE.test(a.role)) return true;
  return a.class !== undefined && BOILERPLATE_CLASS.test(a.class);
}

export const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** How site generators join a page's name and the site's in <title>: "Install | Docs", "Docs - Install". */
const TITLE_SEPARATOR = /\s+[|\-–—·»]\s+/;

const sameText = (a: string, b: string): boolean => a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;

/**
 * The page's title and other names from <title> and its first heading. A <title> that joins the heading
 * with the site's name ("Install | Docs") gives the heading alone; a <title> that does not name the heading
 * (a site-wide "Docs" on every page) stays the title, with the heading as another name; without <title>
 * the first heading is the title.
 */
export function pageTitle(title: string | null, heading: string | null): { title: string | null; aliases: string[] } {
  if (title === null || heading === null) return { title: title ?? heading, aliases: [] };
  if (sameText(title, heading)) return { title, aliases: [] };
  if (title.split(TITLE_SEPARATOR).some((part) => sameText(part, heading))) return { title: heading, aliases: [] };
  const [t, h] = [title.toLowerCase(), heading.toLowerCase()];
  if (t.includes(h) || h.includes(t)) return { title, aliases: [] };
  return { title, aliases: [heading] };
}
