/**
 * The pure half of `atcompat scan --crawl`: which links are worth following and in what order.
 * URL normalisation, the same-origin rule, download detection, exclude patterns, sitemap XML and
 * the breadth-first queue. The browser half (loading pages, reading their links) is driver/crawl.ts.
 */

/** Crawl at most this many pages unless told otherwise. */
export const DEFAULT_MAX_PAGES = 50;

/**
 * File types that are downloads, not pages (by the address's extension). Audited pages are HTML;
 * following these would fetch large files for nothing.
 */
export const DOWNLOAD_EXTENSIONS: ReadonlySet<string> = new Set([
  '7z', 'apk', 'avi', 'bin', 'bmp', 'bz2', 'csv', 'dmg', 'doc', 'docx', 'eot', 'epub', 'exe', 'flac', 'gif', 'gz',
  'ico', 'ics', 'iso', 'jar', 'jpeg', 'jpg', 'js', 'json', 'css', 'm4a', 'm4v', 'mkv', 'mov', 'mp3', 'mp4', 'mpeg',
  'mpg', 'msi', 'odp', 'ods', 'odt', 'ogg', 'otf', 'pdf', 'png', 'ppt', 'pptx', 'rar', 'rss', 'rtf', 'svg', 'tar',
  'tgz', 'tif', 'tiff', 'ttf', 'txt', 'wav', 'webm', 'webp', 'woff', 'woff2', 'xls', 'xlsx', 'xml', 'xz', 'zip',
]);

/**
 * The one spelling of a page address: resolved against `base`, without its fragment (`#…` is the
 * same page) or an empty `?`. Undefined for anything that is not http(s) (mailto:, tel:,
 * javascript:, data:, file:) or cannot be parsed.
 */
export function normaliseUrl(href: string, base?: string): string | undefined {
  let url: URL;
  try {
    url = base === undefined ? new URL(href.trim()) : new URL(href.trim(), base);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.hash = '';
  if (url.search === '') url.search = '';
  return url.href;
}

/** The origin (`http://host:port`) of an absolute http(s) address, or undefined. */
export function originOf(address: string): string | undefined {
  try {
    const url = new URL(address);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/** True when `address` has one of `origins` (scheme, host and port all equal). */
export function isSameOrigin(address: string, origins: ReadonlySet<string> | readonly string[]): boolean {
  const origin = originOf(address);
  if (!origin) return false;
  return origins instanceof Set ? origins.has(origin) : (origins as readonly string[]).includes(origin);
}

/** True when the address's last path segment has a download extension (`report.pdf`, `data.csv`). */
export function isDownload(address: string): boolean {
  let pathname: string;
  try {
    pathname = new URL(address).pathname;
  } catch {
    return false;
  }
  const last = pathname.slice(pathname.lastIndexOf('/') + 1);
  const dot = last.lastIndexOf('.');
  if (dot <= 0) return false;
  return DOWNLOAD_EXTENSIONS.has(decodeURIComponentSafe(last.slice(dot + 1)).toLowerCase());
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A pattern that cannot be used; the message says why in plain English. */
export class CrawlPatternError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CrawlPatternError';
  }
}

function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i += 1) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        out += '.*';
        i += 1;
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/**
 * Compiles exclude patterns into one test. Each pattern is either a regular expression between
 * slashes (`/\/admin\//i`, tested against the whole address) or a glob: `*` is any run of
 * characters except `/`, `**` any run at all, `?` one character. A glob with `://` is matched
 * against the whole address (`https://casework.test/admin/**`); any other glob against the path
 * and query (`/admin/**`, `/**\/*.pdf`, `/search?*`).
 */
export function compileExcludes(patterns: readonly string[]): (address: string) => boolean {
  const tests = patterns.map((raw): ((address: string) => boolean) => {
    const pattern = raw.trim();
    if (!pattern) throw new CrawlPatternError('An exclude pattern is empty.');
    const regex = /^\/(.+)\/([a-z]*)$/s.exec(pattern);
    if (regex) {
      let re: RegExp;
      try {
        re = new RegExp(regex[1]!, regex[2]!.replace(/[gy]/g, ''));
      } catch (error) {
        throw new CrawlPatternError(`The exclude pattern ${pattern} is not a valid regular expression (${(error as Error).message}).`);
      }
      return (address) => re.test(address);
    }
    const re = globToRegExp(pattern);
    if (pattern.includes('://')) return (address) => re.test(address);
    return (address) => {
      try {
        const url = new URL(address);
        return re.test(`${url.pathname}${url.search}`);
      } catch {
        return false;
      }
    };
  });
  return (address) => tests.some((t) => t(address));
}

/** A link as the page reported it. */
export interface DiscoveredLink {
  /** The `href` as resolved by the browser (absolute). */
  href: string;
  /** The `rel` attribute, if any. */
  rel?: string | null;
  /** True when the link has a `download` attribute. */
  download?: boolean;
}

/** Why a discovered address is not followed, or undefined when it is. */
export type SkipReason = 'not-http' | 'other-origin' | 'nofollow' | 'download' | 'excluded';

/** Decides whether to follow a link found on a page. */
export function linkSkipReason(
  link: DiscoveredLink,
  origins: ReadonlySet<string>,
  excluded: (address: string) => boolean,
): { address?: string; skip?: SkipReason } {
  const address = normaliseUrl(link.href);
  if (!address) return { skip: 'not-http' };
  if (!isSameOrigin(address, origins)) return { address, skip: 'other-origin' };
  if (link.rel && /(^|\s)nofollow(\s|$)/i.test(link.rel)) return { address, skip: 'nofollow' };
  if (link.download || isDownload(address)) return { address, skip: 'download' };
  if (excluded(address)) return { address, skip: 'excluded' };
  return { address };
}

/** What a sitemap file lists: page addresses (`<urlset>`) or further sitemaps (`<sitemapindex>`). */
export interface SitemapContents {
  kind: 'urlset' | 'sitemapindex' | 'unknown';
  /** Page addresses, in file order. */
  urls: string[];
  /** Child sitemap addresses (of a sitemap index), in file order. */
  sitemaps: string[];
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function xmlText(raw: string): string {
  const cdata = /^\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*$/.exec(raw);
  if (cdata) return cdata[1]!.trim();
  return raw
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (match, ref: string) => {
      if (ref[0] === '#') {
        const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
        return Number.isFinite(code) ? String.fromCodePoint(code) : match;
      }
      return XML_ENTITIES[ref.toLowerCase()] ?? match;
    })
    .trim();
}

/**
 * Reads a sitemap (sitemaps.org protocol): `<urlset><url><loc>` or `<sitemapindex><sitemap><loc>`.
 * Namespace prefixes are allowed; comments are ignored; anything else is tolerated, since sitemaps
 * in the wild are often hand-made. Returns `unknown` with nothing in it for a document that is
 * not a sitemap (an HTML error page served as /sitemap.xml).
 */
export function parseSitemap(xml: string): SitemapContents {
  const text = xml.replace(/<!--[\s\S]*?-->/g, '');
  const root = /<(?:[\w-]+:)?(urlset|sitemapindex)[\s>]/i.exec(text)?.[1]?.toLowerCase();
  if (root !== 'urlset' && root !== 'sitemapindex') return { kind: 'unknown', urls: [], sitemaps: [] };
  const entry = root === 'urlset' ? 'url' : 'sitemap';
  const locs: string[] = [];
  const entries = new RegExp(`<(?:[\\w-]+:)?${entry}(?:\\s[^>]*)?>([\\s\\S]*?)</(?:[\\w-]+:)?${entry}\\s*>`, 'gi');
  for (const m of text.matchAll(entries)) {
    const loc = /<(?:[\w-]+:)?loc(?:\s[^>]*)?>([\s\S]*?)<\/(?:[\w-]+:)?loc\s*>/i.exec(m[1]!);
    if (loc) {
      const value = xmlText(loc[1]!);
      if (value) locs.push(value);
    }
  }
  return root === 'urlset' ? { kind: 'urlset', urls: locs, sitemaps: [] } : { kind: 'sitemapindex', urls: [], sitemaps: locs };
}

/**
 * The crawl's breadth-first queue: addresses in the order they were first seen, each once, at most
 * `maxPages`. Pages are visited in queue order and their links appended in page order, so the
 * result is the same however many pages load at once.
 */
export class CrawlQueue {
  private readonly seen = new Set<string>();
  private readonly list: string[] = [];
  private readonly dropped = new Set<string>();
  /** Addresses found while the queue was full, in order: they fill places that drops free. */
  private readonly overflow: string[] = [];
  private cursor = 0;

  constructor(readonly maxPages: number = DEFAULT_MAX_PAGES) {}

  /** Adds an address unless it was seen before or the queue is full; true when added. */
  add(address: string): boolean {
    if (this.seen.has(address)) return false;
    this.seen.add(address);
    if (this.full) {
      this.overflow.push(address);
      return false;
    }
    this.list.push(address);
    return true;
  }

  /**
   * Takes out an address that turned out not to be a page (a PDF served without an extension).
   * Its place goes to the first address found while the queue was full, as if the dropped one had
   * never been queued.
   */
  drop(address: string): void {
    if (!this.list.includes(address) || this.dropped.has(address)) return;
    this.dropped.add(address);
    const next = this.overflow.shift();
    if (next !== undefined) this.list.push(next);
  }

  /** True when `maxPages` addresses are queued. */
  get full(): boolean {
    return this.list.length - this.dropped.size >= this.maxPages;
  }

  /** Up to `n` addresses not yet visited, in queue order; marks them visited. */
  take(n: number): string[] {
    const batch = this.list.slice(this.cursor, this.cursor + Math.max(1, n));
    this.cursor += batch.length;
    return batch;
  }

  /** Every queued address that was not dropped, in order. */
  get addresses(): string[] {
    return this.list.filter((a) => !this.dropped.has(a));
  }
}
