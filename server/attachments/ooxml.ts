import { readZipEntries, readZipEntry, type ZipEntry } from './zip.js';

/**
 * Tells a plain Word document (.docx) from every other OOXML package, macro-enabled ones included,
 * the way Word itself does: by the package's declarations, never by part names (a VBA project renamed
 * from `vbaProject.bin` to `logo.dat` is still loaded when the declarations point at it).
 * - `_rels/.rels` names the main part (relationship type `officeDocument`); its content type (an
 *   `Override` for its part name, else the `Default` for its extension in `[Content_Types].xml`) must
 *   be exactly the wordprocessingml document type, not `…macroEnabled…` or a template;
 * - no content type declared anywhere in `[Content_Types].xml` may be a macro, VBA, ActiveX or
 *   key-map (macro shortcut) type;
 * - no relationship in any `.rels` part may have such a type.
 * The XML is read leniently (any prefix, either quote, entities decoded, UTF-8 or UTF-16), so spelling
 * tricks do not hide a declaration; a part that cannot be read refuses the file.
 */
export const WORD_MAIN_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml';
const OFFICE_DOCUMENT_REL = /\/relationships\/officeDocument$/i;
const ACTIVE_CONTENT = /macroenabled|vbaproject|vbadata|activex|keymapcustomizations/i;
const ACTIVE_RELATIONSHIP = /vbaproject|wordvbadata|activexcontrol|keymapcustomizations|attachedtoolbars/i;
const MAX_PART_BYTES = 1024 * 1024;
const MAX_RELATIONSHIP_PARTS = 1000;

/** null when the ZIP is a plain Word document, else why not. */
export function wordPackageProblem(bytes: Buffer): string | null {
  const entries = readZipEntries(bytes);
  if (typeof entries === 'string') return entries;
  const parts = new Map<string, ZipEntry>();
  for (const entry of entries) {
    // OPC part names compare case-insensitively: two spellings of one name are ambiguous.
    const name = entry.name.toLowerCase();
    if (parts.has(name)) return 'a ZIP archive with duplicate part names';
    parts.set(name, entry);
  }
  // Belt and braces: the usual name of a VBA project (the declarations below are what decide).
  if (parts.has('word/vbaproject.bin')) return 'a Word document with macros';
  const read = (name: string) => {
    const entry = parts.get(name);
    return entry ? decodeXml(readZipEntry(bytes, entry, MAX_PART_BYTES)) : undefined;
  };

  const manifest = read('[content_types].xml');
  const packageRels = read('_rels/.rels');
  if (!manifest || !packageRels) return 'a ZIP archive that is not a Word document';
  const defaults = new Map(elements(manifest, 'Default').map((a) => [(a.Extension ?? '').toLowerCase(), a.ContentType ?? '']));
  const overrides = new Map(elements(manifest, 'Override').map((a) => [partName(a.PartName ?? ''), a.ContentType ?? '']));
  if ([...defaults.values(), ...overrides.values()].some((type) => ACTIVE_CONTENT.test(type))) return 'a Word document with macros';

  const relationshipParts = [...parts.keys()].filter((name) => name.endsWith('.rels'));
  if (relationshipParts.length > MAX_RELATIONSHIP_PARTS) return 'a Word document with too many parts';
  for (const name of relationshipParts) {
    const text = read(name);
    if (text === undefined) return 'a Word document part that cannot be read';
    if (elements(text, 'Relationship').some((a) => ACTIVE_RELATIONSHIP.test(a.Type ?? ''))) return 'a Word document with macros';
  }

  const main = elements(packageRels, 'Relationship').filter((a) => OFFICE_DOCUMENT_REL.test(a.Type ?? '') && a.TargetMode?.toLowerCase() !== 'external');
  if (main.length !== 1) return 'a ZIP archive that is not a Word document';
  const mainPart = partName(main[0]!.Target ?? '');
  if (!parts.has(mainPart.slice(1))) return 'a ZIP archive that is not a Word document';
  const mainType = overrides.get(mainPart) ?? defaults.get(/\.([^./]+)$/.exec(mainPart)?.[1] ?? '');
  if (mainType?.toLowerCase() !== WORD_MAIN_TYPE) return 'a ZIP archive that is not a Word document';
  return null;
}

/** `/Word/./document.xml`, `word/document.xml`, `word%2Fdocument.xml` → `/word/document.xml`. */
function partName(raw: string): string {
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // Not percent-encoded after all: compare as written.
  }
  const segments: string[] = [];
  for (const segment of decoded.replace(/\\/g, '/').split('/')) {
    if (segment === '..') segments.pop();
    else if (segment !== '.' && segment !== '') segments.push(segment);
  }
  return `/${segments.join('/')}`.toLowerCase();
}

/** A part's text: UTF-16 when it starts with a byte-order mark (allowed by OPC), UTF-8 otherwise. */
function decodeXml(bytes: Buffer | null): string | undefined {
  if (!bytes) return undefined;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
  return bytes.toString('utf8');
}

/** The attributes of every `<name …>` / `<prefix:name …>` element, values entity-decoded. */
function elements(xml: string, name: string): Record<string, string>[] {
  const found: Record<string, string>[] = [];
  for (const match of xml.matchAll(new RegExp(`<(?:[\\w.-]+:)?${name}(?=[\\s/>])([^>]*)>`, 'g'))) {
    const attributes: Record<string, string> = {};
    for (const attribute of match[1]!.matchAll(/(?:[\w.-]+:)?([\w.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      attributes[attribute[1]!] = decodeEntities(attribute[2] ?? attribute[3] ?? '');
    }
    found.push(attributes);
  }
  return found;
}

function decodeEntities(value: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return value.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] !== '#') return named[entity] ?? whole;
    const code = entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
