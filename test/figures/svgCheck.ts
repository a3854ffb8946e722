/** Test helpers: a small well-formedness check of SVG/XML and the text it shows. */

/** Throws unless every tag is closed in order (comments, declarations and self-closing tags handled). */
export function assertWellFormed(xml: string): void {
  const stack: string[] = [];
  const re =
    /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml))) {
    if (xml.slice(last, m.index).includes('<'))
      throw new Error(`malformed markup near offset ${last}: ${xml.slice(last, last + 80)}`);
    last = re.lastIndex;
    if (!m[2]) continue;
    if (m[1] === '/') {
      const open = stack.pop();
      if (open !== m[2]) throw new Error(`</${m[2]}> closes <${open}>`);
    } else if (m[4] !== '/') stack.push(m[2]);
  }
  if (xml.slice(last).includes('<')) throw new Error('malformed markup at the end');
  if (stack.length > 0) throw new Error(`unclosed tags: ${stack.join(', ')}`);
}

/** The text content of every <text> element, XML entities decoded. */
export function svgTexts(svg: string): string[] {
  const out: string[] = [];
  for (const m of svg.matchAll(/<text\b[^>]*>([\s\S]*?)<\/text>/g)) {
    out.push(
      m[1]
        .replace(/<[^>]+>/g, '')
        .replaceAll('&lt;', '<')
        .replaceAll('&gt;', '>')
        .replaceAll('&quot;', '"')
        .replaceAll('&#39;', "'")
        .replaceAll('&amp;', '&'),
    );
  }
  return out;
}
