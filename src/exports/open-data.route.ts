import type { Express } from 'express';
import type { AppServices } from '../services';
import { fundByCode, handler } from './export-http';
import { giving360Package, prefixFor } from './giving360';
import { iatiXml } from './iati';
import { loadOpenData } from './open-data.service';

/** Public open-data exports of a fund's awards: 360Giving JSON and IATI 2.03 XML (no login). */
export function openDataRoutes(ex: Express, app: AppServices): void {
  ex.get(
    '/exports/funds/:fundCode/360giving.json',
    handler(app, '360giving.json', async (req, res) => {
      const em = app.orm.em.fork();
      const fund = await fundByCode(em, res, String(req.params.fundCode));
      if (!fund) return;
      const data = await app.pools.heavyRead({ staleOk: true, userId: null }, (heavy) => loadOpenData(heavy, fund));
      const body = giving360Package(data, {
        prefix: prefixFor(app.config.GRANTNAV_PREFIX, fund.code),
        issued: app.clock.now(),
      });
      res.setHeader('content-disposition', `inline; filename="${fund.code}-360giving.json"`);
      res.type('application/json').send(JSON.stringify(body, null, 2));
    }),
  );
  ex.get(
    '/exports/funds/:fundCode/iati.xml',
    handler(app, 'iati.xml', async (req, res) => {
      const em = app.orm.em.fork();
      const fund = await fundByCode(em, res, String(req.params.fundCode));
      if (!fund) return;
      const data = await app.pools.heavyRead({ staleOk: true, userId: null }, (heavy) => loadOpenData(heavy, fund));
      const xml = iatiXml(data, {
        orgRef: prefixFor(app.config.IATI_REPORTING_ORG_REF, fund.code),
        orgType: app.config.IATI_REPORTING_ORG_TYPE,
        generated: app.clock.now(),
      });
      res.setHeader('content-disposition', `inline; filename="${fund.code}-iati.xml"`);
      res.type('application/xml').send(xml);
    }),
  );
}
