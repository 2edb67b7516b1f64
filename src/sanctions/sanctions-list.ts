import { XMLParser } from 'fast-xml-parser';
import { SanctionsEntryKind, type ListedName } from './sanctions.entity';

/** One entry of the list as read from the published XML. */
export interface ParsedEntry {
  dataId: string;
  kind: SanctionsEntryKind;
  name: string;
  listType: string;
  referenceNumber: string;
  names: ListedName[];
}

export interface ParsedList {
  generatedOn: string | null;
  entries: ParsedEntry[];
}

type Node = Record<string, unknown>;

const ARRAYS = new Set(['INDIVIDUAL', 'ENTITY', 'INDIVIDUAL_ALIAS', 'ENTITY_ALIAS', 'VALUE']);

// Values stay strings (a DATAID or a name made of digits must not become a number); no DTDs or
// external entities are resolved.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  isArray: (name) => ARRAYS.has(name),
});

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');
const list = (v: unknown): Node[] => (Array.isArray(v) ? (v.filter((x) => x && typeof x === 'object') as Node[]) : []);

function aliases(items: Node[]): ListedName[] {
  return items
    .map((a) => ({ name: text(a.ALIAS_NAME), quality: text(a.QUALITY).toLowerCase() }))
    .filter((a) => a.name.length > 0)
    .map((a) => ({ name: a.name, kind: a.quality === 'low' ? 'LOW_ALIAS' : 'GOOD_ALIAS' }));
}

function entry(node: Node, kind: SanctionsEntryKind): ParsedEntry {
  const dataId = text(node.DATAID);
  if (!dataId) throw new Error(`A ${kind} of the sanctions list has no DATAID.`);
  const parts =
    kind === SanctionsEntryKind.INDIVIDUAL
      ? [node.FIRST_NAME, node.SECOND_NAME, node.THIRD_NAME, node.FOURTH_NAME]
      : [node.FIRST_NAME];
  const name = parts.map(text).filter(Boolean).join(' ');
  if (!name) throw new Error(`Sanctions list entry ${dataId} has no name.`);
  const original = text(node.NAME_ORIGINAL_SCRIPT);
  const names: ListedName[] = [
    { name, kind: 'PRIMARY' },
    ...(original ? [{ name: original, kind: 'ORIGINAL_SCRIPT' as const }] : []),
    ...aliases(list(kind === SanctionsEntryKind.INDIVIDUAL ? node.INDIVIDUAL_ALIAS : node.ENTITY_ALIAS)),
  ];
  return {
    dataId,
    kind,
    name,
    listType: text(node.UN_LIST_TYPE),
    referenceNumber: text(node.REFERENCE_NUMBER),
    names,
  };
}

/** Parses the UN Security Council Consolidated List (consolidated.xsd); throws on another document. */
export function parseConsolidatedList(xml: string): ParsedList {
  const doc = parser.parse(xml) as Node;
  const root = doc.CONSOLIDATED_LIST;
  if (!root || typeof root !== 'object') {
    throw new Error('Not a UN Security Council Consolidated List: the root element CONSOLIDATED_LIST is missing.');
  }
  const r = root as Node;
  const individuals = list((r.INDIVIDUALS as Node | undefined)?.INDIVIDUAL);
  const entities = list((r.ENTITIES as Node | undefined)?.ENTITY);
  if (individuals.length + entities.length === 0) throw new Error('The sanctions list has no entries.');
  const entries = [
    ...individuals.map((n) => entry(n, SanctionsEntryKind.INDIVIDUAL)),
    ...entities.map((n) => entry(n, SanctionsEntryKind.ENTITY)),
  ];
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.dataId)) throw new Error(`DATAID ${e.dataId} appears twice in the sanctions list.`);
    seen.add(e.dataId);
  }
  return { generatedOn: text(r['@_dateGenerated']) || null, entries };
}
