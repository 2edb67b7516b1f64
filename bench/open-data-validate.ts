import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { validateXML } from 'xmllint-wasm';

/**
 * Validates open-data exports against the official schemas, copied unchanged into
 * test/fixtures/standards (STANDARDS_DIR overrides). Used by the tests and `npm run exports:validate`.
 */
export const STANDARDS_DIR = process.env.STANDARDS_DIR ?? path.resolve(__dirname, '../test/fixtures/standards');

export interface Validation {
  valid: boolean;
  errors: string[];
}

let giving360: ((data: unknown) => Validation) | null = null;

/** 360Giving 1.4 package schema (JSON Schema 2020-12) with the grant schema it refers to. */
export function validate360Giving(data: unknown): Validation {
  if (!giving360) {
    const read = (f: string) => JSON.parse(readFileSync(path.join(STANDARDS_DIR, '360giving', f), 'utf8'));
    const grant = read('360-giving-schema.json');
    const pkg = read('360-giving-package-schema.json');
    // The 1.4.3 package refers to the grant schema by its 1.4.2 $id: register it under the id the package uses.
    const ref: string = pkg.properties.grants.items.$ref;
    // The files name the 2020-12 meta-schema with http://, Ajv knows it as https://: drop the
    // declaration (the dialect is 2020-12 either way) rather than edit the published files.
    const { $schema: _g, ...grantBody } = grant;
    const { $schema: _p, ...pkgBody } = pkg;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ ...grantBody, $id: ref });
    const check = ajv.compile(pkgBody);
    giving360 = (d) => {
      const valid = check(d) as boolean;
      return { valid, errors: (check.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`) };
    };
  }
  return giving360(data);
}

/** IATI Activity Standard 2.03 XSD, through libxml2 compiled to WebAssembly (no system package needed). */
export async function validateIati(xml: string): Promise<Validation> {
  const dir = path.join(STANDARDS_DIR, 'iati-2.03');
  const file = (fileName: string) => ({ fileName, contents: readFileSync(path.join(dir, fileName), 'utf8') });
  const r = await validateXML({
    xml: [{ fileName: 'iati.xml', contents: xml }],
    schema: [file('iati-activities-schema.xsd')],
    preload: [file('iati-common.xsd'), file('xml.xsd')],
  });
  return { valid: r.valid, errors: r.errors.map((e) => e.rawMessage) };
}
