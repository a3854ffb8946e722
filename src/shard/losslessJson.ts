/** Tag of a number JSON cannot hold (NaN, ±Infinity, −0) in a part file. */
const TAG = '$dlgenNumber';

/**
 * JSON text that decodes (with `decodeLossless`) to exactly the same values: NaN, ±Infinity and
 * −0 are written as `{"$dlgenNumber": "…"}`; finite doubles round-trip through JSON bit for bit.
 */
export function encodeLossless(value: unknown, indent?: number): string {
  return JSON.stringify(
    value,
    function (this: Record<string, unknown>, key: string, v: unknown) {
      // The replacer sees toJSON'ed values; read the raw one to catch −0 (JSON.stringify turns it into 0).
      const raw = key === '' ? v : this[key];
      if (typeof raw === 'number' && (!Number.isFinite(raw) || Object.is(raw, -0)))
        return { [TAG]: Object.is(raw, -0) ? '-0' : String(raw) };
      return v;
    },
    indent,
  );
}

/** The value of `encodeLossless` text; throws SyntaxError on text that is not JSON. */
export function decodeLossless(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1 && keys[0] === TAG) {
        const s = (v as Record<string, unknown>)[TAG];
        if (s === '-0') return -0;
        if (s === 'NaN' || s === 'Infinity' || s === '-Infinity') return Number(s);
      }
    }
    return v;
  });
}
