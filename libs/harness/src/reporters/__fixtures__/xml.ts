/**
 * A tiny XML parser for tests: enough to prove a document is well-formed (one root, tags nested
 * and closed, attributes quoted, only the five predefined entities or character references) and
 * to read it back as a tree. Throws on anything it does not accept.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_][\w.-]*/;

function decode(text: string, at: number): string {
  return text.replace(/&([^;]*);?/g, (match, ref: string) => {
    if (!match.endsWith(';')) throw new Error(`bare & near offset ${at}`);
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (named[ref] !== undefined) return named[ref]!;
    const m = /^#(x[0-9a-fA-F]+|\d+)$/.exec(ref);
    if (!m) throw new Error(`unknown entity &${ref}; near offset ${at}`);
    return String.fromCodePoint(ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10));
  });
}

export function parseXml(xml: string): XmlElement {
  let i = 0;
  if (xml.startsWith('<?xml')) {
    i = xml.indexOf('?>') + 2;
    if (i < 2) throw new Error('unterminated XML declaration');
  }
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt === -1 ? xml.length : lt);
    if (text.includes('>')) throw new Error(`stray > near offset ${i}`);
    if (stack.length) stack[stack.length - 1]!.text += decode(text, i);
    else if (text.trim()) throw new Error(`text outside the root element near offset ${i}`);
    if (lt === -1) break;
    i = lt;
    if (xml.startsWith('</', i)) {
      const end = xml.indexOf('>', i);
      const name = xml.slice(i + 2, end).trim();
      const open = stack.pop();
      if (!open || open.name !== name) throw new Error(`</${name}> does not close <${open?.name}> near offset ${i}`);
      i = end + 1;
      continue;
    }
    i += 1;
    const name = NAME.exec(xml.slice(i))?.[0];
    if (!name) throw new Error(`bad tag name near offset ${i}`);
    i += name.length;
    const element: XmlElement = { name, attrs: {}, children: [], text: '' };
    for (;;) {
      const ws = /^\s*/.exec(xml.slice(i))![0].length;
      i += ws;
      if (xml.startsWith('/>', i) || xml[i] === '>') break;
      if (!ws) throw new Error(`missing space before attribute near offset ${i}`);
      const m = /^([A-Za-z_:][\w.:-]*)="([^"<]*)"/.exec(xml.slice(i));
      if (!m) throw new Error(`bad attribute near offset ${i}`);
      if (m[1]! in element.attrs) throw new Error(`duplicate attribute ${m[1]} near offset ${i}`);
      element.attrs[m[1]!] = decode(m[2]!, i);
      i += m[0].length;
    }
    if (stack.length) stack[stack.length - 1]!.children.push(element);
    else if (root) throw new Error('more than one root element');
    else root = element;
    if (xml.startsWith('/>', i)) i += 2;
    else {
      i += 1;
      stack.push(element);
    }
  }
  if (stack.length) throw new Error(`<${stack[stack.length - 1]!.name}> is never closed`);
  if (!root) throw new Error('no root element');
  return root;
}

/** Every element named `name` under `element` (depth first). */
export function all(element: XmlElement, name: string): XmlElement[] {
  return element.children.flatMap((c) => [...(c.name === name ? [c] : []), ...all(c, name)]);
}
