import {
  CrawlPatternError,
  CrawlQueue,
  compileExcludes,
  isDownload,
  isSameOrigin,
  linkSkipReason,
  normaliseUrl,
  parseSitemap,
} from './crawl.js';

describe(normaliseUrl.name, () => {
  it('resolves relative links and drops the fragment and an empty query', () => {
    expect(normaliseUrl('b.html#top', 'http://site.test/a/index.html')).toBe('http://site.test/a/b.html');
    expect(normaliseUrl('/c?', 'http://site.test/a/')).toBe('http://site.test/c');
    expect(normaliseUrl('HTTP://Site.Test:80/x?q=1#y')).toBe('http://site.test/x?q=1');
    expect(normaliseUrl('#only-a-fragment', 'http://site.test/a')).toBe('http://site.test/a');
  });

  it('refuses anything that is not http or https', () => {
    for (const href of ['mailto:a@b.test', 'tel:123', 'javascript:void(0)', 'data:text/html,x', 'file:///etc/passwd', 'ftp://site.test/']) {
      expect(normaliseUrl(href, 'http://site.test/')).toBeUndefined();
    }
    expect(normaliseUrl('http://[bad')).toBeUndefined();
  });
});

describe(isSameOrigin.name, () => {
  it('needs scheme, host and port to match', () => {
    const origins = new Set(['http://site.test']);
    expect(isSameOrigin('http://site.test/a', origins)).toBe(true);
    expect(isSameOrigin('https://site.test/a', origins)).toBe(false);
    expect(isSameOrigin('http://site.test:8080/a', origins)).toBe(false);
    expect(isSameOrigin('http://sub.site.test/a', origins)).toBe(false);
    expect(isSameOrigin('http://site.test/a', ['http://site.test'])).toBe(true);
  });
});

describe(isDownload.name, () => {
  it('tells files from pages by extension', () => {
    expect(isDownload('http://site.test/files/report.PDF')).toBe(true);
    expect(isDownload('http://site.test/data.csv?v=2')).toBe(true);
    expect(isDownload('http://site.test/page.html')).toBe(false);
    expect(isDownload('http://site.test/cases/1042')).toBe(false);
    expect(isDownload('http://site.test/v1.2/guide')).toBe(false);
    expect(isDownload('http://site.test/.well-known')).toBe(false);
  });
});

describe(compileExcludes.name, () => {
  it('matches globs against the path and query, or the whole address when they hold ://', () => {
    const excluded = compileExcludes(['/admin/**', '/*.php', 'https://other.test/**', '/search?*']);
    expect(excluded('http://site.test/admin/users/1')).toBe(true);
    expect(excluded('http://site.test/admin')).toBe(false);
    expect(excluded('http://site.test/index.php')).toBe(true);
    expect(excluded('http://site.test/a/index.php')).toBe(false);
    expect(excluded('https://other.test/x')).toBe(true);
    expect(excluded('http://site.test/search?q=1')).toBe(true);
    expect(excluded('http://site.test/cases/1042')).toBe(false);
  });

  it('takes regular expressions between slashes, and says when one is broken', () => {
    const excluded = compileExcludes(['/\\/logout$/i']);
    expect(excluded('http://site.test/LOGOUT')).toBe(true);
    expect(excluded('http://site.test/logout/now')).toBe(false);
    expect(() => compileExcludes(['/(/'])).toThrow(CrawlPatternError);
    expect(() => compileExcludes(['/(/'])).toThrow(/is not a valid regular expression/);
    expect(() => compileExcludes(['  '])).toThrow(/empty/);
  });
});

describe(linkSkipReason.name, () => {
  const origins = new Set(['http://site.test']);
  const none = () => false;
  it('follows same-origin page links and says why it skips the rest', () => {
    expect(linkSkipReason({ href: 'http://site.test/a#x' }, origins, none)).toEqual({ address: 'http://site.test/a' });
    expect(linkSkipReason({ href: 'mailto:x@site.test' }, origins, none)).toEqual({ skip: 'not-http' });
    expect(linkSkipReason({ href: 'http://elsewhere.test/' }, origins, none).skip).toBe('other-origin');
    expect(linkSkipReason({ href: 'http://site.test/b', rel: 'external NoFollow' }, origins, none).skip).toBe('nofollow');
    expect(linkSkipReason({ href: 'http://site.test/b', download: true }, origins, none).skip).toBe('download');
    expect(linkSkipReason({ href: 'http://site.test/b.zip' }, origins, none).skip).toBe('download');
    expect(linkSkipReason({ href: 'http://site.test/admin' }, origins, compileExcludes(['/admin'])).skip).toBe('excluded');
  });
});

describe(parseSitemap.name, () => {
  it('reads page addresses from a urlset, with entities, CDATA and namespace prefixes', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<!-- <url><loc>http://site.test/commented-out</loc></url> -->
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>http://site.test/a</loc><lastmod>2025-01-01</lastmod></url>
  <url>
    <loc>
      http://site.test/b?x=1&amp;y=2
    </loc>
  </url>
  <url><loc><![CDATA[http://site.test/c?q=<1>]]></loc></url>
</urlset>`;
    expect(parseSitemap(xml)).toEqual({ kind: 'urlset', urls: ['http://site.test/a', 'http://site.test/b?x=1&y=2', 'http://site.test/c?q=<1>'], sitemaps: [] });
    expect(parseSitemap('<sm:urlset xmlns:sm="x"><sm:url><sm:loc>http://site.test/p</sm:loc></sm:url></sm:urlset>').urls).toEqual(['http://site.test/p']);
  });

  it('reads child sitemaps from a sitemap index', () => {
    const xml = '<sitemapindex><sitemap><loc>http://site.test/pages.xml</loc></sitemap><sitemap><loc>http://site.test/more.xml</loc></sitemap></sitemapindex>';
    expect(parseSitemap(xml)).toEqual({ kind: 'sitemapindex', urls: [], sitemaps: ['http://site.test/pages.xml', 'http://site.test/more.xml'] });
  });

  it('finds nothing in a document that is not a sitemap', () => {
    expect(parseSitemap('<!doctype html><html><body>Not found</body></html>')).toEqual({ kind: 'unknown', urls: [], sitemaps: [] });
    expect(parseSitemap('')).toEqual({ kind: 'unknown', urls: [], sitemaps: [] });
  });
});

describe(CrawlQueue.name, () => {
  it('keeps first-seen order, each address once, at most maxPages', () => {
    const queue = new CrawlQueue(3);
    expect(queue.add('a')).toBe(true);
    expect(queue.add('a')).toBe(false);
    queue.add('b');
    queue.add('c');
    expect(queue.full).toBe(true);
    expect(queue.add('d')).toBe(false);
    expect(queue.take(2)).toEqual(['a', 'b']);
    expect(queue.take(2)).toEqual(['c']);
    expect(queue.take(2)).toEqual([]);
    expect(queue.addresses).toEqual(['a', 'b', 'c']);
  });

  it('gives the place of an address that turned out not to be a page to the first one found while full', () => {
    const queue = new CrawlQueue(2);
    queue.add('a');
    queue.add('feed');
    expect(queue.add('c')).toBe(false);
    queue.add('d');
    expect(queue.take(5)).toEqual(['a', 'feed']);
    queue.drop('feed');
    expect(queue.addresses).toEqual(['a', 'c']);
    expect(queue.take(5)).toEqual(['c']);
    expect(queue.full).toBe(true);
    // Neither a dropped address nor one already waiting is queued again.
    expect(queue.add('feed')).toBe(false);
    expect(queue.add('d')).toBe(false);
    queue.drop('c');
    expect(queue.addresses).toEqual(['a', 'd']);
  });
});
