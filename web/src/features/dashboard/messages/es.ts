import type { Messages } from '../../../i18n/types';
import type { dashboardEn } from './en';

export const dashboardEs: Messages<typeof dashboardEn> = {
  dashboard: {
    title: 'Panel',
    money: 'El dinero hoy',
    received: 'Recibido',
    cash: 'Tesorería',
    committed: 'Compromisos pendientes',
    disbursed: 'Pagado a los beneficiarios',
    supportCosts: 'Gastos de apoyo al programa',
    available: 'Disponible',
    pledgedUnpaid: 'Prometido, aún no pagado',
    overTime: 'El dinero mes a mes',
    overTimeCaption:
      'Recibido de los donantes, comprometido en subvenciones y pagado a los beneficiarios en cada uno de los últimos seis meses.',
    month: 'Mes',
    receipts: 'Recibido',
    awardsCommitted: 'Comprometido',
    disbursements: 'Pagado',
    closingAvailable: 'Disponible a fin de mes',
    pipeline: 'Solicitudes por estado, por convocatoria',
    call: 'Convocatoria',
    total: 'Total',
    noCalls: 'Todavía no hay convocatorias.',
    reports: 'Informes de las subvenciones activas',
    reportsCaption: 'Todos los informes de las subvenciones activas del Fondo, por estado.',
    status: 'Estado',
    count: 'Número',
    overdueList: 'Informes atrasados',
    noOverdue: 'Ningún informe está atrasado.',
    overdueItem: '{{project}} ({{organization}}): informe {{kind}} previsto para el {{date}}',
    victims: 'Víctimas asistidas',
    victimsNote: 'Según los informes aceptados del último trimestre publicado ({{period}}): {{total}} en total.',
    victimsNone: 'Todavía no se ha publicado ningún trimestre.',
    chartNote: 'El gráfico representa la tabla que lo sigue.',
  },
};
