import { registerSqlRead } from '../compiled-reads/registry';
import { Organization } from './organization.entity';

/** An organisation in a compiled read (src/compiled-reads/): its plain column fields only. */
registerSqlRead('Organization', Organization, {});
