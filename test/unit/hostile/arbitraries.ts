// Hostile strings and JSON for property-based tests (fast-check): what a pasted spreadsheet, a
// crafted import file or backup, or a curious user can put into a field. Shared by the form, data
// layer and importer tests here, and meant for the backup reader's too.
//
// Each family is also exported on its own, so a test can say which kind of input broke it.
import fc from 'fast-check';

/** Markup that runs script if it ever reaches the DOM as HTML (each one sets `window.__pwned` or alerts). */
export const SCRIPT_PAYLOADS = [
  '<img src=x onerror=alert(1)>',
  '<script>window.__pwned=1</script>',
  '"><svg onload="window.__pwned=1">',
  "'><iframe srcdoc='<script>parent.__pwned=1</script>'>",
  '<a href="javascript:window.__pwned=1">x</a>',
  'javascript:window.__pwned=1',
  '<style>@import "http://example.invalid/x.css";</style>',
  '{{constructor.constructor("window.__pwned=1")()}}',
  '${window.__pwned=1}',
  '=HYPERLINK("http://example.invalid","x")',
  "+cmd|' /C calc'!A0",
] as const;

/** Right-to-left overrides and isolates, which can make "gpj.exe" read as "exe.jpg". */
export const BIDI_CONTROLS = [
  '\u202E',
  '\u202D',
  '\u202A',
  '\u202B',
  '\u202C',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200F',
  '\u200E',
  '\u061C',
] as const;

/** Zero-width and other invisible format characters. */
export const ZERO_WIDTH = ['\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD', '\u180E'] as const;

/** Unpaired UTF-16 surrogates: not valid Unicode, but valid in a JS string and in IndexedDB. */
export const LONE_SURROGATES = ['\uD800', '\uDBFF', '\uDC00', '\uDFFF', 'a\uD83D', '\uDE00b'] as const;

/** One mebibyte (UTF-16 units) of text. */
export const ONE_MB = 1 << 20;

export const scriptMarkup = fc.constantFrom(...SCRIPT_PAYLOADS);
export const bidiControl = fc.constantFrom(...BIDI_CONTROLS);
export const zeroWidth = fc.constantFrom(...ZERO_WIDTH);
export const loneSurrogate = fc.constantFrom(...LONE_SURROGATES);

/** A 1 MB string of a repeated piece (markup, a letter, a CJK character, a surrogate pair, a separator). */
export const hugeString = fc
  .constantFrom('a', '<img src=x onerror=alert(1)>', '张', '😀', ', ', '\u202E', ' ')
  .map((piece) => piece.repeat(Math.ceil(ONE_MB / piece.length)).slice(0, ONE_MB));

/** One hostile piece of any family, except the 1 MB strings (those are slow: use `hostileString`). */
export const hostilePiece = fc.oneof(scriptMarkup, bidiControl, zeroWidth, loneSurrogate);

/**
 * A hostile string: ordinary text (any Unicode, including whole surrogate pairs) with hostile pieces
 * mixed in, or a 1 MB string now and then (`huge: false` leaves those out).
 */
export function hostileString(options: { huge?: boolean } = {}): fc.Arbitrary<string> {
  const mixed = fc
    .array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 12 }), hostilePiece), { minLength: 1, maxLength: 6 })
    .map((parts) => parts.join(''));
  return options.huge === false
    ? mixed
    : fc.oneof({ weight: 12, arbitrary: mixed }, { weight: 1, arbitrary: hugeString });
}

/** Keys that pollute prototypes when an object is merged or assigned naively. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** A value with prototype-polluting keys at any depth, for JSON.stringify → a reader's JSON.parse. */
export const pollutingValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant({ polluted: true }),
    fc.string({ maxLength: 8 }),
    fc.integer(),
    fc.dictionary(fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), fc.string({ maxLength: 6 })), tie('value'), {
      maxKeys: 4,
    }),
    fc.array(tie('value'), { maxLength: 3 }),
  ),
})).value;

/**
 * JSON text whose objects carry `__proto__`, `constructor` and `prototype` keys (JSON.stringify
 * cannot write a `__proto__` key from an object literal, so the text is built by hand).
 */
export const pollutingJson: fc.Arbitrary<string> = fc
  .tuple(pollutingValue, fc.constantFrom(...PROTOTYPE_KEYS))
  .map(
    ([inner, key]) =>
      `{"${key}":{"polluted":true,"prototype":{"polluted":true}},"__proto__":{"polluted":true},"inner":${JSON.stringify(inner) ?? 'null'}}`,
  );

/** Throws if any test input managed to add a property to Object.prototype (or Array.prototype). */
export function assertNoPrototypePollution(): void {
  const probe: Record<string, unknown> = {};
  const arrayProbe: unknown[] = [];
  if (
    'polluted' in probe ||
    'polluted' in arrayProbe ||
    Object.getOwnPropertyNames(Object.prototype).includes('polluted')
  ) {
    throw new Error('Object.prototype was polluted');
  }
}

/**
 * Hostile text an .xlsx file can carry unchanged: markup, bidi overrides, zero-width characters and
 * printable ASCII, between two letters (XML cannot hold control characters or lone surrogates, and
 * readers trim a cell's outer white space).
 */
export const xlsxSafeText: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(scriptMarkup, bidiControl, zeroWidth, fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 8 })),
    {
      minLength: 1,
      maxLength: 5,
    },
  )
  .map((parts) => `x${parts.join('')}x`);
